/**
 * `npm run bench:traffic`: reading message tracking logs. Writes about BENCH_TRAFFIC_BYTES (default 2 GiB) of logs from
 * the documented format into a folder in os.tmpdir() (set TMPDIR to choose the disk), synthesizes the plan they run
 * against, runs `simulate` over them in a fresh process (bench/traffic-measure.ts) BENCH_TRAFFIC_REPEATS times (default
 * 1), deletes the folder, and prints JSON lines: the files, each run (wall time, rows per second, peak RSS), and the
 * issue's targets (at least 300,000 log rows per second; peak RSS under 1 GiB for 2 GB of logs).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { trafficTopology, writeTrackingLogs } from "./generate-traffic";

const BYTES = Number(process.env.BENCH_TRAFFIC_BYTES ?? 2 * 2 ** 30);
const REPEATS = Math.max(1, Number(process.env.BENCH_TRAFFIC_REPEATS ?? 1));
const TS_NODE_REGISTER = require.resolve("ts-node/register/transpile-only");

function print(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function main(): void {
  if (!Number.isInteger(BYTES) || BYTES <= 0) throw new Error(`BENCH_TRAFFIC_BYTES must be a positive whole number of bytes, got ${process.env.BENCH_TRAFFIC_BYTES}`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-bench-traffic-"));
  try {
    const outdir = path.join(scratch, "cdktf.out");
    const app = new App({ outdir });
    trafficTopology(app, "ip");
    app.synth();
    const plan = path.join(outdir, "stacks", "traffic", "mailflow", "plan.json");
    const logs = path.join(scratch, "logs");
    fs.mkdirSync(logs);
    const warmUp = path.join(scratch, "warm-up");
    fs.mkdirSync(warmUp);
    writeTrackingLogs(warmUp, 1 << 20);
    const started = Date.now();
    const written = writeTrackingLogs(logs, BYTES);
    print({ bench: "traffic-logs", ...written, mib: Math.round(written.bytes / 2 ** 20), generateMs: Date.now() - started, loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10) });
    const runs: { rowsPerSecond: number; maxRssMiB: number }[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const child = spawnSync(process.execPath, ["-r", TS_NODE_REGISTER, path.join(__dirname, "traffic-measure.ts"), plan, logs, warmUp], {
        cwd: path.join(__dirname, ".."), encoding: "utf8", env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
      });
      if (child.status !== 0) throw new Error(`the measured run failed (exit ${child.status ?? child.signal}):\n${child.stderr}`);
      const run = JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}");
      runs.push(run);
      print({ bench: "traffic-run", ...run, loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10) });
    }
    const best = Math.max(...runs.map((r) => r.rowsPerSecond));
    const peak = Math.max(...runs.map((r) => r.maxRssMiB));
    const full = written.bytes >= 2e9;
    print({ bench: "target", target: "traffic-throughput", limit: ">= 300,000 log rows/s over 2 GB of logs", value: best, status: !full ? "SKIP" : best >= 300_000 ? "PASS" : "FAIL", detail: `best of ${REPEATS} run(s): ${runs.map((r) => r.rowsPerSecond).join(", ")}` });
    print({ bench: "target", target: "traffic-memory", limit: "2 GB of logs under 1 GiB peak RSS", value: peak, status: !full ? "SKIP" : peak < 1024 ? "PASS" : "FAIL", detail: `${peak} MiB for ${Math.round(written.bytes / 2 ** 20)} MiB of logs` });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main();
