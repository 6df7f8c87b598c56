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
    expect(side).toMatchObject({ plan: plans.ipOnly, messages: 8, problemMessages: 6 });
    expect(side.groups.map((g: Record<string, unknown>) => [g.sendConnector, g.inboundConnector ?? null, g.outcome, g.mailFromDomain, g.messages, g.sampleMessageIds])).toEqual([
      [TO_365, null, "attributed to fabrikam.onmicrosoft.com instead of contoso.onmicrosoft.com", "fabrikam.com", 1, ["<fab2@ex02.corp.contoso.com>"]],
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

  test("--compare with the certificate connector declared: the NDRs and forwarded mail are listed as fixed", async () => {
    const run = await cli(["simulate", "--plan", plans.ipOnly, "--compare", plans.certificate, "--messages", logs, "--format", "json"]);
    const report = JSON.parse(run.stdout);
    expect(report.sides[1]).toMatchObject({ plan: plans.certificate, messages: 8, problemMessages: 0, groups: [] });
    expect(report.changes.map((c: Record<string, unknown>) => [c.change, c.sendConnector, c.mailFromDomain, c.before, c.after, c.messages, c.sampleMessageIds])).toEqual([
      ["fixed", TO_365, "<>", `rejected: ${NDR_RELAY_DENIED}`, "relayed in contoso.onmicrosoft.com", 3, ["<ndr1@ex01.corp.contoso.com>", "<ndr2@ex01.corp.contoso.com>", "<ndr3@ex02.corp.contoso.com>"]],
      ["fixed", TO_365, "example.org", `rejected: ${NDR_RELAY_DENIED}`, "relayed in contoso.onmicrosoft.com", 2, ["<fwd1@mail.example.org>", "<fwd2\u001b[31m@mail.example.org>"]],
      ["fixed", TO_365, "fabrikam.com", "attributed to fabrikam.onmicrosoft.com instead of contoso.onmicrosoft.com", "relayed in contoso.onmicrosoft.com", 1, ["<fab2@ex02.corp.contoso.com>"]],
    ]);
    const text = await cli(["simulate", "--plan", plans.ipOnly, "--compare", plans.certificate, "--messages", logs]);
    expect(text.stdout.split(dir).join("<dir>")).toMatchSnapshot();
    expect(text.code).toBe(2); // flows change (and the log has bad rows)
  });

  test("the reverse compare lists the same flows as broken", async () => {
    const run = await cli(["simulate", "--plan", plans.certificate, "--compare", plans.ipOnly, "--messages", logs, "--format", "json"]);
    expect(JSON.parse(run.stdout).changes.map((c: { change: string; messages: number }) => [c.change, c.messages])).toEqual([["broken", 3], ["broken", 2], ["broken", 1]]);
  });
});
