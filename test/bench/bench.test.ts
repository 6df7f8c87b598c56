import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { MAIL_OBJECTS_PER_TENANT, MESSAGE_KINDS, declareTopology, generateMessages } from "../../bench/generate-topology";
import { MailFlowSimulator, MailObjectResource, SYNTHESIS_DATE_CONTEXT, checkTopology, collectTopology } from "../../lib";
import { TEST_DATE, readTree } from "../support/examples";

// The benchmark does not run in CI; these keep its generator and script working.

const ROOT = path.join(__dirname, "..", "..");

describe("the benchmark's topology generator", () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-bench-test-"));
  });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("3 tenants: the declared objects, no rule errors (an IP-only warning per tenant), and a full synthesis", () => {
    const app = new App({ outdir, context: { [SYNTHESIS_DATE_CONTEXT]: TEST_DATE } });
    const generated = declareTopology(app, { tenants: 3 });
    expect(generated.mailObjects).toBe(3 * MAIL_OBJECTS_PER_TENANT);

    const topology = collectTopology(app);
    expect(topology.tenants.map((t) => [t.acceptedDomains.length, t.inboundConnectors.length, t.outboundConnectors.length, t.spoofPairs.length]))
      .toEqual([[3, 2, 1, 2], [3, 2, 1, 2], [3, 2, 1, 2]]);
    expect(topology.certificates).toHaveLength(3);
    expect(topology.organizations.map((o) => o.sendConnectors.length)).toEqual([3]);
    // One per mail object, and a Deploy and a Teardown per script (three tenants, one organization): the per-script deployment.
    expect(app.node.findAll().filter((c) => c instanceof MailObjectResource)).toHaveLength(generated.mailObjects + 2 * (3 + 1));

    const findings = checkTopology(app);
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    // mail.tenantN.com with only tenantN.com accepted: accepted by KB 4019940, a warning under the 2017 notice (domain.md section 4).
    expect(findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual([
      "ip-based-connector msp/Tenant0/FromAppServers",
      "certificate-host-name-not-accepted msp/Tenant0/FromSharedExchange",
      "ip-based-connector msp/Tenant1/FromAppServers",
      "certificate-host-name-not-accepted msp/Tenant1/FromSharedExchange",
      "ip-based-connector msp/Tenant2/FromAppServers",
      "certificate-host-name-not-accepted msp/Tenant2/FromSharedExchange",
    ]);

    app.synth();
    const written = Object.keys(readTree(path.join(outdir, "stacks", "msp", "mailflow")));
    expect(written).toEqual([
      "plan.json", "plan.md", "plan.schema.json",
      "scripts/ems-sharedexchange.ps1", "scripts/exo-tenant0.ps1", "scripts/exo-tenant1.ps1", "scripts/exo-tenant2.ps1",
    ]);
  });

  test("messages: deterministic, every kind in rotation, each classified as its kind says", () => {
    const app = new App({ outdir, context: { [SYNTHESIS_DATE_CONTEXT]: TEST_DATE } });
    declareTopology(app, { tenants: 4 });
    const messages = generateMessages(4, 2 * MESSAGE_KINDS.length);
    expect(generateMessages(4, 2 * MESSAGE_KINDS.length)).toEqual(messages);
    const simulator = new MailFlowSimulator(collectTopology(app));
    const outcomes = messages.map((message, m) => {
      const result = simulator.simulate(message, { explain: false });
      return `${MESSAGE_KINDS[m % MESSAGE_KINDS.length]}: ${result.attributedBy} ${result.recipients.map((r) => r.outcome).join(",")}`;
    });
    const expected = [
      "own-mail-by-certificate: certificate relayed",
      "ndr-by-certificate: certificate relayed",
      "forwarding-by-certificate: certificate relayed",
      "own-mail-by-ip: mail-from relayed,delivered",
      "ndr-by-ip: none rejected",
      "to-own-domain: mail-from delivered,delivered",
      "internet-to-tenant: rcpt-to delivered",
      "unknown-ip-relay: none rejected",
    ];
    expect(outcomes).toEqual([...expected, ...expected]);
  });

  test("refuses a tenant count its address plan cannot hold", () => {
    const app = new App({ outdir });
    expect(() => declareTopology(app, { tenants: 0 })).toThrow(/tenants must be an integer from 1 to 16384/);
  });
});

