/**
 * The "Fix sender domain" report, before the change: of the messages read from logs, those Exchange Online will reject
 * or attribute to another tenant than their send connector's, grouped by send connector, inbound connector, outcome and
 * MAIL FROM domain, with counts and sample message ids to trace on premises (as Microsoft's insight shows them after the
 * fact); and, against a second plan, the flows whose outcome changes. Memory is bounded: messages are counted by hash
 * ({@link HashedStringSet}), groups and listed connector ids are capped.
 */
import { envelopeDomain, isNullSender } from "../simulate/envelope";
import { escapeControl } from "./control-chars";
import { HashedStringSet } from "./message-id-set";
import type { DeclaredSendConnector, LoggedSend, SideVerdict, TrafficPlan, TrafficVia } from "./traffic-plan";

/** Sample message ids kept per group. */
export const SAMPLE_IDS = 5;
/** Groups kept per side; beyond, new MAIL FROM domains are counted under {@link OTHER_DOMAINS}. */
export const GROUP_LIMIT = 50_000;
/** The MAIL FROM domain under which domains beyond {@link GROUP_LIMIT} are counted. */
export const OTHER_DOMAINS = "(other domains)";
/** Distinct connector ids and event ids listed in the counts; more are counted together. */
const LISTED_LIMIT = 1_000;

/** One group of messages with the same problem. */
export interface TrafficGroup {
  /** The send connector that carried them (its name). */
  readonly sendConnector: string;
  /** The tenant that send connector targets (its initial domain); absent when it is not in the plan. */
  readonly targetTenant?: string;
  /** Path of the inbound connector that identified them in Exchange Online; absent when none did. */
  readonly inboundConnector?: string;
  /** `rejected: <NDR>`, `attributed to <tenant> instead of <tenant> (...)`, or `not attributed (...)`. */
  readonly outcome: string;
  /** The MAIL FROM domain, `<>` for the null sender. */
  readonly mailFromDomain: string;
  /** Distinct messages (by message id and send connector). */
  readonly messages: number;
  /** Up to {@link SAMPLE_IDS} message ids, in the order first read. */
  readonly sampleMessageIds: readonly string[];
}

/** One side's results: the problems against one plan. */
export interface TrafficSide {
  /** The plan, as named on the command line. */
  readonly plan: string;
  /** Distinct messages through a send connector this plan declares. */
  readonly messages: number;
  /** Of them, messages with at least one recipient rejected, or attributed to another tenant. */
  readonly problemMessages: number;
  /** The groups, by send connector, inbound connector, outcome, MAIL FROM domain. */
  readonly groups: readonly TrafficGroup[];
  /**
   * With `--route`: distinct messages with recipients this plan's routing sends to no send connector towards Exchange
   * Online (mail to the internet through a connector the plan does not declare).
   */
  readonly notToExchangeOnline?: number;
}

/** A flow whose outcome differs between the two plans. */
export interface TrafficChange {
  /** `fixed` (a problem before, none after), `broken` (the reverse), or `changed` (a different outcome either way). */
  readonly change: "fixed" | "broken" | "changed";
  /** The send connector that carries the flow after the change (before it, when routing sends it to none after). */
  readonly sendConnector: string;
  /** With `--route`, when the routing of the first plan picks another send connector (or none: `(none)`): that one. */
  readonly sendConnectorBefore?: string;
  readonly mailFromDomain: string;
  /** The outcome against the first plan. */
  readonly before: string;
  /** The outcome against the second plan. */
  readonly after: string;
  readonly messages: number;
  readonly sampleMessageIds: readonly string[];
}

/** What was read. */
export interface TrafficCounts {
  /** Files read. */
  readonly files: number;
  /** Lines (or JSON objects) read, headers included. */
  readonly lines: number;
  /** Rows skipped as bad (each reported on stderr with its file:line). */
  readonly badRows: number;
  /** Rows of send events and message trace records simulated. */
  readonly rowsSimulated: number;
  /** Rows of other tracking-log events, by event id. */
  readonly otherEvents: Readonly<Record<string, number>>;
  /** Send rows through connectors that neither plan declares (intra-organization sends, other connectors), by connector id. */
  readonly undeclaredConnectors: Readonly<Record<string, number>>;
  /** Message trace records from an address no organization declares as egress (not on-premises mail). */
  readonly notFromOrganization: number;
  /** With `--route`: send rows through Exchange's implicit Intra-Organization SMTP Send Connector (between servers, not leaving). */
  readonly intraOrganization?: number;
  /**
   * With `--route`: rows (or the recipients of a row that travel together) that every plan's routing sends to no send
   * connector towards Exchange Online, by the connector the log names.
   */
  readonly notToExchangeOnline?: Readonly<Record<string, number>>;
}

