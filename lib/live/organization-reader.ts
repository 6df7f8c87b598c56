/**
 * An on-premises Exchange organization from its exported records (Get-SendConnector, Get-ExchangeCertificate,
 * Get-ExchangeServer / Get-TransportService): the send connectors that deliver to a tenant of the estate, each with the
 * certificate it presents (read from the certificate's DER: subject, issuer, DNS names, expiry, SHA-1 thumbprint).
 */
import { X509Certificate, createHash } from "node:crypto";
import { certificateNameProblem } from "../model/domain-name";
import { cloudEndpoint, coexistenceDomain, endpointFamily } from "../model/exchange-online-endpoints";
import { certificatePropsSchema, onPremisesOrganizationPropsSchema, sendConnectorPropsSchema, serverName } from "../model/schemas";
import type {
  AdSiteModel, CertificateModel, OnPremisesOrganizationModel, SendConnectorModel, TenantModel, TlsAuthLevel, UserMailboxesModel,
} from "../model/topology";
import { splitComment } from "./comment-marker";
import { IdAllocator, LIVE_STACK } from "./live-ids";
import { FieldError, type LiveProblem } from "./problems";
import { checkProps, recordLabel } from "./record-kinds";
import { describe, parseAddressSpace, type LiveRecord, type LiveValue } from "./records";
import type { LocatedRecord } from "./tenant-reader";

/** A certificate read from an export, before it has a path. */
export type LiveCertificate = Omit<CertificateModel, "path">;

/**
 * What the export tells about where users' mailboxes are: `exported` (the placement summary was read; the organization's
 * `userMailboxes` hold every tenant with mailboxes there), `none` (exported, but no mailbox is of a domain a tenant of the
 * estate accepts), or `unknown` (no placement summary: an older export, or Export-Clixml files without it).
 */
export type MailboxPlacementState = "exported" | "none" | "unknown";

/** What the organization reader gives. */
export interface LiveOrganization {
  readonly organization: OnPremisesOrganizationModel;
  /** Whether the export told where users' mailboxes are (see {@link MailboxPlacementState}). */
  readonly mailboxPlacement: MailboxPlacementState;
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
 * @param placementExported true when the export holds the mailbox placement summary, even one with no record (no mailbox)
 * @default placementExported - false: placement is known only from its records
 */
export function readOrganization(
  records: readonly LocatedRecord[],
  id: string,
  tenants: readonly TenantModel[],
  certificates: CertificateRegistry,
  problems: LiveProblem[],
  notes: string[],
  placementExported = false,
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

  const serverRecords = of("transportServer").flatMap((located) => guard(located, () => [{ located, ...readServer(located.record) }]) ?? []);
  const servers = [...new Set(serverRecords.map((s) => s.name))].sort();
  const sites = sitesOf(serverRecords, problems);
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
    // As exported: an unset TlsAuthLevel, TlsDomain or Fqdn stays unset (the rules warn about the first two; Exchange
    // uses the server's own FQDN for the third), and `import` declares them unset with null.
    const { tlsAuthLevel, tlsDomain, fqdn } = c.props;
    sendConnectors.push({
      path,
      name: c.props.name,
      tenantPath: tenant.path,
      certificatePath: model.path,
      addressSpaces: c.props.addressSpaces,
      smartHosts: c.props.dnsRoutingEnabled ? [] : c.props.smartHosts,
      dnsRoutingEnabled: c.props.dnsRoutingEnabled,
      sourceTransportServers: c.props.sourceTransportServers,
      ...(c.props.isScopedConnector ? { isScopedConnector: true } : {}),
      ...(fqdn !== undefined ? { fqdn } : {}),
      requireTls: c.props.requireTls,
      tlsAuthLevel,
      tlsDomain,
      tlsCertificateName: `<I>${model.issuer}<S>${model.subject}`,
      cloudServicesMailEnabled: c.props.cloudServicesMailEnabled,
      enabled: c.props.enabled,
      comment: c.props.comment,
    });
  }
  sendConnectors.sort((a, b) => (a.path < b.path ? -1 : 1));
  const placementRecords = of("mailboxPlacement");
  const placementKnown = placementExported || placementRecords.length > 0;
  const userMailboxes = placementKnown ? readPlacement(placementRecords, servers, tenants, guard, notes) : [];
  return {
    organization: {
      path: organizationPath,
      stack: LIVE_STACK,
      egressIpAddresses: [],
      transportServers: servers,
      ...(sites.length > 0 ? { sites } : {}),
      ...(userMailboxes.length > 0 ? { userMailboxes } : {}),
      relays: [],
      sendConnectors,
    },
    mailboxPlacement: !placementKnown ? "unknown" : userMailboxes.length > 0 ? "exported" : "none",
    markers,
    sources,
  };
}