describe("npm run bench in smoke mode", () => {
  test("prints JSON lines with every phase, the size row, the simulator and the six targets", () => {
    const child = spawnSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), path.join(ROOT, "bench", "bench.ts")], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, BENCH_SIZES: "5", BENCH_REPEATS: "1", BENCH_RULES_REPEATS: "1", BENCH_MESSAGES: "1000", BENCH_ROUNDS: "1", BENCH_SIM_TENANTS: "5", BENCH_STACKS: "2", BENCH_SHARED_RELAY_TENANTS: "4", BENCH_ACCEPTED_DOMAINS: "3", BENCH_AUDIT_TENANTS: "5" },
    });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    const lines = child.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);

    expect(lines[0]).toMatchObject({ bench: "environment", node: process.version, cpus: os.cpus().length, repeats: 1 });
    const phases = lines.filter((l) => l.bench === "phase");
    expect(phases.map((l) => `${String(l.phase)} ${String(l.tenants)}`)).toEqual([
      "construct 5", "rules 5", "synth 5", "baseline 5", "baseline-full 5", "synth 5", "shared-relay 4", "accepted-domains 1", "accepted-domains 1", "audit 5",
    ]);
    // Four tenants on one relay: each connector collides with the three others by address and by certificate name.
    expect(phases[6]).toMatchObject({ findingsByRule: expect.objectContaining({ "sender-ip-shared-across-tenants": 4, "certificate-shared-across-tenants": 5 }) });
    expect(phases.slice(7).map((l) => l.acceptedDomains)).toEqual([3, 6]);
    for (const phase of phases) {
      expect(phase.wallMs).toEqual(expect.any(Number));
      expect(phase.maxRssMiB).toBeGreaterThan(0);
    }
    expect(phases[0]).toMatchObject({ mailObjects: 5 * MAIL_OBJECTS_PER_TENANT, terraformResources: 5 * MAIL_OBJECTS_PER_TENANT + 2 * (5 + 1) });
    expect(phases[1]).toMatchObject({ errors: 0, warnings: 10 }); // per tenant: ip-based-connector and certificate-host-name-not-accepted
    expect(phases[3]).toMatchObject({ resources: 5 * MAIL_OBJECTS_PER_TENANT + 2 * (5 + 1) });

    const size = lines.find((l) => l.bench === "size");
    for (const key of ["constructMs", "rulesMs", "synthMs", "baselineSynthMs", "synthToBaseline", "baselineFullSynthMs", "synthToBaselineFull", "synthRssMiB", "outputFiles"]) {
      expect(size?.[key]).toEqual(expect.any(Number));
    }
    expect(size).toMatchObject({ tenants: 5, mailObjects: 5 * MAIL_OBJECTS_PER_TENANT });
    expect(lines.find((l) => l.bench === "stacks")).toMatchObject({ tenants: 5, stacks: 2 });
    expect(lines.find((l) => l.bench === "simulate")).toMatchObject({
      tenants: 5, messages: 1000, messagesPerSecondExplainFalse: expect.any(Number), messagesPerSecondExplainTrue: expect.any(Number),
    });
    const targets = lines.filter((l) => l.bench === "target");
    expect(targets.map((t) => t.target)).toEqual(["synth-vs-baseline", "rules-growth", "simulator-throughput", "peak-memory", "shared-relay", "accepted-domains-growth", "audit"]);
    // The smoke sizes measure none of the fixed targets' sizes; the accepted-domains growth is a ratio at any size.
    expect(targets.slice(0, 5).map((t) => t.status)).toEqual(["SKIP", "SKIP", "SKIP", "SKIP", "SKIP"]);
    expect(targets[5].status).toMatch(/^(PASS|FAIL)$/);
    expect(targets[6].status).toBe("SKIP");
    // The audit phase read every generated tenant's export and wrote the plan.
    // Its exports carry the mailbox placement the topology declares: no finding of severity error, as when declared.
    expect(phases[9]).toMatchObject({ phase: "audit", tenants: 5, exportFiles: 5 * 6 + 5, sendConnectors: 5, auditExit: 0 });
  });
});
