/**
 * One measured phase of the benchmark, run in a process of its own so that its peak memory is its alone:
 * `node --expose-gc -r ts-node/register/transpile-only bench/phases.ts <phase> <tenants> [options as JSON]`.
 * Prints one JSON line: the phase's wall time (measured here, around the phase only: process start, module loading
 * and untimed setup are excluded) and the process's peak resident set size (`process.resourceUsage().maxRSS`).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { checkRules, checkTopology, collectTopology, MailFlowSimulator, MailObjectResource, NullProvider, NullResource, SYNTHESIS_DATE_CONTEXT } from "../lib";
import type { SimulatedMessage, SimulateOptions } from "../lib/simulate";
import { Writable } from "stream";
import { runCli } from "../lib/cli/main";
import { declareManyAcceptedDomains, declareTopology, generateMessages, sharedRelayTopology } from "./generate-topology";
import { writeExports } from "./write-exports";

/** The phases a child process can run. */
export const PHASES = ["construct", "rules", "synth", "baseline", "baseline-full", "simulate", "shared-relay", "accepted-domains", "audit"] as const;
/** One of {@link PHASES}. */
export type Phase = (typeof PHASES)[number];

/** Options a phase takes besides the tenant count. */
export interface PhaseOptions {
  /** Stacks to spread the tenants over (construct, rules, synth). */
  readonly stacks?: number;
  /**
   * File the construct phase writes every mail object's Terraform resource to (logical id, triggers, provisioners,
   * depends_on), and the baseline phases read them from.
   */
  readonly triggersFile?: string;
  /** Messages to classify per round (simulate). */
  readonly messages?: number;
  /** Rounds per mode (simulate). */
  readonly rounds?: number;
  /**
   * Folder the phase makes its output folder in and leaves it there, for the caller to delete once every phase has run
   * (bench.ts does). Deleting between measurements made later ones slower on this VM's disk, which discards freed blocks
   * online: after each deleted synthesis output, creating a thousand files took longer (30 ms, then 160, 350, 530).
   * @default - a folder in os.tmpdir(), deleted when the phase ends
   */
  readonly outputRoot?: string;
}

/** The JSON line a phase prints. */
export interface PhaseResult {
  readonly phase: Phase;
  readonly tenants: number;
  /** Wall time of the measured work, in milliseconds. */
  readonly wallMs: number;
  /** CPU time (user + system, all threads) of the measured work, in milliseconds; absent for the simulator. */
  readonly cpuMs?: number;
  /** Peak resident set size of the whole process, in MiB. */
  readonly maxRssMiB: number;
  /** Phase-specific figures. */
  readonly [key: string]: unknown;
}

/** The synthesis date every run uses, so certificate-expiry rules never depend on today. */
const SYNTHESIS_DATE = "2026-06-01";

function elapsedMs(started: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
}

/**
 * A full garbage collection when the process runs with --expose-gc (bench.ts starts it so): the collection the untimed
 * setup owes (declaring 5,000 tenants leaves some 200 MB to mark) then runs before the clock starts, not inside
 * whichever measured phase happens to cross V8's heap limit first. The phase's own collections still count.
 */
