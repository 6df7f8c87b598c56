/**
 * Which cmdlet a record came from, told by its properties (file names vary: admins name their ConvertTo-Json files
 * as they like), and the checks every record goes through: the same zod schemas the constructs validate props with,
 * so whatever the readers put into a Topology can also be declared (and `import` can write it).
 */
import type { z } from "zod";
import { FieldError } from "./problems";
import type { LiveRecord } from "./records";

/** The kinds of record this tool reads. */
export type RecordKind =
  | "acceptedDomain"
  | "inboundConnector"
  | "outboundConnector"
  | "spoofItem"
  | "organizationConfig"
  | "sendConnector"
  | "exchangeCertificate"
  | "transportServer"
  | "mailboxPlacement";

/** Words for each kind in problem lines and notes. */
export const KIND_LABELS: Readonly<Record<RecordKind, string>> = {
  acceptedDomain: "accepted domain",
  inboundConnector: "inbound connector",
  outboundConnector: "outbound connector",
  spoofItem: "spoof item",
  organizationConfig: "organization config",
  sendConnector: "send connector",
  exchangeCertificate: "Exchange certificate",
  transportServer: "transport server",
  mailboxPlacement: "mailbox placement",
};

/** Kinds read from an Exchange Online tenant's export. */
export const TENANT_KINDS: ReadonlySet<RecordKind> = new Set(["acceptedDomain", "inboundConnector", "outboundConnector", "spoofItem", "organizationConfig"]);

/**
 * The kind of a record, by the properties its cmdlet always returns; undefined for a record of any other cmdlet.
 * Order matters: a send connector also has SmartHosts, an inbound connector also has a ConnectorType.
 */
export function recordKind(record: LiveRecord): RecordKind | undefined {
  if (record.has("SpoofedUser") && record.has("SendingInfrastructure")) return "spoofItem";
  if (record.has("ServerName") && record.has("PrimarySmtpDomain")) return "mailboxPlacement";
  if (record.has("DomainName") && record.has("DomainType")) return "acceptedDomain";
  if (record.has("AddressSpaces")) return "sendConnector";
  if (record.has("RawData") || (record.has("Thumbprint") && (record.has("CertificateDomains") || record.has("Subject")))) return "exchangeCertificate";
  if (record.has("SenderIPAddresses") || record.has("TlsSenderCertificateName") || record.has("SenderDomains")) return "inboundConnector";
  if (record.has("RecipientDomains") || record.has("UseMXRecord") || record.has("TlsSettings")) return "outboundConnector";
  if (record.has("RejectDirectSend")) return "organizationConfig";
  if (record.has("Name") && (record.has("ServerRole") || record.has("Site"))) return "transportServer";
  return undefined;
}

/** The record's label in problem lines: `record 3 (inbound connector "From Contoso")`. */
export function recordLabel(record: LiveRecord, kind: RecordKind | undefined, section?: string): string {
  let name: string | undefined;
  try {
    name = record.text(kind === "acceptedDomain" ? "DomainName" : kind === "spoofItem" ? "SpoofedUser" : kind === "exchangeCertificate" ? "Thumbprint" : kind === "mailboxPlacement" ? "PrimarySmtpDomain" : "Name");
  } catch {
    name = undefined;
  }
  const what = kind === undefined ? "" : ` (${KIND_LABELS[kind]}${name !== undefined ? ` ${JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name)}` : ""})`;
  return `${section ? `${section} ` : ""}record ${record.index}${what}`;
}

/**
 * Checks props built from a record with a construct's schema; throws a {@link FieldError} naming the Exchange property
 * (through `fields`, prop name → property name) and every problem found.
 */
export function checkProps<T>(schema: z.ZodType<T>, props: unknown, fields: Readonly<Record<string, string>>): T {
  const parsed = schema.safeParse(props);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const first = issues[0];
  const prop = String(first.path[0] ?? "");
  const field = fields[prop] ?? prop;
  const index = first.path.length > 1 && typeof first.path[1] === "number" ? `[${first.path[1]}]` : "";
  const value = valueAt(props, first.path);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  throw new FieldError(`${field}${index}`, `${value === undefined ? "" : `${JSON.stringify(value)}: `}${first.message}${more}`);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key as string];
  }
  return typeof value === "object" ? undefined : value;
}
