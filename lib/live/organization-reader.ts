/**
 * An on-premises Exchange organization from its exported records (Get-SendConnector, Get-ExchangeCertificate,
 * Get-ExchangeServer / Get-TransportService): the send connectors that deliver to a tenant of the estate, each with the
 * certificate it presents (read from the certificate's DER: subject, issuer, DNS names, expiry, SHA-1 thumbprint).
 */
import { X509Certificate, createHash } from "node:crypto";
import { certificateNameProblem, exchangeOnlineEndpoint } from "../model/domain-name";
import { certificatePropsSchema, sendConnectorPropsSchema, serverName } from "../model/schemas";
import type { CertificateModel, OnPremisesOrganizationModel, SendConnectorModel, TenantModel, TlsAuthLevel } from "../model/topology";
import { splitComment } from "./comment-marker";
import { IdAllocator, LIVE_STACK } from "./live-ids";
import { FieldError, type LiveProblem } from "./problems";
import { checkProps, recordLabel } from "./record-kinds";
import { parseAddressSpace, type LiveRecord, type LiveValue } from "./records";
import type { LocatedRecord } from "./tenant-reader";

/** A certificate read from an export, before it has a path. */
export type LiveCertificate = Omit<CertificateModel, "path">;

/** What the organization reader gives. */
export interface LiveOrganization {
  readonly organization: OnPremisesOrganizationModel;
  /** Object path → construct paths its Comment's marker lines name. */
  readonly markers: ReadonlyMap<string, readonly string[]>;
  /** Where each object was read from: object path → `file: record N`. */
  readonly sources: ReadonlyMap<string, string>;
}

/** Certificates shared by every organization of an estate, one per thumbprint (or issuer and subject), each with its path. */
export class CertificateRegistry {
  private readonly byKey = new Map<string, CertificateModel>();

  constructor(private readonly ids: IdAllocator) {}

