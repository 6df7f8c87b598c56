/**
 * `npm run bench`: construction, rule checking, full synthesis and a raw cdktf baseline for managed-service-provider
 * topologies of T tenants, and simulator throughput; prints JSON lines, then one PASS/FAIL line per target.
 *
 * Baselines: `baseline` is the (plain null_resources with the same triggers); `baseline-full` adds the same
 * provisioners, depends_on and logical ids, so its cdk.tf.json holds the same resources as the library's and the
 * difference to it is the library's own work (rules, validations, scripts, plan, writing mailflow/).
 *
 * Every (T, phase) runs in a fresh `node` process (bench/phases.ts, loaded with ts-node's transpile-only register, as
 * is this script), so each phase's peak RSS is its own. Wall times are measured inside the child around the phase
 * only; process start, module loading and untimed setup (such as declaring the app before synthesizing it) are not in them,
 * and a full garbage collection (the child runs with --expose-gc) settles the setup's heap before the clock starts.
 *
 * Environment: BENCH_SIZES (default 100,1000,5000), BENCH_REPEATS (processes per phase and size, median wall time,
 * default 3), BENCH_RULES_REPEATS (the same for rule checking, default the larger of BENCH_REPEATS and 5),
 * BENCH_MESSAGES (per simulator round, default 1000000), BENCH_ROUNDS (simulator rounds, default 3),
 * BENCH_SIM_TENANTS (default 1000), BENCH_STACKS (stacks of the multi-stack synthesis run at 1,000 tenants or the
 * smallest size, default 10; 0 skips it), BENCH_SHARED_RELAY_TENANTS (tenants sharing one relay /24 and certificate
 * name for the cross-tenant rules, default 10000; 0 skips it), BENCH_ACCEPTED_DOMAINS (accepted domains declared in
 * one tenant, measured at this count and twice it, default 5000; 0 skips it), BENCH_AUDIT_TENANTS (tenants of the live
 * estate `cdktf-mailflow audit` reads, default 1000; 0 skips it). Every phase's output goes into one folder in os.tmpdir(), deleted only after
 * the last synthesis (see PhaseOptions.outputRoot; about 1.5 GiB at the default sizes, in memory on /dev/shm): set TMPDIR
 * (e.g. /dev/shm) to choose the disk.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Phase, PhaseOptions, PhaseResult } from "./phases";

/** A limit the issue sets, checked against this run's figures. */
interface Target {
  readonly target: string;
  readonly limit: string;
  readonly value?: number;
  readonly status: "PASS" | "FAIL" | "SKIP";
  readonly detail: string;
}

function numbersFromEnv(name: string, fallback: number[]): number[] {
  const text = process.env[name];
  if (text === undefined || text.trim() === "") return fallback;
  const values = text.split(",").map((v) => Number(v.trim().replace(/_/g, "")));
  if (values.some((v) => !Number.isInteger(v) || v < 0)) throw new Error(`${name} must be a comma-separated list of non-negative integers, got ${JSON.stringify(text)}`);
  return values;
}

function numberFromEnv(name: string, fallback: number): number {
  return numbersFromEnv(name, [fallback])[0];
}

const SIZES = numbersFromEnv("BENCH_SIZES", [100, 1_000, 5_000]);
const REPEATS = Math.max(1, numberFromEnv("BENCH_REPEATS", 3));
const RULES_REPEATS = Math.max(1, numberFromEnv("BENCH_RULES_REPEATS", Math.max(REPEATS, 5)));
const MESSAGES = Math.max(1, numberFromEnv("BENCH_MESSAGES", 1_000_000));
const ROUNDS = Math.max(1, numberFromEnv("BENCH_ROUNDS", 3));
const SIM_TENANTS = Math.max(1, numberFromEnv("BENCH_SIM_TENANTS", 1_000));
const STACKS = numberFromEnv("BENCH_STACKS", 10);
const SHARED_RELAY_TENANTS = numberFromEnv("BENCH_SHARED_RELAY_TENANTS", 10_000);
const ACCEPTED_DOMAINS = numberFromEnv("BENCH_ACCEPTED_DOMAINS", 5_000);
const AUDIT_TENANTS = numberFromEnv("BENCH_AUDIT_TENANTS", 1_000);

