import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { InboundConnector, SYNTHESIS_DATE_CONTEXT, Tenant } from "../../../lib";
import {
  PLAN_INDEX_TENANT_THRESHOLD, REVIEW_ITEMS_PER_GROUP, REVIEW_MAX_EXPECTATIONS, REVIEW_MAX_ITEMS, STACK_WIDE_FILE, buildPlan, forEachPlanFile, forEachPlanMarkdownFile, renderPlanMarkdown,
  tenantPlanFileName, unhealthyFlows,
} from "../../../lib/artifacts";
import type { Topology } from "../../../lib/model/topology";
import { checkRules } from "../../../lib/simulate";
import { TEST_DATE, readTree } from "../../support/examples";
import { acceptedDomain, certificate, certificateConnector, ipConnector, organization, sendConnector, tenant, topology } from "../../support/topology";
import { fenceProblems, tableProblems } from "./markdown-syntax";
import { mermaidBlock, mermaidProblems } from "./mermaid-syntax";

const pad = (i: number) => String(i).padStart(4, "0");

/**
 * `n` tenants of stack `s`, each with a certificate connector and an IP connector, and one organization with a send
 * connector to each that relays NDRs. Every tenth tenant trusts a certificate under a domain it does not accept, so its
 * NDRs are rejected; and all send connectors share address space `*`, so routing sends every tenant's users' mail
 * through the first one.
 */
function msp(n: number): Topology {
  const tenants = [];
  const certificates = [];
  const sendConnectors = [];
  for (let i = 0; i < n; i++) {
    const name = `t${i}`;
    const path = `s/T${pad(i)}`;
    const certificateName = i % 10 === 0 ? `mail.${name}.hoster.example` : `mail.${name}.example.com`;
    tenants.push(tenant(name, {
      path, stack: "s",
      acceptedDomains: [acceptedDomain({ domainName: `${name}.example.com`, path: `${path}/d` })],
      inboundConnectors: [
        certificateConnector("cert", certificateName, { path: `${path}/Cert` }),
        ipConnector("ip", [`198.51.${Math.floor(i / 250)}.${i % 250}/32`], { path: `${path}/Ip` }),
      ],
    }));
    certificates.push(certificate(`s/C${pad(i)}`, [certificateName]));
    sendConnectors.push(sendConnector({ name: `to ${name}`, path: `s/Org/To${pad(i)}`, tenantPath: path, certificatePath: `s/C${pad(i)}`, smartHosts: [`${name}.mail.protection.outlook.com`] }));
  }
  return topology({ tenants, certificates, organizations: [organization("s/Org", { stack: "s", egressIpAddresses: ["203.0.113.0/24"], relays: ["ndr"], sendConnectors })] });
}

/** Every Markdown file of the stack's plan, relative path → content. */
function markdownFiles(world: Topology): Map<string, string> {
  const files = new Map<string, string>();
  forEachPlanMarkdownFile(buildPlan(world, "s", { findings: checkRules(world, { now: TEST_DATE }) }), (relative, content) => files.set(relative, content));
  return files;
}

