import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildPlan, renderPlanJson } from "../../lib/artifacts";
import type { InboundConnectorModel, Topology } from "../../lib/model/topology";
import { checkRules } from "../../lib/simulate";
import { acceptedDomain, certificate, inbound, organization, outbound, sendConnector, tenant, topology } from "../support/topology";
import { cli, examplePlans } from "./cli-harness";

const STACK = "hybrid";
const CONNECTOR = "hybrid/Contoso/FromOnPremises";

/**
 * A hybrid stack whose flows are all healthy: contoso's connector trusts the certificate the datacenter's send connector
 * presents (its host name is an accepted domain), the datacenter relays NDRs and forwarded mail, and an expectation pins
 * the NDR flow down.
 */
function hybrid(): Topology {
  const contoso = tenant("contoso", {
    path: "hybrid/Contoso", stack: STACK,
    acceptedDomains: [
      acceptedDomain({ domainName: "contoso.com", path: "hybrid/Contoso/contoso.com" }),
      acceptedDomain({ domainName: "mail.contoso.com", path: "hybrid/Contoso/mail.contoso.com" }),
    ],
    inboundConnectors: [inbound({ name: "From on-premises", path: CONNECTOR, tlsSenderCertificateName: "mail.contoso.com", comment: "Hybrid mail from the datacenter" })],
    outboundConnectors: [outbound({ name: "To on-premises", path: "hybrid/Contoso/ToOnPremises", recipientDomains: ["corp.contoso.com"], smartHosts: ["mail.contoso.com"] })],
  });
  const cert = certificate("hybrid/MailCertificate", ["mail.contoso.com"]);
  const datacenter = organization("hybrid/Datacenter", {
    stack: STACK, egressIpAddresses: ["203.0.113.10"], transportServers: ["EX01"], relays: ["ndr", "forwarding"],
    sendConnectors: [sendConnector({ name: "To Contoso", path: "hybrid/Datacenter/ToContoso", tenantPath: contoso.path, certificatePath: cert.path, smartHosts: ["contoso-com.mail.protection.outlook.com"] })],
  });
  return topology({
    tenants: [contoso], certificates: [cert], organizations: [datacenter],
    expectations: [{ path: "hybrid/NdrsRelay", via: { sendConnectorPath: "hybrid/Datacenter/ToContoso" }, mailFrom: "", rcptTo: ["someone@example.net"], expect: { outcome: "relayed", tenant: "contoso.onmicrosoft.com" } }],
  });
}

/** The topology with contoso's inbound connector changed. */
function withConnector(world: Topology, change: Partial<InboundConnectorModel>): Topology {
  return { ...world, tenants: world.tenants.map((t) => ({ ...t, inboundConnectors: t.inboundConnectors.map((c) => (c.path === CONNECTOR ? { ...c, ...change } : c)) })) };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-diff-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes the plan.json synthesis would write for the world's stack, with the rules' findings. */
function planFile(name: string, world: Topology): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, renderPlanJson(buildPlan(world, STACK, { findings: checkRules(world, { now: "2026-11-22" }) })));
  return file;
}