function settleHeap(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Settles the heap, then starts a clock: wall time and this process's CPU time (user + system, all threads, GC helpers too). */
function startClock(): { wallMs(): number; cpuMs(): number } {
  settleHeap();
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  return {
    wallMs: () => elapsedMs(wall),
    cpuMs: () => {
      const used = process.cpuUsage(cpu);
      return Math.round((used.user + used.system) / 100) / 10;
    },
  };
}

function maxRssMiB(): number {
  // resourceUsage().maxRSS is in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function newApp(outdir: string): App {
  return new App({ outdir, context: { [SYNTHESIS_DATE_CONTEXT]: SYNTHESIS_DATE } });
}

function temporaryOutdir(options: PhaseOptions): string {
  return fs.mkdtempSync(path.join(options.outputRoot ?? os.tmpdir(), "mailflow-bench-"));
}

/** Deletes a phase's output folder, unless the caller deletes them all later (`outputRoot`). */
function discardOutdir(outdir: string, options: PhaseOptions): void {
  if (options.outputRoot === undefined) fs.rmSync(outdir, { recursive: true, force: true });
}

/** Bytes and files under `dir`. */
function treeSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

/** Errors among the findings, as `path rule-id` lines (a generated topology must have none). */
function errorsOf(findings: readonly { severity: string; suppressed: boolean; path: string; ruleId: string }[]): string[] {
  return findings.filter((f) => f.severity === "error" && !f.suppressed).map((f) => `${f.path} ${f.ruleId}`);
}

function construct(tenants: number, options: PhaseOptions): PhaseResult {
  const outdir = temporaryOutdir(options);
  const app = newApp(outdir);
  const clock = startClock();
  const generated = declareTopology(app, { tenants, stacks: options.stacks });
  const wallMs = clock.wallMs();
  const cpuMs = clock.cpuMs();
  const rss = maxRssMiB();
  const resources = app.node.findAll().filter((c): c is MailObjectResource => c instanceof MailObjectResource);
  if (options.triggersFile !== undefined) {
    const dumped: DumpedResource[] = resources.map((r) => ({
      id: r.friendlyUniqueId,
      triggers: { ...r.triggers },
      // As cdktf's null_resource takes them: the Terraform JSON keys in camelCase, the type as a property.
      provisioners: r.mailProvisioners.map(({ working_dir, ...rest }) => ({ type: "local-exec" as const, workingDir: working_dir, ...rest })),
      dependsOn: r.mailDependencies,
    }));
    fs.writeFileSync(options.triggersFile, JSON.stringify(dumped));
  }
  discardOutdir(outdir, options);
  return {
    phase: "construct", tenants, wallMs, cpuMs, maxRssMiB: rss,
    stacks: generated.stacks.length,
    mailObjects: generated.mailObjects,
    topologyObjects: generated.topologyObjects,
    constructs: app.node.findAll().length,
    terraformResources: resources.length,
  };
}

function rules(tenants: number, options: PhaseOptions): PhaseResult {
  const outdir = temporaryOutdir(options);
  const app = newApp(outdir);
  declareTopology(app, { tenants, stacks: options.stacks });
  const clock = startClock();
  const findings = checkTopology(app);
  const wallMs = clock.wallMs();
  const cpuMs = clock.cpuMs();
  // The same work split in two: collecting the Topology from the constructs, then the rule catalogue over it.
  const collectStarted = process.hrtime.bigint();
  const topology = collectTopology(app);
  const collectMs = elapsedMs(collectStarted);
  const rulesStarted = process.hrtime.bigint();
  const again = checkRules(topology, { now: SYNTHESIS_DATE });
  const checkRulesMs = elapsedMs(rulesStarted);
  discardOutdir(outdir, options);
  const errors = errorsOf(findings);
  if (errors.length > 0 || again.length !== findings.length) throw new Error(`the generated topology has errors: ${errors.slice(0, 5).join("; ")}`);
  return {
    phase: "rules", tenants, wallMs, cpuMs, maxRssMiB: maxRssMiB(), collectMs, checkRulesMs,
    findings: findings.length, errors: errors.length, warnings: findings.filter((f) => f.severity === "warning").length,
  };
}

/** Times `app.synth()` (wall and CPU), then reads the peak RSS and what it wrote into `outdir`, and discards that. */
function measuredSynth(app: App, outdir: string, options: PhaseOptions): { wallMs: number; cpuMs: number; maxRssMiB: number; outputFiles: number; outputBytes: number } {
  const clock = startClock();
  app.synth();
  const wallMs = clock.wallMs();
  const cpuMs = clock.cpuMs();
  const rss = maxRssMiB();
  const output = treeSize(outdir);
  discardOutdir(outdir, options);
  return { wallMs, cpuMs, maxRssMiB: rss, outputFiles: output.files, outputBytes: output.bytes };
}

function synth(tenants: number, options: PhaseOptions): PhaseResult {
  const outdir = temporaryOutdir(options);
  const app = newApp(outdir);
  declareTopology(app, { tenants, stacks: options.stacks });
  return { phase: "synth", tenants, ...measuredSynth(app, outdir, options), stacks: options.stacks ?? 1 };
}

/** A mail object's Terraform resource as the construct phase records it for the baselines. */
interface DumpedResource {
  readonly id: string;
  readonly triggers: Record<string, string>;
  readonly provisioners: NonNullable<NullResource["provisioners"]>;
  readonly dependsOn: string[];
}

/**
 * Raw cdktf: plain null_resources with the recorded triggers (`baseline`), or with the recorded triggers, provisioners,
 * depends_on and logical ids too (`baseline-full`: the same resources in cdk.tf.json, without the library).
 */
function baseline(tenants: number, options: PhaseOptions, full = false): PhaseResult {
  if (options.triggersFile === undefined) throw new Error("the baseline phases need the triggers file the construct phase writes");
  const resources = JSON.parse(fs.readFileSync(options.triggersFile, "utf8")) as DumpedResource[];
  const outdir = temporaryOutdir(options);
  const app = newApp(outdir);
  settleHeap();
  const constructStarted = process.hrtime.bigint();
  const stack = new TerraformStack(app, "plain");
  new NullProvider(stack, "null");
  resources.forEach((r, k) => {
    if (!full) {
      new NullResource(stack, `Resource${k}`, { triggers: r.triggers });
      return;
    }
    const resource = new NullResource(stack, `Resource${k}`, { triggers: r.triggers, provisioners: r.provisioners });
    resource.overrideLogicalId(r.id);
    if (r.dependsOn.length > 0) resource.dependsOn = r.dependsOn;
  });
  const constructMs = elapsedMs(constructStarted);
  return { phase: full ? "baseline-full" : "baseline", tenants, ...measuredSynth(app, outdir, options), constructMs, resources: resources.length };
}

/** Classifies `count` messages, cycling through `messages`; returns seconds and a checksum that keeps the work observable. */
function classify(simulator: MailFlowSimulator, messages: readonly SimulatedMessage[], count: number, options: SimulateOptions): { seconds: number; checksum: number } {
  let checksum = 0;
  const started = process.hrtime.bigint();
  for (let n = 0, k = 0; n < count; n++, k = k + 1 === messages.length ? 0 : k + 1) {
    const result = simulator.simulate(messages[k], options);
    checksum += result.recipients.length + result.steps.length + (result.recipients[0].outcome === "relayed" ? 1 : 0);
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, checksum };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function simulate(tenants: number, options: PhaseOptions): PhaseResult {
  const count = options.messages ?? 1_000_000;
  const rounds = options.rounds ?? 3;
  const outdir = temporaryOutdir(options);
  const app = newApp(outdir);
  declareTopology(app, { tenants });
  discardOutdir(outdir, options);
  settleHeap();
  const buildStarted = process.hrtime.bigint();
  const simulator = new MailFlowSimulator(collectTopology(app));
  const buildMs = elapsedMs(buildStarted);
  const messages = generateMessages(tenants, count);
  const explained: SimulateOptions = { explain: true };
  const unexplained: SimulateOptions = { explain: false };
  // Warm up both modes so the JIT has settled before the first measured round.
  const warmUp = Math.min(count, 200_000);
  classify(simulator, messages, warmUp, explained);
  classify(simulator, messages, warmUp, unexplained);
  // Rounds alternate the modes, so a burst of load on a shared machine shows as spread, not as the figure.
  const withExplain: number[] = [];
  const withoutExplain: number[] = [];
  let checksum = 0;
  let seconds = 0;
  for (let round = 0; round < rounds; round++) {
    const a = classify(simulator, messages, count, explained);
    const b = classify(simulator, messages, count, unexplained);
    withExplain.push(Math.round(count / a.seconds));
    withoutExplain.push(Math.round(count / b.seconds));
    checksum += a.checksum + b.checksum;
    seconds += a.seconds + b.seconds;
  }
  return {
    phase: "simulate", tenants, wallMs: Math.round(seconds * 1000), maxRssMiB: maxRssMiB(),
    messages: count, distinctMessages: messages.length, rounds, buildMs,
    messagesPerSecondExplainFalse: median(withoutExplain),
    messagesPerSecondExplainTrue: median(withExplain),
    roundsExplainFalse: withoutExplain,
    roundsExplainTrue: withExplain,
    checksum,
  };
}

/**
 * Rule checking where every tenant shares one relay /24 and one certificate name (the MSP pattern): `tenants` is the
 * number of tenants. The Topology is built untimed; the clock covers `checkRules` only.
 */
function sharedRelay(tenants: number): PhaseResult {
  const topology = sharedRelayTopology(tenants);
  const clock = startClock();
  const findings = checkRules(topology, { now: SYNTHESIS_DATE });
  const wallMs = clock.wallMs();
  const cpuMs = clock.cpuMs();
  const byRule: Record<string, number> = {};
  for (const finding of findings) byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
  const longest = Math.max(0, ...findings.map((f) => f.message.length));
  return { phase: "shared-relay", tenants, wallMs, cpuMs, maxRssMiB: maxRssMiB(), findings: findings.length, findingsByRule: byRule, longestMessageChars: longest };
}

/** Declaring one tenant with `domains` accepted domains (the `tenants` argument counts domains here), timed. */
function acceptedDomains(domains: number, options: PhaseOptions): PhaseResult {
  const outdir = temporaryOutdir(options);
  const app = newApp(outdir);
  const clock = startClock();
  declareManyAcceptedDomains(app, domains);
  const wallMs = clock.wallMs();
  const cpuMs = clock.cpuMs();
  discardOutdir(outdir, options);
  return { phase: "accepted-domains", tenants: 1, acceptedDomains: domains, wallMs, cpuMs, maxRssMiB: maxRssMiB() };
}

/** A writable stream that keeps nothing (the audit report is large at 1,000 tenants; only its size is kept). */
class Discard extends Writable {
  bytes = 0;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.bytes += chunk.length;
    callback();
  }
}

/**
 * `cdktf-mailflow audit <folder> --out <dir> --format json`, in-process, over the export folders of the generated
 * topology (one per tenant, one for the shared organization; written before the clock starts): reading every file,
 * every rule, the standard flows, plan.md and plan.json. Checks that it read every tenant and send connector.
 */
async function audit(tenants: number, options: PhaseOptions): Promise<PhaseResult> {
  const root = temporaryOutdir(options);
  const exports = path.join(root, "estate");
  const out = path.join(root, "audit");
  const app = newApp(path.join(root, "unused"));
  declareTopology(app, { tenants });
  const topology = collectTopology(app);
  const files = writeExports(topology, exports);
  const stdout = new Discard();
  const stderr = new Discard();
  const clock = startClock();
  const code = await runCli(["audit", exports, "--out", out, "--format", "json", "--date", SYNTHESIS_DATE], { stdout, stderr });
  const wallMs = clock.wallMs();
  const cpuMs = clock.cpuMs();
  const rss = maxRssMiB();
  // Exit 2 (errors found) is an audit's answer too; the generated estate passes every rule (its exports carry the
  // mailbox placement the topology declares), so it is 0 unless the readers and the declaration disagree.
  if ((code !== 0 && code !== 2) || stderr.bytes > 0) throw new Error(`audit of the generated estate exited ${code} with ${stderr.bytes} bytes on stderr`);
  const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as { summary: { tenants: number; sendConnectors: number } };
  const sendConnectors = topology.organizations.reduce((n, o) => n + o.sendConnectors.length, 0);
  if (plan.summary.tenants !== tenants || plan.summary.sendConnectors !== sendConnectors) {
    throw new Error(`audit read ${plan.summary.tenants} tenants and ${plan.summary.sendConnectors} send connectors, expected ${tenants} and ${sendConnectors}`);
  }
  const { bytes: exportBytes } = treeSize(exports);
  discardOutdir(root, options);
  return { phase: "audit", tenants, wallMs, cpuMs, maxRssMiB: rss, auditExit: code, exportFiles: files, exportMiB: Math.round((exportBytes / 2 ** 20) * 100) / 100, sendConnectors, reportBytes: stdout.bytes };
}

const RUNNERS: Record<Phase, (tenants: number, options: PhaseOptions) => PhaseResult | Promise<PhaseResult>> = {
  construct, rules, synth, baseline, "baseline-full": (tenants, options) => baseline(tenants, options, true), simulate,
  "shared-relay": sharedRelay, "accepted-domains": acceptedDomains, audit,
};

/** Runs one phase and returns its result line. */
export async function runPhase(phase: Phase, tenants: number, options: PhaseOptions = {}): Promise<PhaseResult> {
  return RUNNERS[phase](tenants, options);
}

if (require.main === module) {
  const [phase, tenants, json] = process.argv.slice(2);
  if (!(PHASES as readonly string[]).includes(phase) || !/^\d+$/.test(tenants ?? "")) {
    throw new Error(`usage: phases.ts <${PHASES.join("|")}> <tenants> [options JSON]`);
  }
  runPhase(phase as Phase, Number(tenants), json ? (JSON.parse(json) as PhaseOptions) : {}).then((result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
}
