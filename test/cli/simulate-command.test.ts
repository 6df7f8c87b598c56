import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PLAN_SCHEMA_VERSION } from "../../lib/artifacts";
import { NDR_RELAY_DENIED } from "../../lib/simulate";
import { cli, examplePlans } from "./cli-harness";

const files = examplePlans();
const multiTenant = files.plan("multi-tenant");
const hybrid = files.plan("hybrid");

// One of each: certificate (relayed), NDR over the certificate, mail-from attribution without a connector (rejected),
// two recipients with different outcomes.
const CSV = [
  "source_ip,certificate_names,mail_from,rcpt_to",
  "198.51.100.10,smtp.fabrikam.com,user@fabrikam.com,someone@example.net",
  "198.51.100.10,smtp.fabrikam.com,<>,someone@example.net",
  "198.51.100.10,,user@tailspintoys.com,someone@example.net",
  '198.51.100.10,smtp.wingtiptoys.com,"sender@contoso.example","a@wingtiptoys.com;b@example.net"',
  "",
].join("\n");

describe("simulate, CSV", () => {
  test("one line per message, then the summary grouped by connector and outcome; exit 0", async () => {
    const run = await cli(["simulate", "--plan", multiTenant, "--messages", files.write("ok.csv", CSV)]);
    expect(run).toEqual({ code: 0, stdout: expect.any(String), stderr: "" });
    expect(run.stdout).toMatchSnapshot();
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("line 2 <user@fabrikam.com>: fabrikam.onmicrosoft.com (by certificate), connector multi-tenant/Fabrikam/FromSharedExchange: someone@example.net relayed");
    expect(lines[2]).toBe(
      `line 4 <user@tailspintoys.com>: tailspintoys.onmicrosoft.com (by mail-from), no connector: someone@example.net rejected ${NDR_RELAY_DENIED} (relay denied: no connector of the attributed tenant matched)`,
    );
    expect(run.stdout).toContain("Summary: 5 lines read, 4 messages simulated.");
  });

  test("bad rows: reported on stderr with their line numbers, skipped, counted; exit 2", async () => {
    const messages = files.write("bad.csv", [
      "source_ip,certificate_names,mail_from,rcpt_to",
      "300.1.1.1,,user@fabrikam.com,x@example.net",
      "198.51.100.10,smtp.fabrikam.com,,x@example.net",
      "198.51.100.10,smtp.fabrikam.com,user@fabrikam.com",
      "198.51.100.10,,user@fabrikam.com,not-an-address",
      '198.51.100.10,"smtp.fabrikam.com,user@fabrikam.com,x@example.net',
      "198.51.100.10,smtp..fabrikam.com,user@fabrikam.com,x@example.net",
      "198.51.100.10,smtp.fabrikam.com,user@fabrikam.com,x@example.net",
      "",
      "198.51.100.10,smtp.fabrikam.com,user@fabrikam.com,",
    ].join("\n"));
    const run = await cli(["simulate", "--plan", multiTenant, "--messages", messages, "--summary-only"]);
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      `${messages}:2: bad row skipped: source_ip "300.1.1.1" is not an IPv4 or IPv6 address`,
      `${messages}:3: bad row skipped: mail_from is empty: write <> for the null sender of an NDR`,
      `${messages}:4: bad row skipped: 3 fields instead of 4 (source_ip,certificate_names,mail_from,rcpt_to)`,
      `${messages}:5: bad row skipped: rcpt_to "not-an-address" is not an email address (expected local@domain)`,
      `${messages}:6: bad row skipped: field 2: the quoted field is not closed (a field cannot span lines)`,
      expect.stringMatching(new RegExp(`^${messages}:7: bad row skipped: certificate_names: "smtp..fabrikam.com" is not a certificate name: `)),
      `${messages}:10: bad row skipped: rcpt_to is empty: a message needs at least one recipient`,
    ]);
    expect(run.stdout.split("\n")[0]).toBe("Summary: 10 lines read, 1 message simulated, 7 bad rows skipped (listed on stderr), 1 blank line skipped.");
  });

  test("RFC 4180 quoting, columns in any order, a byte-order mark and CRLF line ends", async () => {
    const messages = files.write("quoted.csv", "\uFEFFRCPT_TO, mail_from ,source_ip,certificate_names\r\n" +
      '"a@example.net; b@example.org","""quoted""@fabrikam.com",198.51.100.10,"smtp.fabrikam.com"\r\n');
    const run = await cli(["simulate", "--plan", multiTenant, "--messages", messages, "--format", "json"]);
    expect(run.code).toBe(0);
    const [message] = run.stdout.split("\n").map((l) => (l ? JSON.parse(l) : undefined));
    expect(message).toEqual({
      type: "message", line: 2, mailFrom: '"quoted"@fabrikam.com', tenant: "fabrikam.onmicrosoft.com", attributedBy: "certificate",
      connector: "multi-tenant/Fabrikam/FromSharedExchange",
      recipients: [expect.objectContaining({ address: "a@example.net", outcome: "relayed" }), expect.objectContaining({ address: "b@example.org", outcome: "relayed" })],
    });
  });

  test("a MAIL FROM already in angle brackets is shown once", async () => {
    const messages = files.write("angle.csv", "source_ip,certificate_names,mail_from,rcpt_to\n198.51.100.10,smtp.fabrikam.com,<user@fabrikam.com>,x@example.net\n");
    const run = await cli(["simulate", "--plan", multiTenant, "--messages", messages]);
    expect(run.stdout.split("\n")[0]).toBe("line 2 <user@fabrikam.com>: fabrikam.onmicrosoft.com (by certificate), connector multi-tenant/Fabrikam/FromSharedExchange: x@example.net relayed");
  });

  test("a wrong header or an empty file is a usage error (exit 1) that shows the header expected", async () => {
    const wrong = await cli(["simulate", "--plan", multiTenant, "--messages", files.write("header.csv", "ip,from,to\n1.2.3.4,a@b.com,c@d.com\n")]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/header\.csv:1: the header must name the columns source_ip,certificate_names,mail_from,rcpt_to \(in any order\), optionally also header_from,ptr; found "ip,from,to" \(unknown "ip", "from", "to"; missing source_ip, certificate_names, mail_from, rcpt_to\)/);
    const empty = await cli(["simulate", "--plan", multiTenant, "--messages", files.write("empty.csv", "")]);
    expect([empty.code, empty.stderr]).toEqual([1, expect.stringContaining("is empty: a CSV messages file starts with the header source_ip,certificate_names,mail_from,rcpt_to")]);
  });
});