/**
 * The organization's Active Directory sites from its servers' `Site` (`corp.contoso.com/Configuration/Sites/<name>`, or
 * the name alone), each server in one site, sorted as the construct sorts them. Servers without a site (Edge servers) are
 * in none. Sites the constructs would refuse are left out with one problem (routing then puts every server in one site).
 */
function sitesOf(servers: readonly { located: LocatedRecord; name: string; site?: string }[], problems: LiveProblem[]): AdSiteModel[] {
  const bySite = new Map<string, string[]>();
  for (const server of servers) {
    if (server.site === undefined) continue;
    const members = bySite.get(server.site) ?? [];
    if (!members.includes(server.name)) members.push(server.name);
    bySite.set(server.site, members);
  }
  const sites = [...bySite.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((name) => ({ name, servers: bySite.get(name)!.sort() }));
  const parsed = onPremisesOrganizationPropsSchema.safeParse({ sites: Object.fromEntries(sites.map((site) => [site.name, site.servers])) });
  if (!parsed.success) {
    const bad = String(parsed.error.issues[0].path[1] ?? "");
    const server = servers.find((s) => s.site === bad) ?? servers[0];
    problems.push({ file: server.located.file, record: recordLabel(server.located.record, "transportServer"), field: "Site", message: `${JSON.stringify(bad)}: ${parsed.error.issues[0].message}: the organization's sites are left out (all its servers read as one site)` });
    return [];
  }
  return sites;
}

/**
 * The tenants whose users have mailboxes in the organization, from the placement summary (mailboxes per server and
 * primary SMTP domain): a domain belongs to the tenant that accepts it (or a parent of it with MatchSubDomains). Domains
 * no tenant of the estate accepts, or several do, are noted and left out. Servers are spelled as the transport servers
 * are when they match case-insensitively.
 */
function readPlacement(
  records: readonly LocatedRecord[],
  servers: readonly string[],
  tenants: readonly TenantModel[],
  guard: <T>(located: LocatedRecord, read: () => T) => T | undefined,
  notes: string[],
): UserMailboxesModel[] {
  const spelling = new Map(servers.map((s) => [s.toLowerCase(), s]));
  const exact = new Map<string, TenantModel[]>();
  const wildcard = new Map<string, TenantModel[]>();
  for (const tenant of tenants) {
    for (const domain of tenant.acceptedDomains) {
      for (const index of domain.matchSubDomains ? [exact, wildcard] : [exact]) {
        const list = index.get(domain.domainName) ?? [];
        if (!list.includes(tenant)) list.push(tenant);
        index.set(domain.domainName, list);
      }
    }
  }
  const tenantsOf = (domain: string): TenantModel[] => {
    const found = exact.get(domain);
    if (found !== undefined) return found;
    for (let dot = domain.indexOf("."); dot >= 0; dot = domain.indexOf(".", dot + 1)) {
      const parent = wildcard.get(domain.slice(dot + 1));
      if (parent !== undefined) return parent;
    }
    return [];
  };
  const byTenant = new Map<TenantModel, Set<string>>();
  const unplaced = new Map<string, { mailboxes: number; file: string; why: string }>();
  for (const located of records) {
    const read = guard(located, () => readPlacementRecord(located.record));
    if (read === undefined || read.mailboxes === 0) continue;
    const owners = tenantsOf(read.domain);
    if (owners.length !== 1) {
      const known = unplaced.get(read.domain) ?? { mailboxes: 0, file: located.file, why: owners.length === 0 ? "no tenant of these exports accepts it" : `several tenants accept it (${owners.map((t) => t.initialDomain).join(", ")})` };
      known.mailboxes += read.mailboxes;
      unplaced.set(read.domain, known);
      continue;
    }
    const set = byTenant.get(owners[0]) ?? new Set<string>();
    set.add(spelling.get(read.server.toLowerCase()) ?? read.server);
    byTenant.set(owners[0], set);
  }
  for (const [domain, { mailboxes, file, why }] of [...unplaced].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    notes.push(`${file}: ${mailboxes} mailbox${mailboxes === 1 ? "" : "es"} of domain ${domain}: ${why}, so their users are attributed to no tenant (not checked)`);
  }
  return [...byTenant]
    .map(([tenant, set]) => ({ tenantPath: tenant.path, servers: [...set].sort() }))
    .sort((a, b) => (a.tenantPath < b.tenantPath ? -1 : a.tenantPath > b.tenantPath ? 1 : 0));
}

/** One record of the placement summary: a server, a primary SMTP domain and a count of mailboxes. */
function readPlacementRecord(r: LiveRecord): { server: string; domain: string; mailboxes: number } {
  const server = r.requiredText("ServerName");
  if (!serverName.safeParse(server).success) throw new FieldError("ServerName", `${JSON.stringify(server)} is not a server name (NetBIOS name or host name)`);
  const domain = r.requiredText("PrimarySmtpDomain").trim().toLowerCase();
  if (certificateNameProblem(domain) !== undefined || domain.startsWith("*.")) throw new FieldError("PrimarySmtpDomain", `${JSON.stringify(domain)} is not a domain name`);
  const raw = r.raw("Mailboxes");
  const mailboxes = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(mailboxes) || mailboxes < 0) throw new FieldError("Mailboxes", `expected a count of mailboxes, found ${describe(raw)}`);
  return { server, domain, mailboxes };
}