  /** The certificate's model, registered once (the first registration gives its path). */
  register(certificate: LiveCertificate): CertificateModel {
    const key = certificate.thumbprint ?? `${normalizeDn(certificate.issuer)}|${normalizeDn(certificate.subject)}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const host = certificate.dnsNames.find((n) => !n.startsWith("*.")) ?? certificate.dnsNames[0];
    const id = this.ids.allocate(certificate.thumbprint ? `${host} ${certificate.thumbprint.slice(0, 8)}` : host, "certificate");
    const model: CertificateModel = { path: `${LIVE_STACK}/${id}`, ...certificate };
    this.byKey.set(key, model);
    return model;
  }

  /** Every certificate registered, by path. */
  all(): CertificateModel[] {
    return [...this.byKey.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  }
}

/** A distinguished name compared as Exchange would: case-insensitive, spaces around separators ignored. */
export function normalizeDn(dn: string): string {
  return dn.toLowerCase().replace(/\s*([,=+])\s*/g, "$1").trim();
}

/**
 * Reads one organization. `tenants` are every tenant of the estate (a send connector is kept when it sends to one of
 * them); `notes` receives what is left out on purpose (send connectors to the internet or to other destinations).
 */
export function readOrganization(
  records: readonly LocatedRecord[],
  id: string,
  tenants: readonly TenantModel[],
  certificates: CertificateRegistry,
  problems: LiveProblem[],
  notes: string[],
): LiveOrganization {
  const organizationPath = `${LIVE_STACK}/${id}`;
  const guard = <T>(located: LocatedRecord, read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      problems.push({ file: located.file, record: recordLabel(located.record, located.kind), field: error.field, message: `${error.message}: record skipped` });
      return undefined;
    }
  };
  const of = (kind: LocatedRecord["kind"]) => records.filter((r) => r.kind === kind);

  const servers = [...new Set(of("transportServer").flatMap((located) => guard(located, () => [readServer(located.record)]) ?? []))].sort();
  const exported = new ExportedCertificates(of("exchangeCertificate").flatMap((located) => guard(located, () => readCertificate(located.record)) ?? []));
  const tenantOf = tenantIndex(tenants);

  const ids = new IdAllocator();
  const markers = new Map<string, string[]>();
  const sources = new Map<string, string>();
  const sendConnectors: SendConnectorModel[] = [];
  const read = of("sendConnector").flatMap((located) => {
    const value = guard(located, () => readSendConnector(located.record));
    return value === undefined ? [] : [{ located, ...value }];
  });
  for (const c of read.sort((a, b) => (a.props.name < b.props.name ? -1 : a.props.name > b.props.name ? 1 : 0))) {
    const label = recordLabel(c.located.record, "sendConnector");
    const targets = [...new Set([
      ...c.props.smartHosts.map((h) => tenantOf.byEndpoint.get(h)),
      ...(c.props.dnsRoutingEnabled ? c.props.addressSpaces.map((a) => tenantOf.byCoexistence.get(a)) : []),
    ].filter((t): t is TenantModel => t !== undefined))];
    if (targets.length === 0) {
      notes.push(`${c.located.file}: ${label}: sends to ${c.props.dnsRoutingEnabled ? `${c.props.addressSpaces.join(", ")} by DNS` : c.props.smartHosts.join(", ") || "no smart host"}, not to a tenant of these exports: not checked`);
      continue;
    }
    if (targets.length > 1) {
      problems.push({ file: c.located.file, record: label, field: "SmartHosts", message: `sends to ${targets.length} tenants (${targets.map((t) => t.initialDomain).join(", ")}); one send connector per tenant is required (MC1226222): read as sending to ${targets[0].initialDomain} only` });
    }
    const tenant = targets[0];
    const certificate = certificateOf(c.props.tlsCertificateName, c.props.fqdn, exported);
    if (certificate === undefined) {
      problems.push({
        file: c.located.file,
        record: label,
        field: "TlsCertificateName",
        message: c.props.tlsCertificateName
          ? `${JSON.stringify(c.props.tlsCertificateName)} names no certificate with a DNS name: record skipped (send connector to ${tenant.initialDomain})`
          : `is empty and no exported certificate carries its Fqdn ${JSON.stringify(c.props.fqdn ?? "")}: Exchange Online cannot identify it by certificate; export Get-ExchangeCertificate too, or set TlsCertificateName (record skipped)`,
      });
      continue;
    }
    const model = certificates.register(certificate);
    const path = `${organizationPath}/${ids.allocate(c.props.name, "send connector")}`;
    if (c.markers.length > 0) markers.set(path, [...c.markers]);
    sources.set(path, `${c.located.file}: ${label}`);
    const tlsAuthLevel = c.props.tlsAuthLevel ?? (c.props.requireTls ? "DomainValidation" : undefined);
    const host = model.dnsNames.find((n) => !n.startsWith("*."));
    sendConnectors.push({
      path,
      name: c.props.name,
      tenantPath: tenant.path,
      certificatePath: model.path,
      addressSpaces: c.props.addressSpaces,
      smartHosts: c.props.dnsRoutingEnabled ? [] : c.props.smartHosts,
      dnsRoutingEnabled: c.props.dnsRoutingEnabled,
      sourceTransportServers: c.props.sourceTransportServers,
      fqdn: c.props.fqdn ?? host ?? exchangeOnlineEndpoint(tenant.initialDomain),
      requireTls: c.props.requireTls,
      tlsAuthLevel,
      tlsDomain: c.props.tlsDomain ?? (tlsAuthLevel === "DomainValidation" ? "mail.protection.outlook.com" : undefined),
      tlsCertificateName: `<I>${model.issuer}<S>${model.subject}`,
      cloudServicesMailEnabled: c.props.cloudServicesMailEnabled,
      enabled: c.props.enabled,
      comment: c.props.comment,
    });
  }
  sendConnectors.sort((a, b) => (a.path < b.path ? -1 : 1));
  return {
    organization: { path: organizationPath, stack: LIVE_STACK, egressIpAddresses: [], transportServers: servers, relays: [], sendConnectors },
    markers,
    sources,
  };
}

/** Tenants by the Exchange Online endpoints of their domains and by their coexistence domain `<name>.mail.onmicrosoft.com`. */
function tenantIndex(tenants: readonly TenantModel[]) {
  const byEndpoint = new Map<string, TenantModel>();
  const byCoexistence = new Map<string, TenantModel>();
  for (const tenant of tenants) {
    const label = tenant.initialDomain.slice(0, tenant.initialDomain.indexOf("."));
    byCoexistence.set(`${label}.mail.onmicrosoft.com`, tenant);
    for (const name of [tenant.initialDomain, ...tenant.acceptedDomains.map((d) => d.domainName)]) {
      const endpoint = exchangeOnlineEndpoint(name);
      if (!byEndpoint.has(endpoint)) byEndpoint.set(endpoint, tenant);
    }
  }
  return { byEndpoint, byCoexistence };
}

/**
 * The certificate a send connector presents: the exported one whose issuer and subject its TlsCertificateName names,
 * else one made from those two names; with no TlsCertificateName, the exported one whose DNS names hold its Fqdn
 * (Exchange then picks the certificate by Fqdn).
 */
function certificateOf(tlsCertificateName: string | undefined, fqdn: string | undefined, exported: ExportedCertificates): LiveCertificate | undefined {
  if (tlsCertificateName !== undefined) {
    const match = /^<I>(.*)<S>(.*)$/is.exec(tlsCertificateName.trim());
    if (!match) return undefined;
    const [issuer, subject] = [match[1].trim(), match[2].trim()];
    const found = exported.byNames.get(`${normalizeDn(issuer)}|${normalizeDn(subject)}`);
    if (found !== undefined) return found;
    const parsed = certificatePropsSchema.safeParse({ subject, issuer });
    const commonName = commonNameOf(subject);
    return parsed.success && commonName !== undefined ? { subject, issuer, commonName, subjectAlternativeNames: [], dnsNames: [commonName] } : undefined;
  }
  if (fqdn === undefined) return undefined;
  return exported.byDnsName.get(fqdn.toLowerCase());
}

/** An organization's exported certificates, indexed by issuer and subject and by DNS name (the first one exported wins). */
class ExportedCertificates {
  readonly byNames = new Map<string, LiveCertificate>();
  readonly byDnsName = new Map<string, LiveCertificate>();

  constructor(certificates: readonly LiveCertificate[]) {
    for (const c of certificates) {
      const key = `${normalizeDn(c.issuer)}|${normalizeDn(c.subject)}`;
      if (!this.byNames.has(key)) this.byNames.set(key, c);
      for (const name of c.dnsNames) if (!this.byDnsName.has(name)) this.byDnsName.set(name, c);
    }
  }
}

/** The subject's CN when it is a DNS name (as the Certificate construct reads it). */
function commonNameOf(subject: string): string | undefined {
  const match = /(?:^|,)\s*CN\s*=\s*([^,]+)/i.exec(subject);
  const name = match?.[1].trim().toLowerCase();
  return name !== undefined && certificateNameProblem(name) === undefined ? name : undefined;
}

const SEND_FIELDS = {
  name: "Name", addressSpaces: "AddressSpaces", smartHosts: "SmartHosts", sourceTransportServers: "SourceTransportServers", fqdn: "Fqdn",
  requireTls: "RequireTLS", tlsAuthLevel: "TlsAuthLevel", tlsDomain: "TlsDomain", cloudServicesMailEnabled: "CloudServicesMailEnabled",
  enabled: "Enabled", comment: "Comment", dnsRoutingEnabled: "DNSRoutingEnabled",
};

function readSendConnector(r: LiveRecord) {
  const addressSpaces = r.list("AddressSpaces").map((text, i) => {
    const { address, cost } = parseAddressSpace(`AddressSpaces[${i}]`, text);
    // The model's normal form (normalizeAddressSpace): the address alone at cost 1, else SMTP:<address>;<cost>.
    return cost === 1 ? address : `SMTP:${address};${cost}`;
  });
  const smartHosts = r.list("SmartHosts").map((h) => h.replace(/^\[|\]$/g, "").toLowerCase());
  const dnsRoutingEnabled = r.bool("DNSRoutingEnabled", smartHosts.length === 0);
  const requireTls = r.bool("RequireTLS", false);
  const tlsAuthLevel = r.enumValue<TlsAuthLevel>("TlsAuthLevel", ["EncryptionOnly", "CertificateValidation", "DomainValidation"]);
  const tlsDomain = tlsAuthLevel === "DomainValidation" ? r.text("TlsDomain")?.toLowerCase() : undefined;
  const { comment, markers } = splitComment(r.text("Comment"));
  const props = {
    name: r.requiredText("Name"),
    addressSpaces: [...new Set(addressSpaces)],
    smartHosts: dnsRoutingEnabled ? [] : smartHosts,
    dnsRoutingEnabled,
    sourceTransportServers: r.list("SourceTransportServers"),
    fqdn: r.text("Fqdn")?.toLowerCase(),
    requireTls,
    tlsAuthLevel: requireTls ? tlsAuthLevel : undefined,
    tlsDomain,
    cloudServicesMailEnabled: r.bool("CloudServicesMailEnabled", false),
    enabled: r.bool("Enabled", true),
    comment,
    tlsCertificateName: r.text("TlsCertificateName"),
  };
  const { tlsCertificateName, ...checked } = props;
  checkProps(sendConnectorPropsSchema, {
    ...Object.fromEntries(Object.entries(checked).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))),
    tenant: undefined,
    certificate: undefined,
  }, SEND_FIELDS);
  return { props: { ...props, tlsCertificateName }, markers };
}

function readServer(r: LiveRecord): string {
  const name = r.requiredText("Name");
  if (!serverName.safeParse(name).success) throw new FieldError("Name", `${JSON.stringify(name)} is not a server name (NetBIOS name or host name)`);
  return name;
}

/** A certificate from `RawData` (base64 text or a list of bytes), else from Subject, Issuer, Thumbprint, NotAfter, CertificateDomains. */
function readCertificate(r: LiveRecord): LiveCertificate[] {
  const raw = r.raw("RawData");
  let certificate: LiveCertificate;
  if (raw !== undefined && raw !== null) certificate = certificateFromDer(derOf(raw));
  else {
    const subject = r.requiredText("Subject");
    const names = r.list("CertificateDomains").map((n) => n.toLowerCase());
    const commonName = commonNameOf(subject);
    const sans = names.filter((n) => certificateNameProblem(n) === undefined);
    certificate = {
      subject,
      issuer: r.requiredText("Issuer"),
      commonName,
      subjectAlternativeNames: sans,
      dnsNames: [...new Set([...(commonName ? [commonName] : []), ...sans])],
      thumbprint: r.text("Thumbprint")?.replace(/[\s:]/g, "").toUpperCase(),
      notAfter: r.date("NotAfter"),
    };
  }
  // A certificate with no DNS name (Exchange's own auth and federation certificates) identifies no mail server.
  if (certificate.dnsNames.length === 0) return [];
  const parsed = certificatePropsSchema.safeParse({ subject: certificate.subject, issuer: certificate.issuer, subjectAlternativeNames: certificate.subjectAlternativeNames, ...(certificate.thumbprint ? { thumbprint: certificate.thumbprint } : {}) });
  if (!parsed.success) throw new FieldError(String(parsed.error.issues[0].path[0] ?? "RawData"), parsed.error.issues[0].message);
  return [certificate];
}

function derOf(raw: LiveValue): Buffer {
  if (typeof raw === "string") {
    const text = raw.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length === 0) throw new FieldError("RawData", "is not base64 text (the certificate's DER)");
    return Buffer.from(text, "base64");
  }
  if (Array.isArray(raw) && raw.every((b) => typeof b === "number" && Number.isInteger(b) && b >= 0 && b < 256)) return Buffer.from(raw as number[]);
  throw new FieldError("RawData", "expected the certificate's DER as base64 text or a list of bytes");
}

/**
 * Subject, issuer (as Windows writes them: most specific first, `, ` between), DNS names, expiry and SHA-1 thumbprint of a
 * DER certificate. Takes a Uint8Array (a Buffer is one) so the published types do not need @types/node.
 */
export function certificateFromDer(der: Uint8Array): LiveCertificate {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch (error) {
    throw new FieldError("RawData", `is not a DER certificate (${(error as Error).message})`);
  }
  const subject = windowsDn(x509.subject);
  const sans = (x509.subjectAltName ?? "")
    .split(/,\s*/)
    .filter((entry) => entry.startsWith("DNS:"))
    .map((entry) => entry.slice(4).toLowerCase())
    .filter((name) => certificateNameProblem(name) === undefined);
  const commonName = commonNameOf(subject);
  return {
    subject,
    issuer: windowsDn(x509.issuer),
    commonName,
    subjectAlternativeNames: sans,
    dnsNames: [...new Set([...(commonName ? [commonName] : []), ...sans])],
    thumbprint: createHash("sha1").update(der).digest("hex").toUpperCase(),
    notAfter: new Date(Date.parse(x509.validTo)).toISOString().slice(0, 10),
  };
}

/** Node writes a name one attribute a line, least specific first; Windows (and Exchange) most specific first, `, ` between. */
function windowsDn(nodeDn: string): string {
  return nodeDn
    .split("\n")
    .filter((line) => line !== "")
    .reverse()
    .map((line) => {
      const eq = line.indexOf("=");
      const value = line.slice(eq + 1);
      return /[,+"]/.test(value) ? `${line.slice(0, eq)}="${value.replace(/"/g, '""')}"` : line;
    })
    .join(", ");
}