/** The whole report. */
export interface TrafficReportData {
  readonly counts: TrafficCounts;
  /** One side per plan: `--plan`, then `--compare`. */
  readonly sides: readonly TrafficSide[];
  /** With two plans: the flows whose outcome changes. */
  readonly changes?: readonly TrafficChange[];
}

/**
 * The problems of a verdict: one outcome per distinct NDR, or else the misattribution: the message is attributed to
 * another tenant than the one whose accepted domain its MAIL FROM is (mail of tenant B's users attributed to tenant A,
 * MC1226222), or, for a MAIL FROM no tenant accepts (NDRs, forwarded mail), than the send connector's target tenant.
 * Empty when the message is fine.
 */
export function problemOutcomes(verdict: SideVerdict): string[] {
  if (!verdict.declared) return [];
  const outcomes: string[] = [];
  for (const recipient of verdict.result.recipients) {
    if (recipient.outcome !== "rejected") continue;
    const outcome = `rejected: ${recipient.ndr}`;
    if (!outcomes.includes(outcome)) outcomes.push(outcome);
  }
  if (outcomes.length > 0) return outcomes;
  const tenant = verdict.result.tenant;
  if (verdict.senderTenant !== undefined) {
    if (tenant !== verdict.senderTenant) {
      outcomes.push(tenant === undefined
        ? `not attributed (${verdict.senderTenant} accepts the MAIL FROM domain)`
        : `attributed to ${tenant} instead of ${verdict.senderTenant} (which accepts the MAIL FROM domain)`);
    }
    return outcomes;
  }
  const target = verdict.sendConnector.tenant;
  if (target !== undefined && tenant !== target) {
    outcomes.push(tenant === undefined
      ? `not attributed (the send connector targets ${target})`
      : `attributed to ${tenant} instead of ${target} (the send connector's tenant)`);
  }
  return outcomes;
}

/** A verdict in one phrase, for comparing two plans: the problems, or the recipients' outcomes and the tenant. */
export function flowOutcome(verdict: SideVerdict): string {
  if (!verdict.declared) return verdict.routedElsewhere ? NOT_TO_EXCHANGE_ONLINE : "not through a declared send connector";
  const problems = problemOutcomes(verdict);
  if (problems.length > 0) return problems.join("; ");
  const outcomes = [...new Set(verdict.result.recipients.map((r) => r.outcome))].sort().join(", ");
  return `${outcomes} in ${verdict.result.tenant ?? "no tenant"}`;
}

/** The outcome of a recipient routed to no send connector towards Exchange Online (`--route`). */
export const NOT_TO_EXCHANGE_ONLINE = "routed to no send connector towards Exchange Online";

/** Groups with a count, distinct messages and sample ids. */
class GroupCounter<D> {
  private readonly groups = new Map<string, { data: D; messages: number; samples: string[]; index: number }>();
  private readonly seen = new HashedStringSet();

  /** Counts `messageId` once in the group `key` (created with `data()` the first time). */
  add(key: string, data: () => D, messageId: string): void {
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { data: data(), messages: 0, samples: [], index: this.groups.size };
      this.groups.set(detached(key), group);
    }
    if (!this.seen.add(`${group.index}\u0000${messageId}`)) return;
    group.messages++;
    if (group.samples.length < SAMPLE_IDS) group.samples.push(detached(messageId));
  }

  has(key: string): boolean {
    return this.groups.has(key);
  }

  get size(): number {
    return this.groups.size;
  }

  entries(): { data: D; messages: number; samples: string[] }[] {
    return [...this.groups.values()];
  }
}

