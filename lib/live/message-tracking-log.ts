/**
 * Exchange Server message tracking logs (`MSGTRK*.LOG`, domain.md section 7): W3C-style header lines starting with `#`,
 * then one CSV row per event. The columns are read from the file's `#Fields:` line (27 fields in Exchange 2013, 30 in
 * 2016, 2019 and SE), never assumed. Pure functions of one line, so a reader can stream files of any size.
 */
import { CsvFieldScanner, parseCsvLine } from "../model/csv-line";

/** The `#Fields:` of Exchange 2016, 2019 and SE, in order; Exchange 2013 writes the first 27. */
export const TRACKING_LOG_FIELDS = [
  "date-time", "client-ip", "client-hostname", "server-ip", "server-hostname", "source-context", "connector-id", "source",
  "event-id", "internal-message-id", "message-id", "network-message-id", "recipient-address", "recipient-status",
  "total-bytes", "recipient-count", "related-recipient-address", "reference", "message-subject", "sender-address",
  "return-path", "message-info", "directionality", "tenant-id", "original-client-ip", "original-server-ip", "custom-data",
  "transport-traffic-type", "log-id", "schema-version",
] as const;

/** The fields this reader needs in every log. */
const REQUIRED = ["event-id", "connector-id", "message-id", "recipient-address", "return-path"] as const;

/**
 * The events of mail leaving through a send connector: `SEND` (documented: sent by SMTP, `connector-id` the send
 * connector) and `SENDEXTERNAL` (seen in Exchange 2013 and later logs for mail leaving the organization).
 */
export const SEND_EVENTS: ReadonlySet<string> = new Set(["SEND", "SENDEXTERNAL"]);

/**
 * The connector id of Exchange's implicit send connector between the servers of one organization: a row through it is a
 * hop inside the organization, not mail leaving it.
 */
export const INTRA_ORGANIZATION_CONNECTOR = "Intra-Organization SMTP Send Connector";

/** True when a send row's connector id is the implicit intra-organization connector (compared without case). */
export function isIntraOrganizationConnector(connectorId: string): boolean {
  return connectorId.length === INTRA_ORGANIZATION_CONNECTOR.length && connectorId.toLowerCase() === INTRA_ORGANIZATION_CONNECTOR.toLowerCase();
}

/** Where the needed columns sit in a log's rows. */
export interface TrackingLogLayout {
  /** Number of fields of every row (from `#Fields:`). */
  readonly width: number;
  /** Index of each needed column. */
  readonly eventId: number;
  readonly connectorId: number;
  readonly messageId: number;
  readonly recipientAddress: number;
  readonly returnPath: number;
  /** Index of `client-hostname` (on a send row, the server that sent it); -1 when the header does not name it. */
  readonly clientHostname: number;
}

/** True when `line` starts a message tracking log: its first header line (`#Software:`, `#Log-type:`, `#Fields:` ...). */
export function looksLikeTrackingLog(firstLine: string): boolean {
  return /^#(Software|Version|Log-type|Date|Fields):/i.test(firstLine);
}

/**
 * The layout of a `#Fields:` header line.
 * @throws Error naming the fields missing, when the line lacks one this reader needs
 */
