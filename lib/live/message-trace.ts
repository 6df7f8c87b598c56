/**
 * Exchange Online message trace exports (domain.md section 7): `Get-MessageTraceV2` objects piped to `ConvertTo-Json`
 * (`MessageId`, `SenderAddress`, `RecipientAddress`, `FromIP`, ...), and the downloadable CSV report (`message_id`,
 * `sender_address`, `recipient_status` as `addr##Receive, Deliver;addr2##Receive, Fail`, `original_client_ip`, ...).
 * Pure functions of one row or object; the reader decodes (UTF-8 or UTF-16LE) and streams.
 */
import { parseCsvLine } from "../model/csv-line";

/** A message as a trace shows it arriving at Exchange Online. */
export interface TraceRecord {
  /** The Internet message id; empty when the trace has none. */
  readonly messageId: string;
  /** The envelope sender; `<>` for the null sender (a trace writes it empty or `<>`). */
  readonly mailFrom: string;
  /** The recipients. */
  readonly recipients: string[];
  /** The address Exchange Online received the message from; empty when the trace has none. */
  readonly sourceIp: string;
}

/** A trace row or object read: the record, or why it is skipped. */
export type TraceRow = { readonly ok: true; readonly record: TraceRecord } | { readonly ok: false; readonly problem: string };

/** Where the needed columns of a trace report sit. */
export interface TraceCsvLayout {
  readonly width: number;
  readonly messageId: number;
  readonly senderAddress: number;
  readonly recipientStatus: number;
  /** `client_ip`, `from_ip` or `original_client_ip`, the first present; -1 when none is. */
  readonly sourceIp: number;
}

/** True when a CSV header is a message trace report's (it names `message_id` and `recipient_status`). */
export function looksLikeTraceCsv(headerLine: string): boolean {
  const lower = headerLine.toLowerCase();
  return lower.includes("message_id") && lower.includes("recipient_status");
}

/**
 * The layout of a trace report's header (names compared without case, quotes and surrounding spaces).
 * @throws Error naming the missing columns
 */
export function traceCsvLayout(headerLine: string): TraceCsvLayout {
  const parsed = parseCsvLine(headerLine);
  if (!parsed.ok) throw new Error(`the header is not valid CSV (${parsed.problem})`);
  const names = parsed.fields.map((f) => f.trim().toLowerCase());
  const missing = ["message_id", "sender_address", "recipient_status"].filter((n) => !names.includes(n));
  if (missing.length > 0) throw new Error(`the message trace report's header lacks ${missing.join(", ")}`);
  const ip = ["client_ip", "from_ip", "original_client_ip"].map((n) => names.indexOf(n)).find((i) => i >= 0) ?? -1;
  return {
    width: names.length,
    messageId: names.indexOf("message_id"),
    senderAddress: names.indexOf("sender_address"),
    recipientStatus: names.indexOf("recipient_status"),
    sourceIp: ip,
  };
}

/** One row of a trace report. */
export function traceCsvRow(line: string, layout: TraceCsvLayout): TraceRow {
  const parsed = parseCsvLine(line);
  if (!parsed.ok) return parsed;
  const fields = parsed.fields;
  if (fields.length !== layout.width) {
    return { ok: false, problem: `${fields.length} field${fields.length === 1 ? "" : "s"} instead of the ${layout.width} of the header` };
  }
  const recipients = recipientStatusAddresses(fields[layout.recipientStatus]);
  if (recipients.length === 0) return { ok: false, problem: "recipient_status names no recipient (expected addr##Receive, Deliver;...)" };
  return {
    ok: true,
    record: {
      messageId: fields[layout.messageId].trim(),
      mailFrom: nullSenderAsBrackets(fields[layout.senderAddress]),
      recipients,
      sourceIp: layout.sourceIp < 0 ? "" : fields[layout.sourceIp].trim(),
    },
  };
}

/** The addresses of a `recipient_status` cell: `addr##Receive, Deliver;addr2##Receive, Fail` → `[addr, addr2]`. */
export function recipientStatusAddresses(cell: string): string[] {
  const out: string[] = [];
  for (const part of cell.split(";")) {
    const marker = part.indexOf("##");
    const address = (marker < 0 ? part : part.slice(0, marker)).trim();
    if (address !== "") out.push(address);
  }
  return out;
}

/** One `Get-MessageTraceV2` object of a `ConvertTo-Json` export. */
export function traceJsonObject(value: unknown): TraceRow {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, problem: "expected a Get-MessageTraceV2 object (MessageId, SenderAddress, RecipientAddress, FromIP)" };
  }
  const record = value as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const v = record[key];
    return v === undefined || v === null ? "" : typeof v === "string" ? v : undefined;
  };
  const messageId = text("MessageId");
  const sender = text("SenderAddress");
  const recipient = text("RecipientAddress");
  const fromIp = text("FromIP");
  for (const [key, v] of [["MessageId", messageId], ["SenderAddress", sender], ["RecipientAddress", recipient], ["FromIP", fromIp]] as const) {
    if (v === undefined) return { ok: false, problem: `${key} must be a string` };
  }
  const recipients = recipient!.split(/[;,]/).map((r) => r.trim()).filter((r) => r !== "");
  if (recipients.length === 0) return { ok: false, problem: "RecipientAddress is empty" };
  return { ok: true, record: { messageId: messageId!.trim(), mailFrom: nullSenderAsBrackets(sender!), recipients, sourceIp: fromIp!.trim() } };
}

function nullSenderAsBrackets(sender: string): string {
  const trimmed = sender.trim();
  return trimmed === "" ? "<>" : trimmed;
}