describe("a stack of 1,000 tenants", () => {
  const world = msp(1000);
  const findings = checkRules(world, { now: TEST_DATE });
  const plan = buildPlan(world, "s", { findings });
  const files = new Map<string, string>();
  forEachPlanMarkdownFile(plan, (relative, content) => files.set(relative, content));
  const index = files.get("plan.md")!;
  const lines = index.split("\n");

  test("plan.md is an index of under 300 lines, and renderPlanMarkdown gives the same page", () => {
    expect(lines.length).toBeLessThan(300);
    expect(renderPlanMarkdown(plan)).toBe(index);
  });

  test("it opens with the review: the counts, then For review before anything else", () => {
    expect(lines[0]).toBe("# Mail flow plan: stack `s`");
    expect(lines[2]).toMatch(/^\*\*At a glance:\*\* 1000 tenants, 1 on-premises organization with 1000 send connectors; \*\*\d+ errors\*\*/);
    expect(lines.filter((l) => l.startsWith("## "))).toEqual(["## For review", "## About this plan", "## Tenants", "## On-premises organizations"]);
  });

  test("the review groups findings by rule with counts and the first objects, and says how many more and where", () => {
    const notAccepted = findings.filter((f) => f.ruleId === "certificate-domain-not-accepted" && !f.suppressed);
    expect(notAccepted).toHaveLength(100);
    expect(index).toContain("- **error** `certificate-domain-not-accepted`: 100 objects\n  - `s/T0000/Cert`: ");
    expect(index).toContain(`  - …and ${100 - REVIEW_ITEMS_PER_GROUP} more in the tenants' and organizations' files below; all of them in [stack-wide.md](${STACK_WIDE_FILE}#findings)`);
    // Every rule that fired has its line, errors first.
    const rules = [...new Set(findings.filter((f) => !f.suppressed).map((f) => f.ruleId))];
    for (const rule of rules) expect(index).toMatch(new RegExp(`^- (\\*\\*error\\*\\*|warning) \`${rule}\`: \\d+ objects?$`, "m"));
    const severities = lines.filter((l) => /^- (\*\*error\*\*|warning) `/.test(l)).map((l) => (l.startsWith("- **error**") ? "error" : "warning"));
    expect(severities).toEqual([...severities].sort());
  });

  test("the review lists the flows that are not healthy, by kind and outcome", () => {
    const flows = unhealthyFlows(plan);
    // 100 NDR flows through the tenants' own connectors (certificate domain not accepted), then each tenant's users' routed flows.
    expect(flows.filter((f) => f.source === "standard" && f.flow === "ndr")).toHaveLength(100);
    expect(index).toContain(`### Flows not healthy: ${flows.length} flows`);
    expect(index).toContain("- Non-delivery report (NDR) (healthy: relayed): **rejected** `550 5.7.64 TenantAttribution; Relay Access Denied ATTR36`, attributed to no tenant; ");
    expect(index).toContain("  - `s/Org/To0000` → `t0.onmicrosoft.com`");
  });

  test("the tenants table links one file per tenant, each written, and one per organization", () => {
    const links = [...index.matchAll(/\]\((plan\/(?:tenant|org)-[a-z0-9-]+\.md)\)/g)].map((m) => m[1]);
    expect(links.filter((l) => l.startsWith("plan/tenant-"))).toHaveLength(1000);
    expect(new Set(links).size).toBe(1001);
    expect([...files.keys()].sort()).toEqual(["plan.md", ...links, STACK_WIDE_FILE].sort());
    expect(index).toContain("[`t10.onmicrosoft.com`](plan/tenant-t10.md): **2 errors**, 1 warning, 3 flows not healthy");
    expect(index).toContain("| [`s/Org`](plan/org-org.md): 1000 send connectors, **999 errors** |");
  });

  test("a tenant's file holds that tenant's detail and no other tenant's", () => {
    const t10 = files.get(tenantPlanFileName("t10.onmicrosoft.com"))!;
    expect(t10.split("\n")[0]).toBe("# Tenant `t10.onmicrosoft.com`: stack `s`");
    expect(t10).toContain("[mail flow plan of stack `s`](../plan.md)");
    expect(t10).toContain("| `t10.onmicrosoft.com` | cert (`s/T0010/Cert`) | OnPremises | certificate `mail.t10.hoster.example` |");
    expect(t10).toContain("### to t10 (`s/Org/To0010`) → `t10.onmicrosoft.com`");
    expect(t10).toContain("- **error** `certificate-domain-not-accepted`: 1 object\n  - `s/T0010/Cert`: ");
    expect(t10).toContain("#### Users of `t10.onmicrosoft.com`");
    expect(t10).not.toContain("s/T0011");
    expect(t10).not.toContain("t11.onmicrosoft.com");
  });

  test("the stack-wide file holds every finding, and the organization's file its send connectors", () => {
    const stackWide = files.get(STACK_WIDE_FILE)!;
    const listed = new Set([...stackWide.matchAll(/^- `([^`]+)` — `([^`]+)`/gm)].map((m) => `${m[1]} ${m[2]}`));
    expect(listed).toEqual(new Set(findings.map((f) => `${f.path} ${f.ruleId}`)));
    const org = files.get("plan/org-org.md")!;
    expect(org.match(/^\| to t\d+ \(`s\/Org\/To\d{4}`\)/gm)).toHaveLength(1000);
  });

  test("every file is well formed Markdown: tables keep their columns, fences close, Mermaid blocks are valid", () => {
    for (const [file, content] of [...files].filter(([f]) => ["plan.md", STACK_WIDE_FILE, "plan/tenant-t0.md", "plan/tenant-t999.md", "plan/org-org.md"].includes(f))) {
      expect([file, tableProblems(content), fenceProblems(content)]).toEqual([file, [], []]);
    }
    expect(mermaidProblems(mermaidBlock(files.get("plan/tenant-t0.md")!))).toEqual([]);
  });
});