const PHASE_SCRIPT = path.join(__dirname, "phases.ts");
const TS_NODE_REGISTER = require.resolve("ts-node/register/transpile-only");

function print(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Runs one phase in a fresh node process and returns its result line, with the child's whole lifetime added. */
function runChild(phase: Phase, tenants: number, options: PhaseOptions): PhaseResult & { processMs: number } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ["--expose-gc", "-r", TS_NODE_REGISTER, PHASE_SCRIPT, phase, String(tenants), JSON.stringify(options)], {
    cwd: path.join(__dirname, ".."),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
  });
  const processMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  if (child.status !== 0) throw new Error(`phase ${phase} at ${tenants} tenants failed (exit ${child.status ?? child.signal}):\n${child.stderr}`);
  const last = child.stdout.trim().split("\n").pop() ?? "";
  return { ...(JSON.parse(last) as PhaseResult), processMs };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs a phase `repeats` times; the line holds the median wall time, every run's wall time and the highest peak RSS. */
function measure(phase: Phase, tenants: number, options: PhaseOptions, scratch: string, repeats = REPEATS): PhaseResult {
  // Outputs stay in `scratch` until every measurement is done: see PhaseOptions.outputRoot.
  const runs = Array.from({ length: repeats }, () => runChild(phase, tenants, { ...options, outputRoot: scratch }));
  const line: PhaseResult = {
    ...runs[0],
    wallMs: median(runs.map((r) => r.wallMs)),
    ...(runs[0].cpuMs !== undefined ? { cpuMs: median(runs.map((r) => r.cpuMs ?? 0)) } : {}),
    maxRssMiB: Math.max(...runs.map((r) => r.maxRssMiB)),
    runsWallMs: runs.map((r) => r.wallMs),
    processMs: median(runs.map((r) => r.processMs)),
  };
  print({ bench: "phase", ...line });
  return line;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function main(): void {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-bench-run-"));
  print({
    bench: "environment",
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    runner: "ts-node --transpile-only; each phase in a fresh node -r ts-node/register/transpile-only process",
    wallTime: "measured in the child around the phase only (no process start, module loading or setup), after a full GC that settles the setup's heap",
    peakMemory: "process.resourceUsage().maxRSS of the phase's process",
    repeats: REPEATS,
    rulesRepeats: RULES_REPEATS,
  });
  let sharedRelay: PhaseResult | undefined;
  let domains: PhaseResult[] | undefined;
  const sizes = new Map<number, { rulesMs: number; synthMs: number; baselineMs: number; baselineFullMs: number; synthRssMiB: number }>();
  try {
    for (const tenants of SIZES) {
      const triggersFile = path.join(scratch, `triggers-${tenants}.json`);
      const construct = measure("construct", tenants, { triggersFile }, scratch);
      // A cold check is short and a garbage collection more or less moves it: more runs for a steadier median.
      const rules = measure("rules", tenants, {}, scratch, RULES_REPEATS);
      const synth = measure("synth", tenants, {}, scratch);
      const baseline = measure("baseline", tenants, { triggersFile }, scratch);
      const baselineFull = measure("baseline-full", tenants, { triggersFile }, scratch);
      const row = {
        bench: "size",
        tenants,
        mailObjects: construct.mailObjects,
        topologyObjects: construct.topologyObjects,
        constructs: construct.constructs,
        constructMs: construct.wallMs,
        rulesMs: rules.wallMs,
        synthMs: synth.wallMs,
        baselineSynthMs: baseline.wallMs,
        synthToBaseline: round2(synth.wallMs / baseline.wallMs),
        baselineFullSynthMs: baselineFull.wallMs,
        synthToBaselineFull: round2(synth.wallMs / baselineFull.wallMs),
        synthCpuMs: synth.cpuMs,
        baselineSynthCpuMs: baseline.cpuMs,
        baselineFullSynthCpuMs: baselineFull.cpuMs,
        synthCpuToBaselineCpu: round2((synth.cpuMs ?? 0) / (baseline.cpuMs ?? 1)),
        synthCpuToBaselineFullCpu: round2((synth.cpuMs ?? 0) / (baselineFull.cpuMs ?? 1)),
        constructAndSynthToBaseline: round2((construct.wallMs + synth.wallMs) / (baseline.constructMs as number + baseline.wallMs)),
        constructRssMiB: construct.maxRssMiB,
        rulesRssMiB: rules.maxRssMiB,
        synthRssMiB: synth.maxRssMiB,
        baselineRssMiB: baseline.maxRssMiB,
        baselineFullRssMiB: baselineFull.maxRssMiB,
        outputFiles: synth.outputFiles,
        outputMiB: round2((synth.outputBytes as number) / 2 ** 20),
        baselineOutputMiB: round2((baseline.outputBytes as number) / 2 ** 20),
      };
      print(row);
      sizes.set(tenants, { rulesMs: rules.wallMs, synthMs: synth.wallMs, baselineMs: baseline.wallMs, baselineFullMs: baselineFull.wallMs, synthRssMiB: synth.maxRssMiB });
    }
    if (STACKS > 1 && SIZES.length > 0) {
      const tenants = SIZES.includes(1_000) ? 1_000 : Math.min(...SIZES);
      const synth = measure("synth", tenants, { stacks: STACKS }, scratch);
      const single = sizes.get(tenants);
      print({ bench: "stacks", tenants, stacks: STACKS, synthMs: synth.wallMs, singleStackSynthMs: single?.synthMs, synthRssMiB: synth.maxRssMiB });
    }
    // The MSP pattern: every tenant lists one relay, so every pair of tenants collides.
    if (SHARED_RELAY_TENANTS > 0) sharedRelay = measure("shared-relay", SHARED_RELAY_TENANTS, {}, scratch);
    if (ACCEPTED_DOMAINS > 0) domains = [measure("accepted-domains", ACCEPTED_DOMAINS, {}, scratch), measure("accepted-domains", 2 * ACCEPTED_DOMAINS, {}, scratch)];
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const simulate = runChild("simulate", SIM_TENANTS, { messages: MESSAGES, rounds: ROUNDS });
  print({ bench: "simulate", ...simulate });
  const audit = AUDIT_TENANTS > 0 ? measure("audit", AUDIT_TENANTS, {}, os.tmpdir()) : undefined;

  const targets: Target[] = [];
  const at = (t: number) => sizes.get(t);
  const t1000 = at(1_000);
  const t5000 = at(5_000);
  targets.push(t1000
    ? { target: "synth-vs-baseline", limit: "synthesis at T = 1,000 <= 1.5 x raw cdktf baseline", value: round2(t1000.synthMs / t1000.baselineMs), status: t1000.synthMs <= 1.5 * t1000.baselineMs ? "PASS" : "FAIL", detail: `${t1000.synthMs} ms vs ${t1000.baselineMs} ms; vs raw cdktf of the same cdk.tf.json resources (triggers, provisioners, depends_on) ${t1000.baselineFullMs} ms: ${round2(t1000.synthMs / t1000.baselineFullMs)} x` }
    : { target: "synth-vs-baseline", limit: "synthesis at T = 1,000 <= 1.5 x raw cdktf baseline", status: "SKIP", detail: "T = 1,000 not measured" });
  targets.push(t1000 && t5000
    ? { target: "rules-growth", limit: "rule checking at T = 5,000 <= 6 x at T = 1,000", value: round2(t5000.rulesMs / t1000.rulesMs), status: t5000.rulesMs <= 6 * t1000.rulesMs ? "PASS" : "FAIL", detail: `${t5000.rulesMs} ms vs ${t1000.rulesMs} ms` }
    : { target: "rules-growth", limit: "rule checking at T = 5,000 <= 6 x at T = 1,000", status: "SKIP", detail: "T = 1,000 and 5,000 not both measured" });
  const rate = simulate.messagesPerSecondExplainFalse as number;
  targets.push(SIM_TENANTS === 1_000 && MESSAGES >= 1_000_000
    ? { target: "simulator-throughput", limit: ">= 500,000 messages/s against T = 1,000 (explain: false)", value: rate, status: rate >= 500_000 ? "PASS" : "FAIL", detail: `explain: true ${String(simulate.messagesPerSecondExplainTrue)} messages/s` }
    : { target: "simulator-throughput", limit: ">= 500,000 messages/s against T = 1,000 (explain: false)", value: rate, status: "SKIP", detail: `measured at T = ${SIM_TENANTS} with ${MESSAGES} messages` });
  targets.push(t5000
    ? { target: "peak-memory", limit: "full synthesis process at T = 5,000 < 2 GiB", value: t5000.synthRssMiB, status: t5000.synthRssMiB < 2048 ? "PASS" : "FAIL", detail: `${t5000.synthRssMiB} MiB` }
    : { target: "peak-memory", limit: "full synthesis process at T = 5,000 < 2 GiB", status: "SKIP", detail: "T = 5,000 not measured" });
  const sharedLimit = "rule checking of 10,000 tenants sharing one relay /24 and certificate name < 5 s and < 1 GiB";
  targets.push(sharedRelay && SHARED_RELAY_TENANTS === 10_000
    ? { target: "shared-relay", limit: sharedLimit, value: sharedRelay.wallMs, status: sharedRelay.wallMs < 5_000 && sharedRelay.maxRssMiB < 1024 ? "PASS" : "FAIL", detail: `${sharedRelay.wallMs} ms wall (CPU ${String(sharedRelay.cpuMs)} ms), ${sharedRelay.maxRssMiB} MiB peak, ${String(sharedRelay.findings)} findings` }
    : { target: "shared-relay", limit: sharedLimit, status: "SKIP", detail: `measured at ${SHARED_RELAY_TENANTS} tenants` });
  const domainsLimit = `declaring ${2 * ACCEPTED_DOMAINS} accepted domains in one tenant <= 3 x declaring ${ACCEPTED_DOMAINS} (linear, not quadratic)`;
  targets.push(domains
    ? { target: "accepted-domains-growth", limit: domainsLimit, value: round2((domains[1].cpuMs ?? 0) / (domains[0].cpuMs ?? 1)), status: (domains[1].cpuMs ?? 0) <= 3 * (domains[0].cpuMs ?? 0) ? "PASS" : "FAIL", detail: `CPU ${String(domains[1].cpuMs)} ms vs ${String(domains[0].cpuMs)} ms; wall ${domains[1].wallMs} ms vs ${domains[0].wallMs} ms` }
    : { target: "accepted-domains-growth", limit: domainsLimit, status: "SKIP", detail: "BENCH_ACCEPTED_DOMAINS=0" });
  targets.push(audit && AUDIT_TENANTS === 1_000
    ? {
        target: "audit",
        limit: "cdktf-mailflow audit of 1,000 tenants' exports < 10 s and < 1 GiB",
        value: audit.wallMs,
        status: audit.wallMs < 10_000 && audit.maxRssMiB < 1024 ? "PASS" : "FAIL",
        detail: `${audit.wallMs} ms wall (${String(audit.cpuMs)} ms CPU), ${audit.maxRssMiB} MiB peak, ${String(audit.exportFiles)} files (${String(audit.exportMiB)} MiB)`,
      }
    : { target: "audit", limit: "cdktf-mailflow audit of 1,000 tenants' exports < 10 s and < 1 GiB", status: "SKIP", detail: `BENCH_AUDIT_TENANTS=${AUDIT_TENANTS}` });
  for (const target of targets) print({ bench: "target", ...target });
}

main();
