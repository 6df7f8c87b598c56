/**
 * `simulate --route` (every message a tracking log shows leaving the organization, routed as each plan's on-premises
 * routing would) and `--plan` / `--compare` with a live export that audit reads.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NDR_RELAY_DENIED } from "../../lib/simulate";
import { cli } from "./cli-harness";
import { FIELDS_30, FIELDS_27, eventRow, sendRow, trackingLog, writeDirectInternetPlan, writeTrafficPlans } from "./traffic-fixtures";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-route-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const plans = writeTrafficPlans(dir);
const direct = writeDirectInternetPlan(dir);
const TO_365 = "Outbound to Office 365";
const TO_FABRIKAM = "Outbound to Fabrikam";
const LIVE_IP_ONLY = path.join(__dirname, "..", "fixtures", "live", "traffic-ip-only");

/** A send row sent from `server` (its client-hostname). */
function from(server: string, row: Record<string, string>): Record<string, string> {
  return { ...row, "client-hostname": `${server}.corp.contoso.com` };
}

/**
 * Today's log: internet mail leaves through "Internet", a connector no plan declares (the NDR and the forwarded message
 * among it); a Fabrikam user's message to a Fabrikam and an internet recipient went out in one row through Contoso's
 * connector; hops between servers go through the Intra-Organization SMTP Send Connector.
 */
function writeRouteLogs(): string {
  const logs = path.join(dir, "route-logs");
  fs.mkdirSync(logs, { recursive: true });
  fs.writeFileSync(path.join(logs, "MSGTRK2026113008-1.LOG"), trackingLog(FIELDS_30, [
    eventRow("RECEIVE", "<user1@ex01.corp.contoso.com>"),
    { ...from("EX01", sendRow("Intra-Organization SMTP Send Connector", "<user1@ex01.corp.contoso.com>", "user@contoso.com", ["someone@example.net"])), "event-id": "SEND" },
    from("EX02", sendRow("Internet", "<user1@ex01.corp.contoso.com>", "user@contoso.com", ["someone@example.net"])),
    from("EX02", sendRow("Internet", "<ndr1@ex02.corp.contoso.com>", "<>", ["sender@example.org"])),
    from("EX01", sendRow("Internet", "<fwd1@mail.example.org>", "someone@example.org", ["private@example.net"])),
    { ...from("EX01", sendRow("Internet", "<user2@ex01.corp.contoso.com>", "user@contoso.com", ["a@example.com"])), "event-id": "SEND" },
    eventRow("DELIVER", "<user1@ex01.corp.contoso.com>"),
  ]));
  fs.writeFileSync(path.join(logs, "MSGTRK2026113009-1.LOG"), trackingLog(FIELDS_27, [
    from("EX02", sendRow(TO_365, "<fab1@ex02.corp.contoso.com>", "user@fabrikam.com", ["partner@fabrikam.com", "buyer@example.net"])),
    from("EX02", sendRow(TO_365, "<coex1@ex02.corp.contoso.com>", "user@contoso.com", ["moved.user@contoso.mail.onmicrosoft.com"])),
  ], "15.0.1497.2"));
  return logs;
}

