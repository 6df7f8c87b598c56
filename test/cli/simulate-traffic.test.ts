import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDR_RELAY_DENIED } from "../../lib/simulate";
import { cli } from "./cli-harness";
import { FIELDS_27, FIELDS_30, eventRow, sendRow, trackingLog, writeTrafficPlans } from "./traffic-fixtures";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-traffic-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const plans = writeTrafficPlans(dir);
const TO_365 = "Outbound to Office 365";
const TO_FABRIKAM = "Outbound to Fabrikam";

/**
 * A log folder: Exchange 2019 (30 fields) and Exchange 2013 (27 fields) files; users' mail, NDRs (<>), forwarded mail,
 * mail on behalf of Fabrikam, both send connectors, an intra-organization SEND, other events, a message with two rows,
 * a bad row, an overlong line, a message id with a terminal escape, and a file that is not a log.
 */
function writeLogFolder(): string {
  const logs = path.join(dir, "logs");
  fs.mkdirSync(logs, { recursive: true });
  const overlong = { ...sendRow(TO_365, "<long@ex01>", "user@contoso.com", ["a@example.net"]), "message-subject": "x".repeat(70_000) };
  fs.writeFileSync(path.join(logs, "MSGTRK2026113008-1.LOG"), trackingLog(FIELDS_30, [
    eventRow("RECEIVE", "<user1@ex01.corp.contoso.com>"),
    sendRow(TO_365, "<user1@ex01.corp.contoso.com>", "user@contoso.com", ["someone@example.net"]),
    sendRow(TO_365, "<ndr1@ex01.corp.contoso.com>", "<>", ["sender@example.org"]),
    eventRow("DSN", "<ndr1@ex01.corp.contoso.com>"),
    // Forwarded by an on-premises user: the outside sender stays in return-path; two rows of one message count once.
    sendRow(TO_365, "<fwd1@mail.example.org>", "someone@example.org", ["private@example.net"]),
    sendRow(TO_365, "<fwd1@mail.example.org>", "someone@example.org", ["other@example.net;third@example.net"]),
    { ...sendRow("Intra-Organization SMTP Send Connector", "<user1@ex01.corp.contoso.com>", "user@contoso.com", ["mailbox@contoso.com"]), "event-id": "SEND" },
    eventRow("DELIVER", "<user1@ex01.corp.contoso.com>"),
    eventRow("HAREDIRECT", "<user1@ex01.corp.contoso.com>"),
    sendRow(TO_365, "<ndr2@ex01.corp.contoso.com>", "<>", ["bounce@example.com"]),
    sendRow(TO_365, "<fwd2\u001b[31m@mail.example.org>", "news@example.org", ["private@example.net"]),
  ]) + ["2026-11-30T08:20:00.000Z,10.0.0.5,EX01,only,four fields", `${Object.values(overlong).join(",")}`, ""].join("\r\n"));
  fs.writeFileSync(path.join(logs, "MSGTRK2026113009-1.LOG"), trackingLog(FIELDS_27, [
    sendRow(TO_365, "<ndr3@ex02.corp.contoso.com>", "<>", ["sender@example.com"]),
    sendRow(TO_FABRIKAM, "<fab1@ex02.corp.contoso.com>", "user@fabrikam.com", ["partner@example.net"]),
    // Mail of a Fabrikam user through Contoso's connector: attributed to Fabrikam by MAIL FROM, not to Contoso.
    sendRow(TO_365, "<fab2@ex02.corp.contoso.com>", "user@fabrikam.com", ["colleague@fabrikam.com"]),
    eventRow("RECEIVE", "<fab1@ex02.corp.contoso.com>"),
  ], "15.0.1497.2"));
  fs.writeFileSync(path.join(logs, "README.txt"), "not a log\n");
  return logs;
}

