/**
 * The rows of a messages file (CSV or JSON lines) turned into simulator messages, or into the reason a row is bad.
 * Pure functions of one line, so the command can stream a file of any length.
 */
import * as ipaddr from "ipaddr.js";
import { certificateNameProblem, domainNameProblem } from "../model/domain-name";
import { isIpv4Address } from "../model/ip";
import type { SimulatedMessage } from "../simulate";
import { parseCsvLine } from "./csv-line";

/** The formats of a messages file. */
export type MessagesFormat = "csv" | "jsonl";

/** The CSV columns every header names, in the order of the documented header. */
export const CSV_COLUMNS = ["source_ip", "certificate_names", "mail_from", "rcpt_to"] as const;

/** Columns a header may add, for the spoof verdict: the 5322.From address and the source's PTR name. */
export const OPTIONAL_CSV_COLUMNS = ["header_from", "ptr"] as const;

/** A row read: the message, or why the row is skipped. */
export type MessageRow = { readonly ok: true; readonly message: SimulatedMessage } | { readonly ok: false; readonly problem: string };

/** Where each CSV column sits in a file's rows, as read from its header. */
export interface CsvLayout {
  /** Index of each column in a row; -1 for an optional column the header does not name. */
  readonly index: Readonly<Record<(typeof CSV_COLUMNS)[number] | (typeof OPTIONAL_CSV_COLUMNS)[number], number>>;
  /** Number of fields every row must have. */
  readonly width: number;
}

/** The separators of a list field: `;`, spaces or tabs. */
const LIST_SEPARATOR = /[;\s]+/;

/**
 * Reads the CSV header: the four columns in any order, names compared without case and surrounding spaces.
 * @throws Error naming what is missing or unexpected and the header expected
 */
export function csvLayout(headerLine: string): CsvLayout {
  const expected = `the header must name the columns ${CSV_COLUMNS.join(",")} (in any order), optionally also ${OPTIONAL_CSV_COLUMNS.join(",")}`;
  const parsed = parseCsvLine(headerLine.replace(/^\uFEFF/, ""));
  if (!parsed.ok) throw new Error(`the header is not valid CSV (${parsed.problem}): ${expected}`);
  const names = parsed.fields.map((f) => f.trim().toLowerCase());
  const known: readonly string[] = [...CSV_COLUMNS, ...OPTIONAL_CSV_COLUMNS];
  const unknown = names.filter((n) => !known.includes(n));
  const missing = CSV_COLUMNS.filter((c) => !names.includes(c));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (unknown.length > 0 || missing.length > 0 || repeated.length > 0) {
    const found = [
      ...(unknown.length > 0 ? [`unknown ${unknown.map((n) => JSON.stringify(n)).join(", ")}`] : []),
      ...(missing.length > 0 ? [`missing ${missing.join(", ")}`] : []),
      ...(repeated.length > 0 ? [`repeated ${[...new Set(repeated)].join(", ")}`] : []),
    ];
    throw new Error(`${expected}; found ${JSON.stringify(headerLine.replace(/^\uFEFF/, ""))} (${found.join("; ")})`);
  }
  const index = Object.fromEntries(known.map((c) => [c, names.indexOf(c)])) as CsvLayout["index"];
  return { index, width: names.length };
}

/** A CSV data row as a message. List fields (certificate names, recipients) are separated by `;` or spaces. */
export function csvRow(line: string, layout: CsvLayout): MessageRow {
  const parsed = parseCsvLine(line);
  if (!parsed.ok) return parsed;
  const fields = parsed.fields;
  if (fields.length !== layout.width) {
    return { ok: false, problem: `${fields.length} field${fields.length === 1 ? "" : "s"} instead of ${layout.width} (${CSV_COLUMNS.join(",")})` };
  }
  const mailFrom = fields[layout.index.mail_from].trim();
  if (mailFrom === "") return { ok: false, problem: "mail_from is empty: write <> for the null sender of an NDR" };
  return message(
    fields[layout.index.source_ip].trim(),
    splitList(fields[layout.index.certificate_names]),
    mailFrom,
    splitList(fields[layout.index.rcpt_to]),
    CSV_NAMES,
    layout.index.header_from < 0 ? "" : fields[layout.index.header_from].trim(),
    layout.index.ptr < 0 ? "" : fields[layout.index.ptr].trim(),
  );
}