describe("simulate, JSON lines", () => {
  const JSONL = [
    JSON.stringify({ sourceIp: "203.0.113.25", certificateNames: ["mail.contoso.com"], mailFrom: "", rcptTo: ["someone@example.net"] }),
    JSON.stringify({ mailFrom: "user@contoso.com", rcptTo: "x@example.net" }),
    "not json",
    "[1]",
    JSON.stringify({ mailFrom: "user@contoso.com" }),
    JSON.stringify({ sourceIp: 7, mailFrom: "user@contoso.com", rcptTo: ["x@example.net"] }),
    "",
  ].join("\n");

  test("--format json: a message line per message and a summary line; bad rows on stderr; exit 2", async () => {
    const messages = files.write("m.jsonl", JSONL);
    const run = await cli(["simulate", "--plan", hybrid, "--messages", messages, "--format", "json"]);
    expect(run.code).toBe(2);
    const out = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(out.map((o) => [o.type, o.line, o.tenant, o.attributedBy, o.recipients?.map((r: { outcome: string }) => r.outcome)])).toEqual([
      ["message", 1, "contoso.onmicrosoft.com", "certificate", ["relayed"]],
      ["message", 2, "contoso.onmicrosoft.com", "mail-from", ["rejected"]],
      ["summary", undefined, undefined, undefined, undefined],
    ]);
    expect(out[2]).toEqual({
      type: "summary", lines: 6, messages: 2, badRows: 4, blankLines: 0,
      groups: [
        { connector: "hybrid/Contoso/FromOnPremises", tenant: "contoso.onmicrosoft.com", outcome: "relayed", messages: 1, recipients: 1, senderDomains: [{ domain: "<>", messages: 1 }] },
        { tenant: "contoso.onmicrosoft.com", outcome: "rejected", ndr: NDR_RELAY_DENIED, messages: 1, recipients: 1, senderDomains: [{ domain: "contoso.com", messages: 1 }] },
      ],
    });
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(new RegExp(`^${messages}:3: bad row skipped: invalid JSON \\(`)),
      `${messages}:4: bad row skipped: expected a JSON object such as {"mailFrom": "user@contoso.com", "rcptTo": ["someone@example.net"]}`,
      `${messages}:5: bad row skipped: rcptTo is missing: a message needs at least one recipient`,
      `${messages}:6: bad row skipped: sourceIp must be a string`,
    ]);
  });

  test("reads standard input with --messages - and --input jsonl", async () => {
    const run = await cli(["simulate", "--plan", hybrid, "--messages", "-", "--input", "jsonl", "--summary-only"], { stdin: JSONL.split("\n")[0] + "\n" });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe([
      "Summary: 1 line read, 1 message simulated.",
      "",
      "Connector                      Tenant                   Outcome  Messages  Recipients",
      "-----------------------------  -----------------------  -------  --------  ----------",
      "hybrid/Contoso/FromOnPremises  contoso.onmicrosoft.com  relayed         1           1",
      "",
    ].join("\n"));
  });
});