describe("simulate, message tracking logs", () => {
  const logs = writeLogFolder();

  test("against the IP-only connector: NDRs and forwarded mail are 5.7.64 rejections, grouped with sample ids", async () => {
    const run = await cli(["simulate", "--plan", plans.ipOnly, "--messages", logs, "--format", "json"]);
    expect(run.code).toBe(2); // a bad row and an overlong line
    const report = JSON.parse(run.stdout);
    expect(report.counts).toEqual({
      files: 2, lines: 27, badRows: 2, rowsSimulated: 10,
      otherEvents: { RECEIVE: 2, DELIVER: 1, DSN: 1, HAREDIRECT: 1 },
      undeclaredConnectors: { "Intra-Organization SMTP Send Connector": 1 },
      notFromOrganization: 0,
    });
    const [side] = report.sides;
    // fab2, a Fabrikam user's mail through Contoso's connector, is attributed to Fabrikam by its MAIL FROM: not a problem here.
    expect(side).toMatchObject({ plan: plans.ipOnly, messages: 8, problemMessages: 5 });
    expect(side.groups.map((g: Record<string, unknown>) => [g.sendConnector, g.inboundConnector ?? null, g.outcome, g.mailFromDomain, g.messages, g.sampleMessageIds])).toEqual([
      [TO_365, null, `rejected: ${NDR_RELAY_DENIED}`, "<>", 3, ["<ndr1@ex01.corp.contoso.com>", "<ndr2@ex01.corp.contoso.com>", "<ndr3@ex02.corp.contoso.com>"]],
      [TO_365, null, `rejected: ${NDR_RELAY_DENIED}`, "example.org", 2, ["<fwd1@mail.example.org>", "<fwd2\u001b[31m@mail.example.org>"]],
    ]);
    // Every string from the logs is escaped, on stdout and stderr: the raw escape never reaches the terminal.
    expect(run.stdout).not.toContain("\u001b");
    const log = path.join(logs, "MSGTRK2026113008-1.LOG");
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      `${log}:17: bad row skipped: 5 fields instead of the 30 of the #Fields: header`,
      expect.stringMatching(new RegExp(`^${log}:18: bad row skipped: the line has 70,\\d{3} characters, more than the limit of 65,536 \\(--max-line-length\\)$`)),
    ]);
  });

  test("text: grouped by send connector and inbound connector, escaped; the markdown file for a pull request", async () => {
    const out = path.join(dir, "report.md");
    const run = await cli(["simulate", "--plan", plans.ipOnly, "--messages", logs, "--out", out]);
    expect(run.stdout).not.toContain("\u001b");
    expect(run.stdout).toContain("<fwd2\\x1b[31m@mail.example.org>");
    expect(run.stdout.split(dir).join("<dir>")).toMatchSnapshot();
    expect(fs.readFileSync(out, "utf8").split(dir).join("<dir>")).toMatchSnapshot();
  });

  test("--compare with the certificate connector declared: the NDRs and forwarded mail are listed as fixed, the Fabrikam user's mail as broken", async () => {
    const run = await cli(["simulate", "--plan", plans.ipOnly, "--compare", plans.certificate, "--messages", logs, "--format", "json"]);
    const report = JSON.parse(run.stdout);
    // With the certificate, Contoso's connector attributes everything to Contoso: the Fabrikam user's mail too (MC1226222).
    const fab2 = "attributed to contoso.onmicrosoft.com instead of fabrikam.onmicrosoft.com (which accepts the MAIL FROM domain)";
    expect(report.sides[1]).toMatchObject({ plan: plans.certificate, messages: 8, problemMessages: 1 });
    expect(report.sides[1].groups.map((g: Record<string, unknown>) => [g.sendConnector, g.inboundConnector, g.outcome, g.mailFromDomain, g.sampleMessageIds])).toEqual([
      [TO_365, "traffic/Contoso/FromOnPremises", fab2, "fabrikam.com", ["<fab2@ex02.corp.contoso.com>"]],
    ]);
    expect(report.changes.map((c: Record<string, unknown>) => [c.change, c.sendConnector, c.mailFromDomain, c.before, c.after, c.messages, c.sampleMessageIds])).toEqual([
      ["broken", TO_365, "fabrikam.com", "delivered in fabrikam.onmicrosoft.com", fab2, 1, ["<fab2@ex02.corp.contoso.com>"]],
      ["fixed", TO_365, "<>", `rejected: ${NDR_RELAY_DENIED}`, "relayed in contoso.onmicrosoft.com", 3, ["<ndr1@ex01.corp.contoso.com>", "<ndr2@ex01.corp.contoso.com>", "<ndr3@ex02.corp.contoso.com>"]],
      ["fixed", TO_365, "example.org", `rejected: ${NDR_RELAY_DENIED}`, "relayed in contoso.onmicrosoft.com", 2, ["<fwd1@mail.example.org>", "<fwd2\u001b[31m@mail.example.org>"]],
    ]);
    const text = await cli(["simulate", "--plan", plans.ipOnly, "--compare", plans.certificate, "--messages", logs]);
    expect(text.stdout.split(dir).join("<dir>")).toMatchSnapshot();
    expect(text.code).toBe(2); // flows change (and the log has bad rows)
  });

  test("the reverse compare lists the same flows as broken", async () => {
    const run = await cli(["simulate", "--plan", plans.certificate, "--compare", plans.ipOnly, "--messages", logs, "--format", "json"]);
    expect(JSON.parse(run.stdout).changes.map((c: { change: string; messages: number }) => [c.change, c.messages])).toEqual([["broken", 3], ["broken", 2], ["fixed", 1]]);
  });
});