/** A JSON line as a message: `{ "sourceIp"?, "certificateNames"?, "mailFrom", "rcptTo", "headerFrom"?, "ptr"? }`; other keys are ignored. */
export function jsonRow(line: string): MessageRow {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, problem: `invalid JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { ok: false, problem: "expected a JSON object such as {\"mailFrom\": \"user@contoso.com\", \"rcptTo\": [\"someone@example.net\"]}" };
  const record = value as Record<string, unknown>;
  const sourceIp = record.sourceIp ?? "";
  if (typeof sourceIp !== "string") return { ok: false, problem: "sourceIp must be a string" };
  const certificateNames = listOf(record.certificateNames);
  if (certificateNames === undefined) return { ok: false, problem: "certificateNames must be a string or an array of strings" };
  if (record.mailFrom === undefined) return { ok: false, problem: "mailFrom is missing: use \"\" or \"<>\" for the null sender of an NDR" };
  if (typeof record.mailFrom !== "string") return { ok: false, problem: "mailFrom must be a string" };
  if (record.rcptTo === undefined) return { ok: false, problem: "rcptTo is missing: a message needs at least one recipient" };
  const rcptTo = listOf(record.rcptTo);
  if (rcptTo === undefined) return { ok: false, problem: "rcptTo must be a string or an array of strings" };
  const headerFrom = record.headerFrom ?? "";
  if (typeof headerFrom !== "string") return { ok: false, problem: "headerFrom must be a string" };
  const ptr = record.ptr ?? "";
  if (typeof ptr !== "string") return { ok: false, problem: "ptr must be a string" };
  return message(sourceIp.trim(), certificateNames, record.mailFrom.trim() === "" ? "<>" : record.mailFrom.trim(), rcptTo, JSON_NAMES, headerFrom.trim(), ptr.trim());
}

/** The field names of a format, for problems. */
interface FieldNames {
  readonly sourceIp: string;
  readonly certificateNames: string;
  readonly mailFrom: string;
  readonly rcptTo: string;
  readonly headerFrom: string;
  readonly ptr: string;
}

const CSV_NAMES: FieldNames = { sourceIp: "source_ip", certificateNames: "certificate_names", mailFrom: "mail_from", rcptTo: "rcpt_to", headerFrom: "header_from", ptr: "ptr" };
const JSON_NAMES: FieldNames = { sourceIp: "sourceIp", certificateNames: "certificateNames", mailFrom: "mailFrom", rcptTo: "rcptTo", headerFrom: "headerFrom", ptr: "ptr" };

/** Checks and assembles a message; `mailFrom` is non-empty (`<>` is the null sender); `headerFrom` and `ptr` are "" when absent. */
function message(
  sourceIp: string, certificateNames: string[], mailFrom: string, rcptTo: string[], names: FieldNames, headerFrom: string, ptr: string,
): MessageRow {
  if (sourceIp !== "" && !isIpv4Address(sourceIp) && !(sourceIp.includes(":") && ipaddr.IPv6.isValid(sourceIp))) {
    return { ok: false, problem: `${names.sourceIp} ${JSON.stringify(sourceIp)} is not an IPv4 or IPv6 address` };
  }
  for (const name of certificateNames) {
    const problem = remembered(certificateNameVerdicts, name, certificateNameProblem);
    if (problem !== undefined) return { ok: false, problem: `${names.certificateNames}: ${JSON.stringify(name)} is not a certificate name: ${problem}` };
  }
  const nullSender = mailFrom === "<>";
  if (!nullSender) {
    const problem = addressProblem(mailFrom);
    if (problem !== undefined) return { ok: false, problem: `${names.mailFrom} ${JSON.stringify(mailFrom)} ${problem}` };
  }
  if (rcptTo.length === 0) return { ok: false, problem: `${names.rcptTo} is empty: a message needs at least one recipient` };
  for (const address of rcptTo) {
    const problem = addressProblem(address);
    if (problem !== undefined) return { ok: false, problem: `${names.rcptTo} ${JSON.stringify(address)} ${problem}` };
  }
  if (headerFrom !== "") {
    const problem = addressProblem(headerFrom);
    if (problem !== undefined) return { ok: false, problem: `${names.headerFrom} ${JSON.stringify(headerFrom)} ${problem}` };
  }
  if (ptr !== "") {
    const problem = remembered(domainVerdicts, ptr.replace(/\.$/, ""), domainNameProblem);
    if (problem !== undefined) return { ok: false, problem: `${names.ptr} ${JSON.stringify(ptr)} is not a host name: ${problem}` };
  }
  // Built field by field rather than with conditional spreads: this runs once per row of files with millions of rows.
  const built: { sourceIp?: string; certificateNames?: string[]; mailFrom: string; rcptTo: string[]; headerFrom?: string; ptr?: string } = {
    mailFrom: nullSender ? "" : mailFrom, rcptTo,
  };
  if (sourceIp !== "") built.sourceIp = sourceIp;
  if (certificateNames.length > 0) built.certificateNames = certificateNames.map((n) => n.toLowerCase());
  if (headerFrom !== "") built.headerFrom = headerFrom;
  if (ptr !== "") built.ptr = ptr;
  return { ok: true, message: built };
}

/** Why an envelope address (optionally in `<…>`) is not `local@domain`, or undefined. */
function addressProblem(address: string): string | undefined {
  const bare = address.startsWith("<") && address.endsWith(">") ? address.slice(1, -1) : address;
  const at = bare.lastIndexOf("@");
  if (at <= 0) return "is not an email address (expected local@domain)";
  const problem = remembered(domainVerdicts, bare.slice(at + 1), domainNameProblem);
  return problem === undefined ? undefined : `has an invalid domain: ${problem}`;
}

/** Recent verdicts on domains and certificate names: message files repeat a few of them millions of times. */
const domainVerdicts = new Map<string, string | undefined>();
const certificateNameVerdicts = new Map<string, string | undefined>();
const VERDICT_CACHE_LIMIT = 100_000;

function remembered(verdicts: Map<string, string | undefined>, text: string, check: (text: string) => string | undefined): string | undefined {
  const known = verdicts.get(text);
  if (known !== undefined || verdicts.has(text)) return known;
  const problem = check(text);
  // Starting over when full keeps memory bounded whatever the number of distinct names.
  if (verdicts.size >= VERDICT_CACHE_LIMIT) verdicts.clear();
  verdicts.set(text, problem);
  return problem;
}

function splitList(field: string): string[] {
  const trimmed = field.trim();
  return trimmed === "" ? [] : trimmed.split(LIST_SEPARATOR);
}

/** A list field of a JSON line: absent, a string (split like CSV), or an array of strings. */
function listOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return splitList(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.map((v: string) => v.trim()).filter((v) => v !== "");
  return undefined;
}