describe("a one-setting change", () => {
  test("a comment: exit 2, a few lines naming exactly that setting, no flow", async () => {
    const run = await cli(["diff", planFile("base.json", hybrid()), planFile("comment.json", withConnector(hybrid(), { comment: "Hybrid mail from the new datacenter" }))]);
    expect(run).toEqual({
      code: 2,
      stderr: "",
      stdout: [
        "### Mail flow changes: stack `hybrid`",
        "",
        "1 object changed, 0 added, 0 removed; 0 flows change outcome; 0 new findings, 0 resolved; 0 expectations change result.",
        "",
        "**Objects**",
        "",
        "- changed inbound connector `hybrid/Contoso/FromOnPremises` (From on-premises) of `contoso.onmicrosoft.com`: Comment: `Hybrid mail from the datacenter` → `Hybrid mail from the new datacenter`",
        "",
      ].join("\n"),
    });
  });

  test("TlsSenderCertificateName: names that setting, and the flows and the expectation it breaks", async () => {
    const changed = withConnector(hybrid(), { tlsSenderCertificateName: "smtp.contoso.com" });
    const run = await cli(["diff", planFile("base.json", hybrid()), planFile("certificate.json", changed)]);
    expect(run.code).toBe(2);
    const lines = run.stdout.trimEnd().split("\n");
    // One object, four kinds of flows, four findings, one expectation, their headings and blank lines.
    expect(lines.length).toBeLessThanOrEqual(25);
    expect(lines).toContain("- changed inbound connector `hybrid/Contoso/FromOnPremises` (From on-premises) of `contoso.onmicrosoft.com`: TlsSenderCertificateName: `mail.contoso.com` → `smtp.contoso.com`");
    // The only object line is that setting's.
    expect(lines.filter((l) => / (changed|added|removed) [a-z -]+ `/.test(l))).toHaveLength(1);
    const flows = lines.slice(lines.indexOf("**Flows whose simulated outcome changes**") + 2, lines.indexOf("**Findings**") - 1);
    const broken = "→ **rejected** `550 5.7.64 TenantAttribution; Relay Access Denied ATTR36`";
    const where = "through `hybrid/Datacenter/ToContoso` → `contoso.onmicrosoft.com`; users of `contoso.onmicrosoft.com` in `hybrid/Datacenter` on `EX01` through `hybrid/Datacenter/ToContoso`";
    expect(flows).toEqual([
      `- Users' own mail to the internet: relayed (attributed to \`contoso.onmicrosoft.com\`) ${broken} (attributed to \`contoso.onmicrosoft.com\`) (**broken**); ${where}`,
      `- Non-delivery report (NDR): relayed (attributed to \`contoso.onmicrosoft.com\`) ${broken} (not attributed) (**broken**); ${where}`,
      `- Forwarded by an on-premises user: relayed (attributed to \`contoso.onmicrosoft.com\`) ${broken} (not attributed) (**broken**); ${where}`,
      // The datacenter does not declare this relay: its rejection is expected, so it is not called broken.
      `- Sent on behalf of another domain (not declared): relayed (attributed to \`contoso.onmicrosoft.com\`) ${broken} (not attributed); ${where}`,
    ]);
    expect(run.stdout).toContain("- `hybrid/NdrsRelay`: met → **not met** (simulated: relayed, attributed to contoso.onmicrosoft.com → rejected 550 5.7.64 TenantAttribution; Relay Access Denied ATTR36, attributed to none)");
    expect(run.stdout).toMatch(/^- new \*\*error\*\* `relay-requires-certificate` at `hybrid\/Datacenter\/ToContoso`: /m);
  });

  test("--format json: the same change set as data", async () => {
    const changed = withConnector(hybrid(), { tlsSenderCertificateName: "smtp.contoso.com" });
    const run = await cli(["diff", planFile("base.json", hybrid()), planFile("certificate.json", changed), "--format", "json"]);
    expect(run.code).toBe(2);
    const diff = JSON.parse(run.stdout);
    expect(diff.changed).toBe(true);
    expect(diff.objects).toEqual([{
      change: "changed", kind: "inbound connector", path: CONNECTOR, name: "From on-premises", tenant: "contoso.onmicrosoft.com",
      settings: [{ setting: "TlsSenderCertificateName", old: "mail.contoso.com", new: "smtp.contoso.com" }],
    }]);
    const ndr = diff.flows.find((f: { key: string }) => f.key === "standard hybrid/Datacenter/ToContoso ndr");
    expect(ndr).toMatchObject({ healthyBefore: true, healthyAfter: false, old: { outcomes: ["relayed"], attributedTo: ["contoso.onmicrosoft.com"] }, new: { outcomes: ["rejected"], ndrs: ["550 5.7.64 TenantAttribution; Relay Access Denied ATTR36"], attributedTo: [] } });
    expect(diff.expectations.map((e: { path: string; new: { passed: boolean } }) => [e.path, e.new.passed])).toEqual([["hybrid/NdrsRelay", false]]);
    // Deterministic: every list in its documented order, the same bytes on a second run.
    expect(diff.flows.map((f: { key: string }) => f.key)).toEqual([
      "standard hybrid/Datacenter/ToContoso users-mail", "routed hybrid/Datacenter contoso.onmicrosoft.com EX01 users-mail",
      "standard hybrid/Datacenter/ToContoso ndr", "routed hybrid/Datacenter contoso.onmicrosoft.com EX01 ndr",
      "standard hybrid/Datacenter/ToContoso forwarding", "routed hybrid/Datacenter contoso.onmicrosoft.com EX01 forwarding",
      "standard hybrid/Datacenter/ToContoso foreign-sender", "routed hybrid/Datacenter contoso.onmicrosoft.com EX01 foreign-sender",
    ]);
    expect((await cli(["diff", path.join(dir, "base.json"), path.join(dir, "certificate.json"), "--format", "json"])).stdout).toBe(run.stdout);
  });

  test("the reverse change fixes what the change broke, and resolves its findings", async () => {
    const changed = withConnector(hybrid(), { tlsSenderCertificateName: "smtp.contoso.com" });
    const run = await cli(["diff", planFile("certificate.json", changed), planFile("base.json", hybrid())]);
    expect(run.stdout).toContain("TlsSenderCertificateName: `smtp.contoso.com` → `mail.contoso.com`");
    expect(run.stdout).toContain("(not attributed) → relayed (attributed to `contoso.onmicrosoft.com`) (fixed)");
    expect(run.stdout).toMatch(/^- resolved \*\*error\*\* `relay-requires-certificate` at `hybrid\/Datacenter\/ToContoso`$/m);
  });
});