/**
 * A copy of `text` that holds no reference to the text it was cut from. A field read from a log is a slice of the
 * megabyte chunk it was read in; kept as it is (a sample id, a connector id), it would keep the whole chunk in memory.
 */
export function detached(text: string): string {
  return text.length < 13 ? text.slice(0) : (` ${text}`).slice(1);
}

/** The MAIL FROM domain of a report: lower case, `<>` for the null sender. */
function mailFromDomain(mailFrom: string): string {
  return isNullSender(mailFrom) ? "<>" : (envelopeDomain(mailFrom) ?? mailFrom.toLowerCase());
}

/** Accumulates messages simulated against one or two plans. */
export class TrafficReport {
  /** Files read (set by the reader). */
  files = 0;
  /** Lines read (set by the reader). */
  lines = 0;
  /** Bad rows (set by the reader). */
  badRows = 0;
  /** Message trace records not from a declared egress address. */
  notFromOrganization = 0;
  private rowsSimulated = 0;
  private readonly otherEvents = new Map<string, number>();
  private readonly undeclared = new Map<string, number>();
  /** Send rows through the implicit intra-organization connector, with `--route` (set by the reader). */
  intraOrganization = 0;
  private readonly notToExchangeOnline = new Map<string, number>();
  private readonly sides: {
    plan: TrafficPlan; messages: HashedStringSet; problems: HashedStringSet; elsewhere: HashedStringSet;
    groups: GroupCounter<Omit<TrafficGroup, "messages" | "sampleMessageIds">>;
  }[];
  private readonly changes = new GroupCounter<Omit<TrafficChange, "messages" | "sampleMessageIds">>();

  /**
   * @param plans the plan, and the plan to compare it with
   * @param routed true with `--route`: tracking-log sends are routed by each plan (the report then counts what goes elsewhere)
   */
  constructor(plans: readonly TrafficPlan[], readonly routed = false) {
    this.sides = plans.map((plan) => ({ plan, messages: new HashedStringSet(), problems: new HashedStringSet(), elsewhere: new HashedStringSet(), groups: new GroupCounter() }));
  }

  /** Counts a row of another tracking-log event. */
  otherEvent(eventId: string): void {
    bump(this.otherEvents, eventId);
  }

  /** True when some plan could carry traffic from that address (a message trace record from an organization). */
  fromOrganization(sourceIp: string): boolean {
    return this.sides.some((s) => s.plan.isEgress(sourceIp));
  }

  /**
   * Simulates one row (a message, or the part of it one log row shows) against every plan and counts it.
   * @param messageId the message id; rows of one message through one connector count once
   */
  add(messageId: string, via: TrafficVia, mailFrom: string, rcptTo: readonly string[]): void {
    this.rowsSimulated++;
    if ("route" in via) {
      this.addRouted(messageId, via.route, mailFrom, rcptTo);
      return;
    }
    const verdicts = this.sides.map((side) => side.plan.simulate(via, mailFrom, rcptTo));
    if (verdicts.every((v) => !v.declared)) {
      bump(this.undeclared, verdicts[0].sendConnector);
      return;
    }
    this.count(messageId, mailFrom, verdicts);
  }

  /**
   * A logged send routed by each plan: each recipient goes to the connector that plan's routing picks for it; the
   * recipients that travel through the same connectors on every side are simulated together, as one flow.
   */
  private addRouted(messageId: string, send: LoggedSend, mailFrom: string, rcptTo: readonly string[]): void {
    const legs = new Map<string, { connectors: (DeclaredSendConnector | undefined)[]; rcptTo: string[] }>();
    for (const recipient of rcptTo) {
      const connectors = this.sides.map((side) => side.plan.routeRecipient(send, recipient));
      const key = connectors.map((c) => c?.model.path ?? "").join("\u0000");
      const leg = legs.get(key);
      if (leg === undefined) legs.set(key, { connectors, rcptTo: [recipient] });
      else leg.rcptTo.push(recipient);
    }
    for (const leg of legs.values()) {
      const verdicts = this.sides.map((side, i): SideVerdict => {
        const connector = leg.connectors[i];
        if (connector !== undefined) return side.plan.simulateThrough(connector, undefined, mailFrom, leg.rcptTo);
        side.elsewhere.add(messageId);
        return { declared: false, sendConnector: send.connectorId, routedElsewhere: true };
      });
      if (verdicts.every((v) => !v.declared)) bump(this.notToExchangeOnline, send.connectorId);
      else this.count(messageId, mailFrom, verdicts);
    }
  }