test(`a stack of ${PLAN_INDEX_TENANT_THRESHOLD} tenants keeps everything in plan.md; one more makes it an index`, () => {
  const small = markdownFiles(msp(PLAN_INDEX_TENANT_THRESHOLD));
  expect([...small.keys()]).toEqual(["plan.md"]);
  expect(small.get("plan.md")).toContain("## Standard flows");
  expect(small.get("plan.md")).toContain("[Findings](#findings)");
  const large = markdownFiles(msp(PLAN_INDEX_TENANT_THRESHOLD + 1));
  expect(large.size).toBe(1 + 1 + (PLAN_INDEX_TENANT_THRESHOLD + 1) + 1);
  expect(large.get("plan.md")).not.toContain("## Standard flows");
});

test("two tenants whose detail files would collide are refused before anything is written, naming both", () => {
  const world = msp(PLAN_INDEX_TENANT_THRESHOLD + 1);
  const twin = tenant("t1", { path: "s/Twin", stack: "s", initialDomain: "t1.onmicrosoft.us" });
  const colliding = { ...world, tenants: [...world.tenants, twin].sort((a, b) => (a.path < b.path ? -1 : 1)) };
  const written: string[] = [];
  expect(() => forEachPlanFile(colliding, "s", { findings: [] }, (relative) => written.push(relative))).toThrow(
    "[s/Twin] its plan file plan/tenant-t1.md would overwrite the one of s/T0001: give one of them another construct id (or initial domain), or move it to another stack",
  );
  expect(written).toEqual([]);
});

describe("synthesis", () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-plan-index-"));
  });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  function synth(tenants: number): Record<string, string> {
    const app = new App({ outdir, context: { [SYNTHESIS_DATE_CONTEXT]: TEST_DATE } });
    const stack = new TerraformStack(app, "stack");
    for (let i = 0; i < tenants; i++) {
      const t = new Tenant(stack, `Tenant${i}`, { initialDomain: `tenant${i}.onmicrosoft.com` });
      t.addAcceptedDomain(`tenant${i}.com`);
      new InboundConnector(t, "FromOnPremises", { connectorType: "OnPremises", tlsSenderCertificateName: `tenant${i}.com` });
    }
    app.synth();
    return readTree(path.join(outdir, "stacks", "stack", "mailflow"));
  }

  test("writes a large stack's detail files, and removes those no longer written", () => {
    const large = Object.keys(synth(PLAN_INDEX_TENANT_THRESHOLD + 2)).filter((f) => f.startsWith("plan/"));
    expect(large).toHaveLength(PLAN_INDEX_TENANT_THRESHOLD + 3);
    expect(large).toContain("plan/tenant-tenant26.md");
    const fewer = Object.keys(synth(PLAN_INDEX_TENANT_THRESHOLD + 1)).filter((f) => f.startsWith("plan/"));
    expect(fewer).toHaveLength(PLAN_INDEX_TENANT_THRESHOLD + 2);
    expect(fewer).not.toContain("plan/tenant-tenant26.md");
    const small = synth(PLAN_INDEX_TENANT_THRESHOLD);
    expect(Object.keys(small).filter((f) => f.startsWith("plan/"))).toEqual([]);
    expect(fs.existsSync(path.join(outdir, "stacks", "stack", "mailflow", "plan"))).toBe(false);
  });
});