describe("simulate --route", () => {
  const logs = writeRouteLogs();

  test("without --route, only the sends through declared connectors are simulated; the internet connector's are counted as undeclared", async () => {
    const run = await cli(["simulate", "--plan", plans.ipOnly, "--messages", logs, "--format", "json"]);
    const report = JSON.parse(run.stdout);
    expect(report.counts).toMatchObject({ rowsSimulated: 7, undeclaredConnectors: { Internet: 4, "Intra-Organization SMTP Send Connector": 1 } });
    expect(report.counts.notToExchangeOnline).toBeUndefined();
    expect(report.sides[0]).toMatchObject({ messages: 2 });
    expect(report.sides[0].notToExchangeOnline).toBeUndefined();
  });

  test("against the plan whose * connector goes to Exchange Online: the internet connector's NDR and forwarded message are routed there and rejected 5.7.64", async () => {
    const run = await cli(["simulate", "--plan", plans.ipOnly, "--route", "--messages", logs, "--format", "json"]);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(report.counts).toMatchObject({ rowsSimulated: 6, intraOrganization: 1, undeclaredConnectors: {}, notToExchangeOnline: {} });
    const [side] = report.sides;
    // user1, ndr1, fwd1, user2, coex1, and fab1 twice: a message counts once per send connector, and routing splits
    // fab1 between Fabrikam's connector (its Fabrikam recipient) and Contoso's (its internet recipient).
    expect(side).toMatchObject({ messages: 7, notToExchangeOnline: 0 });
    const groups = side.groups.map((g: Record<string, unknown>) => [g.sendConnector, g.outcome, g.mailFromDomain, g.sampleMessageIds]);
    expect(groups).toContainEqual([TO_365, `rejected: ${NDR_RELAY_DENIED}`, "<>", ["<ndr1@ex02.corp.contoso.com>"]]);
    expect(groups).toContainEqual([TO_365, `rejected: ${NDR_RELAY_DENIED}`, "example.org", ["<fwd1@mail.example.org>"]]);
    // Routing sends fab1's Fabrikam recipient through Fabrikam's connector (fine there), its internet recipient through
    // Contoso's IP-identified one, where no connector of Fabrikam's (whose domain the MAIL FROM is) identifies it.
    expect(groups.filter((g: unknown[]) => g[0] === TO_FABRIKAM)).toEqual([]);
    expect(groups).toContainEqual([TO_365, `rejected: ${NDR_RELAY_DENIED}`, "fabrikam.com", ["<fab1@ex02.corp.contoso.com>"]]);
    expect(side.problemMessages).toBe(3);
  });

  test("--compare with the plan that sends internet mail directly: what leaves Exchange Online's path is listed, and counted apart", async () => {
    const run = await cli(["simulate", "--plan", plans.ipOnly, "--compare", direct, "--route", "--messages", logs, "--format", "json"]);
    const report = JSON.parse(run.stdout);
    const [before, after] = report.sides;
    expect(before).toMatchObject({ notToExchangeOnline: 0 });
    // After: only fab1's Fabrikam recipient and coex1 still go to Exchange Online; user1, ndr1, fwd1, user2 and fab1's
    // internet recipient go to the internet directly.
    expect(after).toMatchObject({ messages: 2, problemMessages: 0, notToExchangeOnline: 5 });
    const changes = report.changes.map((c: Record<string, unknown>) => [c.change, c.sendConnectorBefore ?? null, c.sendConnector, c.mailFromDomain, c.before, c.after, c.sampleMessageIds]);
    const elsewhere = "routed to no send connector towards Exchange Online";
    expect(changes).toEqual(expect.arrayContaining([
      ["fixed", null, TO_365, "<>", `rejected: ${NDR_RELAY_DENIED}`, elsewhere, ["<ndr1@ex02.corp.contoso.com>"]],
      ["fixed", null, TO_365, "example.org", `rejected: ${NDR_RELAY_DENIED}`, elsewhere, ["<fwd1@mail.example.org>"]],
    ]));
    const text = await cli(["simulate", "--plan", plans.ipOnly, "--compare", direct, "--route", "--messages", logs]);
    expect(text.stdout).toContain(`; 5 messages routed to no send connector towards Exchange Online.`);
    expect(text.stdout.split(dir).join("<dir>")).toMatchSnapshot();
  });

  test("against the direct-internet plan alone: the rows no plan routes to Exchange Online are counted by the connector the log names", async () => {
    const run = await cli(["simulate", "--plan", direct, "--route", "--messages", logs, "--format", "json"]);
    const report = JSON.parse(run.stdout);
    expect(report.counts.notToExchangeOnline).toEqual({ Internet: 4, [TO_365]: 1 });
    expect(report.sides[0]).toMatchObject({ messages: 2, notToExchangeOnline: 5 });
    const text = await cli(["simulate", "--plan", direct, "--route", "--messages", logs]);
    expect(text.stdout).toContain("5 send rows routed to no send connector towards Exchange Online by any plan");
    expect(text.stdout).toContain("not towards Exchange Online, by the connector logged: Internet 4, Outbound to Office 365 1");
  });

  test("the sending server decides among equal connectors: a connector sourced on it wins over one sourced elsewhere", async () => {
    // Two * connectors of equal cost to Contoso's tenant, one sourced on EX01, one on EX02: each server's mail leaves through its own.
    const plan = JSON.parse(fs.readFileSync(plans.ipOnly, "utf8"));
    const organization = plan.organizations[0];
    const [toContoso] = organization.sendConnectors;
    organization.sendConnectors = [
      { ...toContoso, path: `${toContoso.path}1`, name: "Via EX01", sourceTransportServers: ["EX01"] },
      { ...toContoso, path: `${toContoso.path}2`, name: "Via EX02", sourceTransportServers: ["EX02"] },
      ...organization.sendConnectors.slice(1),
    ];
    const file = path.join(dir, "two-sources.plan.json");
    fs.writeFileSync(file, JSON.stringify(plan));
    const run = await cli(["simulate", "--plan", file, "--route", "--messages", logs, "--format", "json"]);
    expect(run.stderr).toBe("");
    const groups = JSON.parse(run.stdout).sides[0].groups.map((g: Record<string, unknown>) => [g.sendConnector, g.outcome, g.mailFromDomain, g.sampleMessageIds]);
    // fwd1 left EX01, ndr1 and fab1 EX02 (their client-hostname). fab1's internet recipient: MAIL FROM fabrikam.com
    // through Contoso's IP-identified connection is Fabrikam's mail, and no connector of Fabrikam's identifies it.
    expect(groups).toEqual([
      ["Via EX01", `rejected: ${NDR_RELAY_DENIED}`, "example.org", ["<fwd1@mail.example.org>"]],
      ["Via EX02", `rejected: ${NDR_RELAY_DENIED}`, "<>", ["<ndr1@ex02.corp.contoso.com>"]],
      ["Via EX02", `rejected: ${NDR_RELAY_DENIED}`, "fabrikam.com", ["<fab1@ex02.corp.contoso.com>"]],
    ]);
    // Compared with the certificate plan's single connector: the flows that change name both connectors.
    const compared = await cli(["simulate", "--plan", file, "--compare", plans.certificate, "--route", "--messages", logs, "--format", "json"]);
    const moved = JSON.parse(compared.stdout).changes.map((c: Record<string, unknown>) => [c.change, c.sendConnectorBefore ?? null, c.sendConnector, c.sampleMessageIds]);
    expect(moved).toEqual(expect.arrayContaining([
      ["fixed", "Via EX01", TO_365, ["<fwd1@mail.example.org>"]],
      ["fixed", "Via EX02", TO_365, ["<ndr1@ex02.corp.contoso.com>"]],
    ]));
    const markdown = path.join(dir, "moved.md");
    const text = await cli(["simulate", "--plan", file, "--compare", plans.certificate, "--route", "--messages", logs, "--out", markdown]);
    expect(text.stdout).toContain(`  fixed: Via EX01 -> ${TO_365}, MAIL FROM example.org: 1 message\n`);
    expect(fs.readFileSync(markdown, "utf8")).toContain(`| fixed | Via EX01 -> ${TO_365} | \`example.org\` |`);
  });

  test("--route is for message tracking logs and message traces, not this tool's own rows", async () => {
    const own = path.join(dir, "own.csv");
    fs.writeFileSync(own, "source_ip,certificate_names,mail_from,rcpt_to\n");
    const run = await cli(["simulate", "--plan", plans.ipOnly, "--route", "--messages", own]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--compare, --route, --out and several --messages work on those");
  });
});

describe("simulate --plan with a live export", () => {
  const logs = path.join(dir, "logs");
  fs.mkdirSync(logs, { recursive: true });
  fs.writeFileSync(path.join(logs, "MSGTRK2026113008-1.LOG"), trackingLog(FIELDS_30, [
    sendRow(TO_365, "<user1@ex01.corp.contoso.com>", "user@contoso.com", ["someone@example.net"]),
    sendRow(TO_365, "<ndr1@ex01.corp.contoso.com>", "<>", ["sender@example.org"]),
    sendRow(TO_365, "<fwd1@mail.example.org>", "someone@example.org", ["private@example.net"]),
    sendRow(TO_365, "<ndr2@ex02.corp.contoso.com>", "<>", ["bounce@example.com"]),
    sendRow(TO_FABRIKAM, "<fab1@ex02.corp.contoso.com>", "user@fabrikam.com", ["partner@example.net"]),
  ]));

  test("today's live export (IP-only connector) against the plan of the certificate connector: the NDRs and forwarded mail are listed as fixed", async () => {
    const run = await cli(["simulate", "--plan", LIVE_IP_ONLY, "--egress", "203.0.113.25", "--compare", plans.certificate, "--messages", logs, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(2); // flows change
    const report = JSON.parse(run.stdout);
    expect(report.sides[0]).toMatchObject({ plan: `live export ${LIVE_IP_ONLY}`, messages: 5, problemMessages: 3 });
    expect(report.sides[0].groups.map((g: Record<string, unknown>) => [g.sendConnector, g.outcome, g.mailFromDomain, g.sampleMessageIds])).toEqual([
      [TO_365, `rejected: ${NDR_RELAY_DENIED}`, "<>", ["<ndr1@ex01.corp.contoso.com>", "<ndr2@ex02.corp.contoso.com>"]],
      [TO_365, `rejected: ${NDR_RELAY_DENIED}`, "example.org", ["<fwd1@mail.example.org>"]],
    ]);
    expect(report.changes.map((c: Record<string, unknown>) => [c.change, c.sendConnector, c.mailFromDomain, c.before, c.after, c.messages, c.sampleMessageIds])).toEqual([
      ["fixed", TO_365, "<>", `rejected: ${NDR_RELAY_DENIED}`, "relayed in contoso.onmicrosoft.com", 2, ["<ndr1@ex01.corp.contoso.com>", "<ndr2@ex02.corp.contoso.com>"]],
      ["fixed", TO_365, "example.org", `rejected: ${NDR_RELAY_DENIED}`, "relayed in contoso.onmicrosoft.com", 1, ["<fwd1@mail.example.org>"]],
    ]);
  });

  test("the live export's folders given one by one, and as --compare; a plan.json is recognized by its schemaVersion", async () => {
    const parts = ["contoso-online", "fabrikam-online", "contoso-exchange"].flatMap((f) => ["--compare", path.join(LIVE_IP_ONLY, f)]);
    const run = await cli(["simulate", "--plan", plans.certificate, ...parts, "--egress", "203.0.113.25/32", "--messages", logs, "--format", "json"]);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(report.sides[1].plan).toBe(`live export ${["contoso-online", "fabrikam-online", "contoso-exchange"].map((f) => path.join(LIVE_IP_ONLY, f)).join(", ")}`);
    expect(report.changes.map((c: { change: string; messages: number }) => [c.change, c.messages])).toEqual([["broken", 2], ["broken", 1]]);
  });

  test("without --egress: a note says the export carries no egress address, and the IP-identified mail is simulated without it", async () => {
    const run = await cli(["simulate", "--plan", LIVE_IP_ONLY, "--messages", logs, "--format", "json"]);
    expect(run.stderr).toBe(`note: live export ${LIVE_IP_ONLY}: exports do not carry the egress address of live/ContosoExchange: its mail is simulated with the certificate only, and message trace records are not matched to it; --egress <address> gives it\n`);
    // Without the address, Contoso's IP connector identifies nothing: its users' mail to the internet is rejected too.
    expect(JSON.parse(run.stdout).sides[0]).toMatchObject({ messages: 5, problemMessages: 4 });
  });

  test("this tool's own rows against a live export: the connector named is the live one", async () => {
    const own = path.join(dir, "own-rows.csv");
    fs.writeFileSync(own, "source_ip,certificate_names,mail_from,rcpt_to\n203.0.113.25,,user@contoso.com,someone@example.net\n");
    const run = await cli(["simulate", "--plan", LIVE_IP_ONLY, "--egress", "203.0.113.25", "--messages", own]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(run.stdout.split("\n")[0]).toBe("line 2 <user@contoso.com>: contoso.onmicrosoft.com (by mail-from), connector live/contoso/Inbound from Contoso: someone@example.net relayed");
  });

  test("a bad --egress, and a path that is neither a plan nor an export", async () => {
    const bad = await cli(["simulate", "--plan", LIVE_IP_ONLY, "--egress", "203.0.113", "--messages", logs]);
    expect(bad).toMatchObject({ code: 1, stdout: "" });
    expect(bad.stderr).toMatch(/^cdktf-mailflow: --egress "203\.0\.113": expected a dotted IPv4 address/);
    const empty = path.join(dir, "empty-export");
    fs.mkdirSync(empty, { recursive: true });
    const none = await cli(["simulate", "--plan", empty, "--messages", logs]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`cdktf-mailflow: --plan ${empty}: neither a plan.json that cdktf synth wrote nor exports that audit reads: no export files (*.json, *.xml, *.clixml) in ${empty} (see cdktf-mailflow simulate --help)\n`);
  });
});
