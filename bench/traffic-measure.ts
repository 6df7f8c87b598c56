/**
 * The measured half of the traffic benchmark, run in a process of its own so its peak memory is the command's alone:
 * `node -r ts-node/register/transpile-only bench/traffic-measure.ts <plan.json> <log folder> [warm-up folder]` runs
 * `cdktf-mailflow simulate --plan <plan> --messages <folder> --format json` in-process (output discarded) and prints one
 * JSON line: wall time, rows read, rows per second, peak RSS. It loads lib/cli only, as the installed command does.
 * A run over the small warm-up folder first lets ts-node compile every module the command loads, outside the clock.
 */
import { Writable } from "stream";
import { runCli } from "../lib/cli/main";

/** Keeps the last text written (the JSON report is one line), drops the rest. */
class Tail extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text = chunk.toString();
    callback();
  }
}

async function main(): Promise<void> {
  const [plan, folder, warmUp] = process.argv.slice(2);
  const stdout = new Tail();
  const stderr = new Tail();
  if (warmUp !== undefined) await runCli(["simulate", "--plan", plan, "--messages", warmUp, "--format", "json"], { stdout, stderr });
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const code = await runCli(["simulate", "--plan", plan, "--messages", folder, "--format", "json"], { stdout, stderr });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  if (code !== 0) throw new Error(`simulate exited ${code}: ${stderr.text}`);
  const report = JSON.parse(stdout.text) as { counts: { lines: number; rowsSimulated: number; badRows: number }; sides: { messages: number; problemMessages: number }[] };
  process.stdout.write(`${JSON.stringify({
    wallMs: Math.round(seconds * 1000),
    lines: report.counts.lines,
    rowsSimulated: report.counts.rowsSimulated,
    badRows: report.counts.badRows,
    messages: report.sides[0].messages,
    problemMessages: report.sides[0].problemMessages,
    rowsPerSecond: Math.round(report.counts.lines / seconds),
    cpuMs: Math.round(cpuSeconds * 1000),
    // On a shared machine the wall time includes waiting for a core; rows per CPU second does not.
    rowsPerCpuSecond: Math.round(report.counts.lines / cpuSeconds),
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