  /** Counts one flow's verdicts (one per plan, at least one through a declared connector) into the groups and changes. */
  private count(messageId: string, mailFrom: string, verdicts: readonly SideVerdict[]): void {
    const domain = mailFromDomain(mailFrom);
    verdicts.forEach((verdict, i) => {
      if (!verdict.declared) return;
      const side = this.sides[i];
      const connector = verdict.sendConnector.name;
      const id = `${connector}\u0000${messageId}`;
      side.messages.add(id);
      const problems = problemOutcomes(verdict);
      if (problems.length === 0) return;
      side.problems.add(id);
      for (const outcome of problems) {
        const inbound = verdict.result.connector;
        let key = `${connector}\u0000${inbound ?? ""}\u0000${outcome}\u0000${domain}`;
        let groupDomain = domain;
        if (!side.groups.has(key) && side.groups.size >= GROUP_LIMIT) {
          groupDomain = OTHER_DOMAINS;
          key = `${connector}\u0000${inbound ?? ""}\u0000${outcome}\u0000${OTHER_DOMAINS}`;
        }
        side.groups.add(key, () => ({
          sendConnector: connector,
          ...(verdict.sendConnector.tenant !== undefined ? { targetTenant: verdict.sendConnector.tenant } : {}),
          ...(inbound !== undefined ? { inboundConnector: inbound } : {}),
          outcome,
          mailFromDomain: detached(groupDomain),
        }), messageId);
      }
    });
    if (verdicts.length === 2) {
      const before = flowOutcome(verdicts[0]);
      const after = flowOutcome(verdicts[1]);
      if (before === after) return;
      const connector = verdicts[1].declared ? verdicts[1].sendConnector.name : verdicts[0].declared ? verdicts[0].sendConnector.name : verdicts[0].sendConnector;
      // Routing may pick another connector on each side; the change then names both.
      const connectorBefore = verdicts[0].declared ? verdicts[0].sendConnector.name : verdicts[0].routedElsewhere ? "(none)" : connector;
      const wasProblem = problemOutcomes(verdicts[0]).length > 0;
      const isProblem = problemOutcomes(verdicts[1]).length > 0;
      const change = wasProblem && !isProblem ? "fixed" : !wasProblem && isProblem ? "broken" : "changed";
      const connectors = connectorBefore === connector ? connector : `${connectorBefore}\u0000${connector}`;
      let key = `${connectors}\u0000${domain}\u0000${before}\u0000${after}`;
      let changeDomain = domain;
      if (!this.changes.has(key) && this.changes.size >= GROUP_LIMIT) {
        changeDomain = OTHER_DOMAINS;
        key = `${connectors}\u0000${OTHER_DOMAINS}\u0000${before}\u0000${after}`;
      }
      this.changes.add(key, () => ({
        change, sendConnector: detached(connector), ...(connectorBefore !== connector ? { sendConnectorBefore: detached(connectorBefore) } : {}),
        mailFromDomain: detached(changeDomain), before, after,
      }), `${connector}\u0000${messageId}`);
    }
  }