describe("the review section of a small plan", () => {
  /** One tenant whose certificate domain is not accepted, so NDRs and forwarded mail are rejected; the organization relays `relays`. */
  function oneTenant(relays: ("ndr" | "forwarding")[]): Topology {
    const world = msp(1);
    return { ...world, organizations: world.organizations.map((o) => ({ ...o, relays })) };
  }

  test("a rejected flow counts only when the organization declares it", () => {
    const plan = buildPlan(oneTenant([]), "s", { findings: [] });
    const rejected = plan.standardFlows[0].flows.filter((f) => f.result.recipients[0].outcome === "rejected").map((f) => f.flow);
    expect(rejected).toEqual(["ndr", "forwarding", "foreign-sender"]);
    expect(unhealthyFlows(plan)).toEqual([]);
    const declared = unhealthyFlows(buildPlan(oneTenant(["ndr", "forwarding"]), "s", { findings: [] })).map((f) => `${f.source} ${f.flow}`);
    expect(declared).toEqual(["standard ndr", "standard forwarding", "routed ndr", "routed forwarding"]);
  });

  test("expectations: the failed ones first, with what differs; the section points below for everything", () => {
    const world = oneTenant(["ndr"]);
    const expectations = [
      { path: "s/AMet", via: { sendConnectorPath: "s/Org/To0000" }, mailFrom: "user@t0.example.com", rcptTo: ["mailbox@t0.example.com"], expect: { outcome: "delivered" as const } },
      { path: "s/BNotMet", via: { sendConnectorPath: "s/Org/To0000" }, mailFrom: "", rcptTo: ["someone@example.net"], expect: { outcome: "relayed" as const } },
    ];
    const markdown = renderPlanMarkdown(buildPlan({ ...world, expectations }, "s", { findings: [] }));
    const review = markdown.slice(markdown.indexOf("## For review"), markdown.indexOf("## About this plan"));
    expect(review).toContain("### Expectations: 2 expectations, **1 not met**\n\n- **not met**: `s/BNotMet`: someone@example.net rejected instead of relayed\n- met: `s/AMet`\n");
    expect(review).toContain("- Non-delivery report (NDR) (healthy: relayed): **rejected** `550 5.7.64 TenantAttribution; Relay Access Denied ATTR36`, attributed to no tenant; 2 flows\n  - `s/Org/To0000` → `t0.onmicrosoft.com`\n  - users of `t0.onmicrosoft.com` in `s/Org` through `s/Org/To0000`\n");
    // Everything the review names is still in the page's own sections.
    expect(markdown.indexOf("\n## Expectations\n")).toBeGreaterThan(markdown.indexOf("\n## About this plan\n"));
    expect(markdown).toContain("| `s/BNotMet` |");
  });
});

test("the review stays bounded whatever the number of rules, objects and expectations", () => {
  const world = msp(PLAN_INDEX_TENANT_THRESHOLD + 1);
  const findings = Array.from({ length: 20 }, (_, r) => world.tenants.map((t) => ({
    ruleId: `rule-${String(r).padStart(2, "0")}`, severity: r < 10 ? ("error" as const) : ("warning" as const), path: t.path, message: `finding ${r} of ${t.path}`, suppressed: false,
  }))).flat();
  const base = buildPlan(world, "s", { findings });
  const expectations = Array.from({ length: 15 }, (_, i) => ({
    path: `s/Expect${String(i).padStart(2, "0")}`, via: { sendConnectorPath: "s/Org/To0000" }, mailFrom: "", rcptTo: ["someone@example.net"],
    expect: { outcome: "relayed" as const }, passed: i % 2 === 0, mismatches: i % 2 === 0 ? [] : ["someone@example.net rejected instead of relayed"],
  }));
  const plan = { ...base, expectations, summary: { ...base.summary, expectations: 15, expectationsFailed: 7 } };
  const index = renderPlanMarkdown(plan);
  const review = index.slice(index.indexOf("## For review"), index.indexOf("## About this plan")).trimEnd().split("\n");
  const groups = review.filter((l) => /^- (\*\*error\*\*|warning) `rule-\d\d`: 26 objects$/.test(l));
  expect(groups).toHaveLength(20);
  const findingItems = review.filter((l) => /^ {2}- `s\/T\d{4}`: finding /.test(l));
  expect(findingItems).toHaveLength(REVIEW_MAX_ITEMS);
  // Eight groups of five, then the other twelve with their count and "…and 26 more" only.
  expect(review.filter((l) => l.startsWith("  - …and 21 more "))).toHaveLength(8);
  expect(review.filter((l) => l.startsWith("  - …and 26 more "))).toHaveLength(12);
  const expectationLines = review.slice(review.findIndex((l) => l.startsWith("### Expectations")));
  expect(expectationLines.slice(0, 3)).toEqual(["### Expectations: 15 expectations, **7 not met**", "", "- **not met**: `s/Expect01`: someone@example.net rejected instead of relayed"]);
  expect(expectationLines.filter((l) => l.startsWith("- **not met**"))).toHaveLength(7);
  expect(expectationLines.filter((l) => l.startsWith("- met: "))).toHaveLength(REVIEW_MAX_EXPECTATIONS - 7);
  expect(expectationLines[expectationLines.length - 1]).toBe(`- …and 5 more in [stack-wide.md](${STACK_WIDE_FILE}#expectations)`);
  expect(review.length).toBeLessThan(150);
});