export function trackingLogLayout(fieldsLine: string): TrackingLogLayout {
  const names = fieldsLine.replace(/^#Fields:\s*/i, "").split(",").map((n) => n.trim().toLowerCase());
  if (names.length > MAX_FIELDS) throw new Error(`the #Fields: header names ${names.length} fields, more than the ${MAX_FIELDS} this reader takes`);
  const missing = REQUIRED.filter((r) => !names.includes(r));
  if (missing.length > 0) {
    throw new Error(`the #Fields: header lacks ${missing.join(", ")}: a message tracking log of Exchange 2013 or later names ${TRACKING_LOG_FIELDS.length} fields (27 in Exchange 2013), among them ${REQUIRED.join(", ")}`);
  }
  return {
    width: names.length,
    eventId: names.indexOf("event-id"),
    connectorId: names.indexOf("connector-id"),
    messageId: names.indexOf("message-id"),
    recipientAddress: names.indexOf("recipient-address"),
    returnPath: names.indexOf("return-path"),
    clientHostname: names.indexOf("client-hostname"),
  };
}

/** A row of a tracking log: a send event, another event (only its id), or why the row is bad. */
export type TrackingLogRow =
  | {
    readonly kind: "send"; readonly eventId: string; readonly connectorId: string; readonly messageId: string; readonly recipients: string[]; readonly returnPath: string;
    /** The server that sent it (`client-hostname`); empty when the log does not say. */
    readonly clientHostname: string;
  }
  | { readonly kind: "other"; readonly eventId: string }
  | { readonly kind: "bad"; readonly problem: string };

/**
 * One data row. A send event needs a connector id, at least one recipient and a return path (`<>` for the null sender;
 * Exchange never leaves it empty); its recipients are the `;`-joined `recipient-address`. The message id may be empty.
 */
export function trackingLogRow(line: string, layout: TrackingLogLayout): TrackingLogRow {
  // Only five fields of a row are read: their bounds are found without copying the others (a log has millions of rows).
  const count = scanner.scan(line);
  if (count < 0) {
    const parsed = parseCsvLine(line);
    return { kind: "bad", problem: parsed.ok ? "not valid CSV" : parsed.problem };
  }
  if (count !== layout.width) {
    return { kind: "bad", problem: `${count} field${count === 1 ? "" : "s"} instead of the ${layout.width} of the #Fields: header` };
  }
  const eventId = normalizedEventId(scanner.field(layout.eventId));
  if (eventId === "") return { kind: "bad", problem: "event-id is empty" };
  if (!SEND_EVENTS.has(eventId)) return otherEvent(eventId);
  const connectorId = scanner.field(layout.connectorId).trim();
  if (connectorId === "") return { kind: "bad", problem: `${eventId} row without a connector-id` };
  const returnPath = scanner.field(layout.returnPath).trim();
  if (returnPath === "") return { kind: "bad", problem: `${eventId} row with an empty return-path (Exchange writes <> for the null sender)` };
  const recipients = splitRecipients(scanner.field(layout.recipientAddress));
  if (recipients.length === 0) return { kind: "bad", problem: `${eventId} row without a recipient-address` };
  const clientHostname = layout.clientHostname < 0 ? "" : scanner.field(layout.clientHostname).trim();
  return { kind: "send", eventId, connectorId, messageId: scanner.field(layout.messageId).trim(), recipients, returnPath, clientHostname };
}

/**
 * Event ids as read → trimmed and upper case, and the row of each other event: a log has a dozen event ids over millions
 * of rows, so each row's is looked up instead of normalized and wrapped anew. Bounded: beyond, they are made per row.
 */
const eventIds = new Map<string, string>();
const otherRows = new Map<string, TrackingLogRow>();
const EVENT_ID_LIMIT = 1_000;

function normalizedEventId(raw: string): string {
  const known = eventIds.get(raw);
  if (known !== undefined) return known;
  const eventId = raw.trim().toUpperCase();
  if (eventIds.size < EVENT_ID_LIMIT) eventIds.set(raw, eventId);
  return eventId;
}

function otherEvent(eventId: string): TrackingLogRow {
  const known = otherRows.get(eventId);
  if (known !== undefined) return known;
  const row: TrackingLogRow = Object.freeze({ kind: "other", eventId });
  if (otherRows.size < EVENT_ID_LIMIT) otherRows.set(eventId, row);
  return row;
}

/** The most fields a `#Fields:` header may name: the scanner keeps the bounds of that many. */
const MAX_FIELDS = 256;
const scanner = new CsvFieldScanner(MAX_FIELDS);

/** The addresses of a `;`-joined recipient cell, trimmed, empty parts dropped. */
export function splitRecipients(cell: string): string[] {
  const out: string[] = [];
  for (const part of cell.split(";")) {
    const address = part.trim();
    if (address !== "") out.push(address);
  }
  return out;
}