  /** The report so far; groups and changes sorted, so the same input gives the same bytes. */
  data(): TrafficReportData {
    const sides = this.sides.map((side): TrafficSide => ({
      plan: side.plan.label,
      messages: side.messages.size,
      problemMessages: side.problems.size,
      groups: side.groups.entries()
        .map((g): TrafficGroup => ({ ...g.data, messages: g.messages, sampleMessageIds: g.samples }))
        .sort((a, b) => compare(a.sendConnector, b.sendConnector) || compare(a.inboundConnector ?? "\uffff", b.inboundConnector ?? "\uffff") ||
          compare(a.outcome, b.outcome) || b.messages - a.messages || compare(a.mailFromDomain, b.mailFromDomain)),
      ...(this.routed ? { notToExchangeOnline: side.elsewhere.size } : {}),
    }));
    const counts: TrafficCounts = {
      files: this.files,
      lines: this.lines,
      badRows: this.badRows,
      rowsSimulated: this.rowsSimulated,
      otherEvents: sortedRecord(this.otherEvents),
      undeclaredConnectors: sortedRecord(this.undeclared),
      notFromOrganization: this.notFromOrganization,
      ...(this.routed ? { intraOrganization: this.intraOrganization, notToExchangeOnline: sortedRecord(this.notToExchangeOnline) } : {}),
    };
    if (this.sides.length < 2) return { counts, sides };
    const order = { broken: 0, changed: 1, fixed: 2 } as const;
    const changes = this.changes.entries()
      .map((c): TrafficChange => {
        // The message ids were counted with their connector; the samples show the message id alone.
        return { ...c.data, messages: c.messages, sampleMessageIds: c.samples.map((s) => s.slice(s.indexOf("\u0000") + 1)) };
      })
      .sort((a, b) => order[a.change] - order[b.change] || compare(a.sendConnector, b.sendConnector) ||
        compare(a.sendConnectorBefore ?? "", b.sendConnectorBefore ?? "") || b.messages - a.messages ||
        compare(a.mailFromDomain, b.mailFromDomain) || compare(a.before, b.before) || compare(a.after, b.after));
    return { counts, sides, changes };
  }
}

function bump(map: Map<string, number>, key: string): void {
  const count = map.get(key);
  if (count !== undefined) map.set(key, count + 1);
  else if (map.size < LISTED_LIMIT) map.set(detached(key), 1);
  else map.set("(others)", (map.get("(others)") ?? 0) + 1);
}

function sortedRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort(([a, x], [b, y]) => y - x || compare(a, b)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const number = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, word: string) => `${number(n)} ${word}${n === 1 ? "" : "s"}`;

/** The counts line of the text and markdown reports. */
function countsSentence(counts: TrafficCounts): string {
  const other = Object.values(counts.otherEvents).reduce((a, b) => a + b, 0);
  const undeclared = Object.values(counts.undeclaredConnectors).reduce((a, b) => a + b, 0);
  const elsewhere = Object.values(counts.notToExchangeOnline ?? {}).reduce((a, b) => a + b, 0);
  return [
    `${plural(counts.files, "file")}, ${plural(counts.lines, "line")} read`,
    `${plural(counts.rowsSimulated, "row")} simulated`,
    ...(counts.badRows > 0 ? [`${plural(counts.badRows, "bad row")} skipped (listed on stderr)`] : []),
    ...(other > 0 ? [`${plural(other, "row")} of other events`] : []),
    ...(undeclared > 0 ? [`${plural(undeclared, "send row")} through connectors no plan declares`] : []),
    ...(counts.notFromOrganization > 0 ? [`${plural(counts.notFromOrganization, "trace record")} not from a declared egress address`] : []),
    ...(counts.intraOrganization ? [`${plural(counts.intraOrganization, "send row")} between servers (Intra-Organization SMTP Send Connector)`] : []),
    ...(elsewhere > 0 ? [`${plural(elsewhere, "send row")} routed to no send connector towards Exchange Online by any plan`] : []),
  ].join(", ");
}

/** With `--route`: how many messages this side routes elsewhere, as the end of its sentence. */
function routedElsewhere(side: TrafficSide): string {
  return side.notToExchangeOnline === undefined ? "" : `; ${plural(side.notToExchangeOnline, "message")} routed to no send connector towards Exchange Online`;
}

/** A change's send connector, `before -> after` when routing picks another one. */
function connectorChange(c: TrafficChange, show: (text: string) => string): string {
  return c.sendConnectorBefore === undefined ? show(c.sendConnector) : `${show(c.sendConnectorBefore)} -> ${show(c.sendConnector)}`;
}