test("control and invisible characters of a value are shown as escapes", async () => {
  const run = await cli(["diff", planFile("base.json", hybrid()), planFile("hostile.json", withConnector(hybrid(), { comment: "evil\u001b[2J\u202ecomment" }))]);
  expect(run.stdout).toContain("Comment: `Hybrid mail from the datacenter` → `evil\\u{1B}[2J\\u{202E}comment`");
  expect(run.stdout).not.toMatch(/[\u001b\u202e]/);
});

test("objects added and removed, and a tenant setting with its Exchange name", async () => {
  const base = hybrid();
  const next: Topology = {
    ...base,
    tenants: base.tenants.map((t) => ({
      ...t,
      displayName: "Contoso Ltd",
      outboundConnectors: [],
      spoofPairs: [{ path: "hybrid/Contoso/Newsletter", spoofedUser: "contoso.com", sendingInfrastructure: "mailer.example", spoofType: "External" as const, action: "Allow" as const }],
    })),
  };
  const run = await cli(["diff", planFile("base.json", base), planFile("objects.json", next)]);
  expect(run.code).toBe(2);
  const objects = run.stdout.split("\n").filter((l) => /^- (changed|added|removed) /.test(l));
  expect(objects).toEqual([
    "- changed tenant `hybrid/Contoso`: DisplayName: (none) → `Contoso Ltd`",
    "- added spoof pair `hybrid/Contoso/Newsletter` of `contoso.onmicrosoft.com`",
    "- removed outbound connector `hybrid/Contoso/ToOnPremises` (To on-premises) of `contoso.onmicrosoft.com`",
  ]);
});

describe("identical plans", () => {
  test("exit 0 and No changes", async () => {
    const file = planFile("base.json", hybrid());
    const run = await cli(["diff", file, file]);
    expect(run).toEqual({ code: 0, stderr: "", stdout: "### Mail flow changes: stack `hybrid`\n\nNo changes: the declared objects, the simulated flows, the findings and the expectations are the same.\n" });
  });

  test("a synthesized example against itself, as JSON, written with --out", async () => {
    const plans = examplePlans();
    try {
      const out = path.join(plans.dir, "diff.json");
      const run = await cli(["diff", plans.plan("multi-tenant"), plans.plan("multi-tenant"), "--format", "json", "--out", out]);
      expect(run).toEqual({ code: 0, stdout: "", stderr: "" });
      const diff = JSON.parse(fs.readFileSync(out, "utf8"));
      expect([diff.changed, diff.objects, diff.flows, diff.findings, diff.expectations]).toEqual([false, [], [], [], []]);
      // Two different stacks: every object of one removed, every object of the other added.
      const other = await cli(["diff", plans.plan("hybrid"), plans.plan("multi-tenant")]);
      expect(other.code).toBe(2);
      expect(other.stdout.split("\n")[0]).toBe("### Mail flow changes: stack `hybrid` → `multi-tenant`");
    } finally {
      fs.rmSync(plans.dir, { recursive: true, force: true });
    }
  });
});