describe("the summary", () => {
  test("a rejected group lists its MAIL FROM domains, most frequent first", async () => {
    const rows = ["source_ip,certificate_names,mail_from,rcpt_to"];
    for (let i = 0; i < 7; i++) rows.push(`203.0.113.9,,user@${i < 4 ? "contoso.com" : "sales.contoso.com"},x${i}@example.net`);
    rows.push("203.0.113.9,,<>,x@example.net");
    const run = await cli(["simulate", "--plan", hybrid, "--messages", files.write("domains.csv", rows.join("\n")), "--summary-only"]);
    expect(run.stdout).toContain("    MAIL FROM domains: contoso.com 4, sales.contoso.com 3");
    expect(run.stdout).toMatch(/\(no connector\) +\(not attributed\) +rejected: 550 5\.7\.64 TenantAttribution; Relay Access Denied ATTR36 +1 +1\n {4}MAIL FROM domains: <> 1/);
  });
});

describe("progress", () => {
  const many = ["source_ip,certificate_names,mail_from,rcpt_to", ...Array.from({ length: 5000 }, (_, i) => `203.0.113.25,mail.contoso.com,user@contoso.com,r${i}@example.net`)].join("\n");

  test("on a terminal: a \\r-updated line on stderr, cleared at the end", async () => {
    let clock = 0;
    const run = await cli(["simulate", "--plan", hybrid, "--messages", files.write("many.csv", many), "--summary-only"], { stderrIsTTY: true, now: () => (clock += 300) });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^\r\u001b\[Ksimulate: \d+%, 1,024 lines \(\d[\d,]* lines\/s\)/);
    expect(run.stderr).toContain("\r\u001b[Ksimulate: ");
    expect(run.stderr.endsWith("\r\u001b[K")).toBe(true);
    expect(run.stdout).toContain("Summary: 5,001 lines read, 5,000 messages simulated.");
  });

  test("not on a terminal: nothing on stderr", async () => {
    let clock = 0;
    const run = await cli(["simulate", "--plan", hybrid, "--messages", files.write("many2.csv", many), "--summary-only"], { now: () => (clock += 300) });
    expect([run.code, run.stderr]).toEqual([0, ""]);
  });
});