describe("simulate, Exchange Online message trace", () => {
  const bom16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  const REPORT_HEADER = '"origin_timestamp_utc","sender_address","recipient_status","message_subject","total_bytes","message_id","network_message_id","original_client_ip","directionality","connector_id","delivery_priority"';
  const reportRow = (sender: string, recipients: string, id: string, ip: string) => `"2026-11-30T08:15:02Z","${sender}","${recipients}","Subject, with comma","2048","${id}","g","${ip}","Originating","",""`;

  test("the CSV report in UTF-16LE with a BOM and Get-MessageTraceV2 | ConvertTo-Json: on-premises mail by source address", async () => {
    const csv = path.join(dir, "trace.csv");
    fs.writeFileSync(csv, bom16([
      REPORT_HEADER,
      reportRow("", "sender@example.org##Receive, Fail", "<ndr-t1@ex01>", "203.0.113.25"),
      reportRow("user@contoso.com", "someone@example.net##Receive, Deliver;other@example.com##Receive, Deliver", "<ok-t1@ex01>", "203.0.113.25"),
      reportRow("someone@example.org", "me@contoso.com##Receive, Deliver", "<inbound-t1@mail.example.org>", "198.51.100.7"),
      "not,enough",
    ].join("\r\n") + "\r\n"));
    const json = path.join(dir, "trace.json");
    fs.writeFileSync(json, bom16(JSON.stringify([
      { Received: "2026-11-30T08:16:00", SenderAddress: "news@example.org", RecipientAddress: "private@example.net", Subject: "Fwd", Status: "Failed", FromIP: "203.0.113.25", ToIP: null, Size: 100, MessageId: "<fwd-t1@mail.example.org>", MessageTraceId: "00000000-0000-0000-0000-000000000001" },
      { Received: "2026-11-30T08:17:00", SenderAddress: "user@contoso.com", RecipientAddress: "a@example.net", Status: "Delivered", FromIP: "203.0.113.25", MessageId: "<ok-t2@ex01>" },
      { Received: "2026-11-30T08:18:00", SenderAddress: "user@contoso.com", RecipientAddress: 7, FromIP: "203.0.113.25", MessageId: "<bad@ex01>" },
    ], undefined, 2)));
    const single = path.join(dir, "single.json");
    fs.writeFileSync(single, JSON.stringify({ SenderAddress: "", RecipientAddress: "bounce@example.com", FromIP: "203.0.113.25", MessageId: "<ndr-t2@ex02>" }));
    const run = await cli(["simulate", "--plan", plans.ipOnly, "--compare", plans.certificate, "--messages", csv, json, single, "--format", "json"]);
    const report = JSON.parse(run.stdout);
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      `${csv}:5: bad row skipped: 2 fields instead of the 11 of the header`,
      `${json}:record 3: bad row skipped: RecipientAddress must be a string`,
    ]);
    expect(report.counts).toMatchObject({ files: 3, badRows: 2, rowsSimulated: 5, notFromOrganization: 1 });
    expect(report.sides[0].groups.map((g: Record<string, unknown>) => [g.sendConnector, g.mailFromDomain, g.messages, g.sampleMessageIds])).toEqual([
      [TO_365, "<>", 2, ["<ndr-t1@ex01>", "<ndr-t2@ex02>"]],
      [TO_365, "example.org", 1, ["<fwd-t1@mail.example.org>"]],
    ]);
    expect(report.changes.map((c: { change: string; messages: number }) => [c.change, c.messages])).toEqual([["fixed", 2], ["fixed", 1]]);
  });

  test("invalid JSON: reported as a bad row with the record it stopped at, the rest of the file skipped, the run goes on", async () => {
    const broken = path.join(dir, "broken.json");
    fs.writeFileSync(broken, '[{"SenderAddress": "", "RecipientAddress": "x@example.net", "FromIP": "203.0.113.25", "MessageId": "<n@x>"}, {"Sender": ]');
    const run = await cli(["simulate", "--plan", plans.ipOnly, "--messages", broken, "--format", "json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${broken}:record 2: bad row skipped: invalid JSON \\(.+\\); the rest of the file is skipped\\n$`));
    expect(JSON.parse(run.stdout).sides[0].problemMessages).toBe(1);
  });
});

describe("simulate, traffic usage errors", () => {
  test("a folder without tracking logs, a file of this tool's own format mixed in, a bad --max-line-length", async () => {
    const empty = path.join(dir, "empty");
    fs.mkdirSync(empty, { recursive: true });
    expect(await cli(["simulate", "--plan", plans.ipOnly, "--messages", empty])).toEqual({ code: 1, stdout: "", stderr: `cdktf-mailflow: the folder ${empty} holds no message tracking log (MSGTRK*.LOG)\n` });
    const own = path.join(dir, "own.csv");
    fs.writeFileSync(own, "source_ip,certificate_names,mail_from,rcpt_to\n");
    const mixed = await cli(["simulate", "--plan", plans.ipOnly, "--messages", own, "--compare", plans.certificate]);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain("is not a message tracking log or a message trace export");
    const missing = await cli(["simulate", "--plan", plans.ipOnly, "--compare", plans.certificate, "--messages", path.join(dir, "nowhere.LOG")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^cdktf-mailflow: cannot read .*nowhere\.LOG: ENOENT/);
    const limit = await cli(["simulate", "--plan", plans.ipOnly, "--messages", path.join(dir, "logs"), "--max-line-length", "12"]);
    expect(limit.stderr).toContain("--max-line-length must be a whole number of characters, at least 256");
  });
});