/**
 * Tenants by the Exchange Online endpoints of their domains in their cloud (`<name>.mail.protection.outlook.com`, and the
 * GCC High and 21Vianet twins), by the DNSSEC MX of a worldwide tenant's domain (`<name>.<xx>-v1.mx.microsoft`, looked
 * up by `dnssec:<name>`), and by their coexistence domain (`<tenant>.mail.onmicrosoft.com` and its twins).
 */
function tenantIndex(tenants: readonly TenantModel[]) {
  const endpoints = new Map<string, TenantModel>();
  const byCoexistence = new Map<string, TenantModel>();
  for (const tenant of tenants) {
    const cloud = tenant.cloud ?? "worldwide";
    const coexistence = coexistenceDomain(tenant.initialDomain, cloud);
    if (coexistence !== undefined && !byCoexistence.has(coexistence)) byCoexistence.set(coexistence, tenant);
    for (const name of [tenant.initialDomain, ...tenant.acceptedDomains.map((d) => d.domainName)]) {
      const endpoint = cloudEndpoint(name, cloud);
      if (!endpoints.has(endpoint)) endpoints.set(endpoint, tenant);
      const dnssec = `dnssec:${endpoint.slice(0, endpoint.indexOf("."))}`;
      if (cloud === "worldwide" && !endpoints.has(dnssec)) endpoints.set(dnssec, tenant);
    }
  }
  const byEndpoint = {
    get(host: string): TenantModel | undefined {
      const family = endpointFamily(host);
      return family?.kind === "dnssec" ? endpoints.get(`dnssec:${family.name}`) : endpoints.get(host.toLowerCase());
    },
  };
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
  enabled: "Enabled", comment: "Comment", dnsRoutingEnabled: "DNSRoutingEnabled", isScopedConnector: "IsScopedConnector",
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
    isScopedConnector: r.bool("IsScopedConnector", false),
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

/** A server's name and, when it has one, the name of its Active Directory site (the last part of `Site`). */
function readServer(r: LiveRecord): { name: string; site?: string } {
  const name = r.requiredText("Name");
  if (!serverName.safeParse(name).success) throw new FieldError("Name", `${JSON.stringify(name)} is not a server name (NetBIOS name or host name)`);
  const site = r.text("Site")?.trim();
  const siteName = site === undefined ? undefined : site.slice(site.lastIndexOf("/") + 1).trim();
  return siteName === undefined || siteName === "" ? { name } : { name, site: siteName };
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
