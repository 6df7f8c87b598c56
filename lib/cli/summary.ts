/**
 * The summary of a simulation run: messages grouped by the inbound connector that identified them (or none) and by
 * outcome, with counts and the MAIL FROM domains behind each group — the "which senders will be refused, through
 * which connector" view of Exchange Online's mail-flow insights, before deployment.
 */
import type { SimulatedMessage, SimulationResult } from "../simulate";
import { envelopeDomain } from "../simulate/envelope";

/** One group of the summary. */
export interface SummaryGroup {
  /** Path of the inbound connector that decided the recipients (an OnPremises connector that matched, or a Partner connector); absent when none did. */
  readonly connector?: string;
  /** The tenant that decided the recipients (attributed, or per recipient by RCPT TO); absent when none did. */
  readonly tenant?: string;
  readonly outcome: "delivered" | "relayed" | "rejected";
  /** The NDR, for rejected recipients. */
  readonly ndr?: string;
  /** Messages with at least one recipient in the group (a message whose recipients differ counts in each of their groups). */
  readonly messages: number;
  /** Recipients in the group. */
  readonly recipients: number;
  /** The MAIL FROM domains of the group's messages (`<>` for the null sender), most frequent first, at most {@link TOP_SENDER_DOMAINS}. */
  readonly senderDomains: readonly { readonly domain: string; readonly messages: number }[];
}

/** The counts of a run and its groups. */
export interface SummaryData {
  /** Lines read, the CSV header and blank lines included. */
  readonly lines: number;
  /** Messages simulated. */
  readonly messages: number;
  /** Rows skipped as bad (each reported on stderr with its line number). */
  readonly badRows: number;
  /** Blank lines, skipped. */
  readonly blankLines: number;
  /** The groups, by connector, tenant, outcome, NDR. */
  readonly groups: readonly SummaryGroup[];
}

/** How many sender domains each group lists. */
export const TOP_SENDER_DOMAINS = 10;
/** Distinct sender domains counted per group; more are counted together, so memory stays bounded. */
const DOMAIN_LIMIT = 10_000;
/** The name under which sender domains beyond the limit are counted. */
export const OTHER_DOMAINS = "(other domains)";

interface MutableGroup {
  readonly connector?: string;
  readonly tenant?: string;
  readonly outcome: SummaryGroup["outcome"];
  readonly ndr?: string;
  messages: number;
  recipients: number;
  readonly domains: Map<string, number>;
  /** The last message counted, so a message with several recipients in the group counts once. */
  lastMessage: number;
}

const OUTCOME_ORDER = { delivered: 0, relayed: 1, rejected: 2 } as const;

/** Accumulates simulated messages into groups. */
export class SimulationSummary {
  /** Lines read (set by the reader). */
  lines = 0;
  /** Rows skipped as bad. */
  badRows = 0;
  /** Blank lines skipped. */
  blankLines = 0;
  private messages = 0;
  private readonly groups = new Map<string, MutableGroup>();

  /** Counts one simulated message. */
  add(message: SimulatedMessage, result: SimulationResult): void {
    const serial = ++this.messages;
    const senderDomain = message.mailFrom === "" || message.mailFrom === "<>" ? "<>" : (envelopeDomain(message.mailFrom) ?? message.mailFrom);
    for (const recipient of result.recipients) {
      // The tenant and connector that decided this recipient (attribution by RCPT TO and Partner connectors are per recipient).
      const connector = recipient.connector;
      const tenant = recipient.tenant;
      const key = `${connector ?? ""}\u0000${tenant ?? ""}\u0000${recipient.outcome}\u0000${recipient.ndr ?? ""}`;
      let group = this.groups.get(key);
      if (group === undefined) {
        group = {
          ...(connector !== undefined ? { connector } : {}),
          ...(tenant !== undefined ? { tenant } : {}),
          outcome: recipient.outcome,
          ...(recipient.ndr !== undefined ? { ndr: recipient.ndr } : {}),
          messages: 0, recipients: 0, domains: new Map(), lastMessage: 0,
        };
        this.groups.set(key, group);
      }
      group.recipients++;
      if (group.lastMessage !== serial) {
        group.lastMessage = serial;
        group.messages++;
        const domain = group.domains.has(senderDomain) || group.domains.size < DOMAIN_LIMIT ? senderDomain : OTHER_DOMAINS;
        group.domains.set(domain, (group.domains.get(domain) ?? 0) + 1);
      }
    }
  }

  /** The summary so far, groups sorted by connector (none last), tenant, outcome, NDR. */
  data(): SummaryData {
    const groups = [...this.groups.values()]
      .sort((a, b) =>
        compareOptional(a.connector, b.connector) || compareOptional(a.tenant, b.tenant) ||
        OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] || compareOptional(a.ndr, b.ndr))
      .map((g): SummaryGroup => ({
        ...(g.connector !== undefined ? { connector: g.connector } : {}),
        ...(g.tenant !== undefined ? { tenant: g.tenant } : {}),
        outcome: g.outcome,
        ...(g.ndr !== undefined ? { ndr: g.ndr } : {}),
        messages: g.messages,
        recipients: g.recipients,
        senderDomains: [...g.domains.entries()]
          .sort(([da, a], [db, b]) => b - a || (da < db ? -1 : da > db ? 1 : 0))
          .slice(0, TOP_SENDER_DOMAINS)
          .map(([domain, messages]) => ({ domain, messages })),
      }));
    return { lines: this.lines, messages: this.messages, badRows: this.badRows, blankLines: this.blankLines, groups };
  }
}

/** Absent values last; present ones by code unit. */
function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

const number = (n: number) => n.toLocaleString("en-US");

/** The summary as text: the counts, then a table of the groups, with the sender domains of rejected groups under them. */
export function renderSummaryText(summary: SummaryData): string {
  const counts = [
    `${number(summary.lines)} line${summary.lines === 1 ? "" : "s"} read`,
    `${number(summary.messages)} message${summary.messages === 1 ? "" : "s"} simulated`,
    ...(summary.badRows > 0 ? [`${number(summary.badRows)} bad row${summary.badRows === 1 ? "" : "s"} skipped (listed on stderr)`] : []),
    ...(summary.blankLines > 0 ? [`${number(summary.blankLines)} blank line${summary.blankLines === 1 ? "" : "s"} skipped`] : []),
  ];
  const lines = [`Summary: ${counts.join(", ")}.`];
  if (summary.groups.length === 0) return `${lines.join("\n")}\n`;
  const header = ["Connector", "Tenant", "Outcome", "Messages", "Recipients"];
  const rows = summary.groups.map((g) => [
    g.connector ?? "(no connector)",
    g.tenant ?? "(not attributed)",
    g.ndr !== undefined ? `${g.outcome}: ${g.ndr}` : g.outcome,
    number(g.messages),
    number(g.recipients),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]) =>
    cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  lines.push("", format(header), format(widths.map((w) => "-".repeat(w))));
  summary.groups.forEach((g, i) => {
    lines.push(format(rows[i]));
    if (g.outcome === "rejected" && g.senderDomains.length > 0) {
      lines.push(`    MAIL FROM domains: ${g.senderDomains.slice(0, 5).map((d) => `${d.domain} ${number(d.messages)}`).join(", ")}${g.senderDomains.length > 5 ? ", ..." : ""}`);
    }
  });
  return `${lines.join("\n")}\n`;
}
