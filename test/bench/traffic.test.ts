import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeTrackingLogs } from "../../bench/generate-traffic";
import { writeTrafficPlans } from "../cli/traffic-fixtures";
import { cli } from "../cli/cli-harness";

// The traffic benchmark does not run in CI at its size; these keep its generator and script working.

const ROOT = path.join(__dirname, "..", "..");

describe("the traffic benchmark", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-traffic-bench-test-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("generated logs (30- and 27-field files) read without a bad row: a tenth NDRs, a tenth forwarded, a tenth Fabrikam", async () => {
    const logs = path.join(dir, "logs");
    fs.mkdirSync(logs);
    const written = writeTrackingLogs(logs, 600_000, 150_000);
    expect(written.files).toBeGreaterThanOrEqual(3);
    const plans = writeTrafficPlans(dir);
    const run = await cli(["simulate", "--plan", plans.ipOnly, "--messages", logs, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const messages = written.rows / 6;
    expect(report.counts).toMatchObject({ files: written.files, lines: written.rows + 5 * written.files, badRows: 0, rowsSimulated: messages });
    expect(report.counts.otherEvents).toEqual({ AGENTINFO: messages, DELIVER: messages, HAREDIRECT: messages, RECEIVE: messages, SUBMIT: messages });
    // NDRs and forwarded mail are rejected through the IP-only connector; Fabrikam's go through its own certificate connector.
    const ndrsAndForwarded = 2 * Math.floor(messages / 10) + Math.min(messages % 10, 2); // message m is an NDR when m % 10 = 0, forwarded when 1
    expect(report.sides[0]).toMatchObject({ messages, problemMessages: ndrsAndForwarded });
  });

  test("npm run bench:traffic in smoke mode prints the files, the run and the targets, and deletes its folder", () => {
    const tmp = path.join(dir, "tmp");
    fs.mkdirSync(tmp);
    const child = spawnSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), path.join(ROOT, "bench", "traffic.ts")], {
      cwd: ROOT, encoding: "utf8", env: { ...process.env, TMPDIR: tmp, BENCH_TRAFFIC_BYTES: "300000" },
    });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    const lines = child.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.bench)).toEqual(["traffic-logs", "traffic-run", "target", "target"]);
    expect(lines[1]).toMatchObject({ badRows: 0, rowsPerSecond: expect.any(Number), maxRssMiB: expect.any(Number) });
    expect(lines.slice(2).map((t) => [t.target, t.status])).toEqual([["traffic-throughput", "SKIP"], ["traffic-memory", "SKIP"]]);
    expect(fs.readdirSync(tmp).filter((n) => n.startsWith("mailflow-"))).toEqual([]);
  });
});