describe("bad usage and unreadable input: exit 1, one line naming the problem", () => {
  test.each([
    [["diff"], "cdktf-mailflow: give two plan.json files, the old one then the new one (got 0) (see cdktf-mailflow diff --help)"],
    [["diff", "a.json", "b.json", "c.json"], "cdktf-mailflow: give two plan.json files, the old one then the new one (got 3) (see cdktf-mailflow diff --help)"],
    [["diff", "a.json", "b.json", "--format", "html"], 'cdktf-mailflow: --format must be markdown or json, not "html" (see cdktf-mailflow diff --help)'],
  ])("%j", async (args, message) => {
    expect(await cli(args)).toEqual({ code: 1, stdout: "", stderr: `${message}\n` });
  });

  test("an unknown option", async () => {
    const run = await cli(["diff", "a.json", "b.json", "--frobnicate"]);
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr).toMatch(/^cdktf-mailflow: Unknown option '--frobnicate'[^\n]* \(see cdktf-mailflow diff --help\)\n$/);
  });

  test("a missing file, a file that is not JSON, JSON that is not a plan: the line names the file", async () => {
    const good = planFile("base.json", hybrid());
    const missing = path.join(dir, "missing.json");
    const notJson = path.join(dir, "not.json");
    fs.writeFileSync(notJson, "{ not json");
    const notPlan = path.join(dir, "not-plan.json");
    fs.writeFileSync(notPlan, JSON.stringify({ schemaVersion: 1, stack: "x" }));
    for (const [args, file] of [[[missing, good], missing], [[good, notJson], notJson], [[notPlan, good], notPlan]] as const) {
      const run = await cli(["diff", ...args]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr.split("\n")).toHaveLength(2);
      expect(run.stderr).toContain(`the plan ${file}`);
    }
  });

  test("--out into a folder that does not exist", async () => {
    const file = planFile("base.json", hybrid());
    const out = path.join(dir, "no", "such", "folder", "diff.md");
    expect(await cli(["diff", file, file, "--out", out])).toMatchObject({ code: 1, stdout: "", stderr: expect.stringMatching(new RegExp(`^cdktf-mailflow: cannot write the diff to ${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: [^\n]+\n$`)) });
  });
});

test("--help lists the options and exit codes", async () => {
  const run = await cli(["diff", "--help"]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("Usage: cdktf-mailflow diff <old plan.json> <new plan.json> [options]");
  expect(run.stdout).toContain("  2  something changes");
});

test("the README's sample is this command's output (its shortened finding messages aside)", async () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Reviewing a change: `cdktf-mailflow diff"));
  const sample = section.slice(section.indexOf("```\n") + 4, section.indexOf("\n```", section.indexOf("```\n") + 4)).split("\n");
  expect(sample[0]).toBe("$ npx cdktf-mailflow diff base/plan.json head/plan.json");
  const run = await cli(["diff", planFile("base.json", hybrid()), planFile("certificate.json", withConnector(hybrid(), { tlsSenderCertificateName: "smtp.contoso.com" }))]);
  const output = run.stdout.trimEnd().split("\n");
  expect(sample.length - 1).toBe(output.length);
  sample.slice(1).forEach((line, i) => {
    if (line.endsWith(" …")) expect(output[i].startsWith(line.slice(0, -1))).toBe(true);
    else expect(output[i]).toBe(line);
  });
});