/** The report as text for a terminal; every string from the logs is escaped. */
export function renderTrafficText(report: TrafficReportData): string {
  const e = escapeControl;
  const lines = [`Traffic: ${countsSentence(report.counts)}.`];
  const undeclared = Object.entries(report.counts.undeclaredConnectors);
  if (undeclared.length > 0) {
    lines.push(`  connectors not declared: ${undeclared.slice(0, 10).map(([id, n]) => `${e(id)} ${number(n)}`).join(", ")}${undeclared.length > 10 ? ", ..." : ""}`);
  }
  const elsewhere = Object.entries(report.counts.notToExchangeOnline ?? {});
  if (elsewhere.length > 0) {
    lines.push(`  not towards Exchange Online, by the connector logged: ${elsewhere.slice(0, 10).map(([id, n]) => `${e(id)} ${number(n)}`).join(", ")}${elsewhere.length > 10 ? ", ..." : ""}`);
  }
  for (const side of report.sides) {
    lines.push("", `Against ${e(side.plan)}: ${plural(side.messages, "message")} through declared send connectors, ` +
      `${number(side.problemMessages)} will be rejected or attributed to another tenant${routedElsewhere(side)}.`);
    let previous = "";
    for (const g of side.groups) {
      const heading = `${e(g.sendConnector)} -> ${g.inboundConnector === undefined ? "no inbound connector" : e(g.inboundConnector)}: ${e(g.outcome)}`;
      if (heading !== previous) lines.push(`  ${heading}`);
      previous = heading;
      lines.push(`    MAIL FROM ${e(g.mailFromDomain)}: ${plural(g.messages, "message")}, e.g. ${g.sampleMessageIds.map(e).join(", ")}`);
    }
  }
  if (report.changes !== undefined) {
    const [before, after] = report.sides;
    lines.push("", `Flows whose outcome changes from ${e(before.plan)} to ${e(after.plan)}: ${report.changes.length === 0 ? "none" : number(report.changes.length)}`);
    for (const c of report.changes) {
      lines.push(`  ${c.change}: ${connectorChange(c, e)}, MAIL FROM ${e(c.mailFromDomain)}: ${plural(c.messages, "message")}`,
        `    before: ${e(c.before)}`, `    after:  ${e(c.after)}`, `    e.g. ${c.sampleMessageIds.map(e).join(", ")}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** A markdown table cell: escaped controls, pipes and backticks, in code when asked. */
function cell(text: string, code = false): string {
  const safe = escapeControl(text).replace(/\|/g, "\\|");
  return code ? `\`${safe.replace(/`/g, "'")}\`` : safe.replace(/`/g, "\\`").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The report as markdown for a pull request. */
export function renderTrafficMarkdown(report: TrafficReportData): string {
  const lines = ["# Mail flow on real traffic", "", `${countsSentence(report.counts)}.`];
  for (const side of report.sides) {
    lines.push("", `## Rejected or attributed to another tenant: ${cell(side.plan, true)}`, "",
      `${plural(side.messages, "message")} through declared send connectors; **${number(side.problemMessages)}** will be rejected or attributed to another tenant${routedElsewhere(side)}.`);
    if (side.groups.length === 0) continue;
    lines.push("", "| Send connector | Inbound connector | Outcome | MAIL FROM domain | Messages | Sample message ids |", "|---|---|---|---|--:|---|");
    for (const g of side.groups) {
      lines.push(`| ${cell(g.sendConnector)} | ${g.inboundConnector === undefined ? "(none)" : cell(g.inboundConnector, true)} | ${cell(g.outcome)} | ${cell(g.mailFromDomain, true)} | ${number(g.messages)} | ${g.sampleMessageIds.map((id) => cell(id, true)).join("<br>")} |`);
    }
  }
  if (report.changes !== undefined) {
    lines.push("", `## Flows whose outcome changes: ${cell(report.sides[0].plan, true)} → ${cell(report.sides[1].plan, true)}`, "");
    if (report.changes.length === 0) {
      lines.push("None.");
    } else {
      lines.push("| Change | Send connector | MAIL FROM domain | Before | After | Messages | Sample message ids |", "|---|---|---|---|---|--:|---|");
      for (const c of report.changes) {
        lines.push(`| ${c.change} | ${connectorChange(c, cell)} | ${cell(c.mailFromDomain, true)} | ${cell(c.before)} | ${cell(c.after)} | ${number(c.messages)} | ${c.sampleMessageIds.map((id) => cell(id, true)).join("<br>")} |`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}