describe("usage errors: one line on stderr, exit 1", () => {
  test.each([
    [["simulate", "--messages", "m.csv"], "cdktf-mailflow: --plan <plan.json or live export> is required (see cdktf-mailflow simulate --help)"],
    [["simulate", "--plan", "p.json"], "cdktf-mailflow: --messages <file> is required (message tracking logs, a message trace export, a .csv or .jsonl file, or - for standard input) (see cdktf-mailflow simulate --help)"],
    [["simulate", "--plan", "p.json", "--messages", "m.txt"], 'cdktf-mailflow: cannot tell the format of "m.txt" from its name or content: add --input csv or --input jsonl, or pass a message tracking log or message trace export (see cdktf-mailflow simulate --help)'],
    [["simulate", "--plan", "p.json", "--messages", "m.csv", "--format", "xml"], 'cdktf-mailflow: --format must be text or json, not "xml" (see cdktf-mailflow simulate --help)'],
    [["simulate", "--frobnicate"], "cdktf-mailflow: Unknown option '--frobnicate' (see cdktf-mailflow simulate --help)"],
    [["frobnicate"], 'cdktf-mailflow: unknown command "frobnicate": the commands are: simulate, export-script, audit, import, drift, diff (see cdktf-mailflow --help)'],
  ])("%j", async (args, message) => {
    const run = await cli(args);
    expect(run).toEqual({ code: 1, stdout: "", stderr: `${message}\n` });
  });

  test("a missing plan, a plan that is not JSON, not a plan, or from a newer version", async () => {
    const messages = files.write("one.csv", CSV);
    const missing = await cli(["simulate", "--plan", path.join(files.dir, "nope.json"), "--messages", messages]);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/^cdktf-mailflow: cannot read the plan .*nope\.json: ENOENT: no such file or directory/)]);
    const notJson = await cli(["simulate", "--plan", messages, "--messages", messages]);
    expect(notJson.stderr).toMatch(/is not JSON \(.*\): pass the plan.json that cdktf synth wrote\n$/);
    const notPlan = await cli(["simulate", "--plan", files.write("x.json", '{"schemaVersion": 1, "stack": 3}'), "--messages", messages]);
    expect(notPlan.stderr).toMatch(/^cdktf-mailflow: the plan .*x\.json is not a cdktf-mailflow plan\.json: stack: .*; summary: /);
    const newer = await cli(["simulate", "--plan", files.write("v9.json", JSON.stringify({ schemaVersion: PLAN_SCHEMA_VERSION + 8 })), "--messages", messages]);
    expect(newer.stderr).toMatch(/has schemaVersion 9, newer than this tool reads \(1\): update cdktf-mailflow\n$/);
    const noMessages = await cli(["simulate", "--plan", hybrid, "--messages", path.join(files.dir, "none.csv")]);
    expect([noMessages.code, noMessages.stderr]).toEqual([1, expect.stringMatching(/cannot read the messages file .*none\.csv: ENOENT/)]);
  });

  test("--help prints the usage with the exit codes; no command prints it on stderr and exits 1", async () => {
    const help = await cli(["simulate", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes:\n  0  every row was simulated\n  1  bad usage");
    expect((await cli(["--help"])).stdout).toContain("Commands:\n  simulate");
    const none = await cli([]);
    expect([none.code, none.stdout, none.stderr.startsWith("Usage: cdktf-mailflow <command>")]).toEqual([1, "", true]);
  });
});

test("runs as a program (the npm script's ts-node entry), with the shebang the bin needs", () => {
  const main = path.join(__dirname, "..", "..", "lib", "cli", "main.ts");
  expect(fs.readFileSync(main, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", main, "simulate", "--plan", hybrid, "--messages", "-", "--input", "jsonl", "--summary-only"], {
    input: `${JSON.stringify({ mailFrom: "<>", rcptTo: ["x@example.net"], sourceIp: "203.0.113.25", certificateNames: "mail.contoso.com" })}\n`,
    encoding: "utf8",
    cwd: path.join(__dirname, "..", ".."),
  });
  expect([child.status, child.stderr]).toEqual([0, ""]);
  expect(child.stdout).toContain("hybrid/Contoso/FromOnPremises  contoso.onmicrosoft.com  relayed");
});

test("stops quietly with exit 0 when the reader closes the pipe (as with | head)", async () => {
  const main = path.join(__dirname, "..", "..", "lib", "cli", "main.ts");
  const rows = ["source_ip,certificate_names,mail_from,rcpt_to", ...Array.from({ length: 50_000 }, (_, i) => `203.0.113.25,mail.contoso.com,user@contoso.com,r${i}@example.net`)];
  const messages = files.write("pipe.csv", rows.join("\n"));
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", main, "simulate", "--plan", hybrid, "--messages", messages], {
    cwd: path.join(__dirname, "..", ".."),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdout.once("data", () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  expect([code, stderr]).toEqual([0, ""]);
});
