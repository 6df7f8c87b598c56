/**
 * Small read-only queries over the Topology that several rules share, so that they all read the
 * same facts the same way (which connectors identify senders, how objects are named in messages).
 */
import { certificateNameMatches } from "../model/domain-name";
import { cloudEndpoint, endpointFamily } from "../model/exchange-online-endpoints";
import { parseIpv4Range, type Ipv4Range } from "../model/ip";
import type {
  CertificateModel, InboundConnectorModel, OnPremisesOrganizationModel, SendConnectorModel, TenantModel, Topology,
} from "../model/topology";

/** An inbound connector together with the tenant it belongs to. */
export interface TenantConnector {
  readonly tenant: TenantModel;
  readonly connector: InboundConnectorModel;
}

/** A send connector together with the organization it belongs to. */
export interface OrganizationSendConnector {
  readonly organization: OnPremisesOrganizationModel;
  readonly sendConnector: SendConnectorModel;
}

/**
 * True when the connector identifies senders to its tenant: only enabled OnPremises connectors do
 * (Partner connectors and disabled connectors play no part in attribution).
 */
export function identifiesSenders(connector: InboundConnectorModel): boolean {
  return connector.enabled && connector.connectorType === "OnPremises";
}

/**
 * A query's answer, computed once per Topology: several rules ask the same questions, and with thousands of tenants
 * each answer is tens of thousands of objects. Topology data is read-only by contract, so an answer never goes stale.
 */
export function perTopology<T>(compute: (topology: Topology) => T): (topology: Topology) => T {
  const answers = new WeakMap<Topology, T>();
  return (topology) => {
    let answer = answers.get(topology);
    if (answer === undefined) {
      answer = compute(topology);
      answers.set(topology, answer);
    }
    return answer;
  };
}

/** Every inbound connector of every tenant, with its tenant. */
export const inboundConnectors: (topology: Topology) => readonly TenantConnector[] = perTopology((topology) =>
  topology.tenants.flatMap((tenant) => tenant.inboundConnectors.map((connector) => ({ tenant, connector }))));

/** The connectors that identify senders (see {@link identifiesSenders}), with their tenants. */
export const identifyingConnectors: (topology: Topology) => readonly TenantConnector[] = perTopology((topology) =>
  inboundConnectors(topology).filter(({ connector }) => identifiesSenders(connector)));

/** Every send connector of every organization, with its organization. */
export const sendConnectors: (topology: Topology) => readonly OrganizationSendConnector[] = perTopology((topology) =>
  topology.organizations.flatMap((organization) => organization.sendConnectors.map((sendConnector) => ({ organization, sendConnector }))));

/** Tenants by construct path (the last of a path declared twice, as `new Map` keeps it). */
export const tenantsByPath: (topology: Topology) => ReadonlyMap<string, TenantModel> = perTopology((topology) =>
  new Map(topology.tenants.map((tenant) => [tenant.path, tenant])));

/** Certificates by construct path (the last of a path declared twice, as `new Map` keeps it). */
export const certificatesByPath: (topology: Topology) => ReadonlyMap<string, CertificateModel> = perTopology((topology) =>
  new Map(topology.certificates.map((certificate) => [certificate.path, certificate])));

/**
 * The ranges of a list of IPv4 texts. Unparseable entries are skipped: the model's validation
 * reports them at construction, and a rule should judge what is valid rather than crash.
 */
export function parsedRanges(texts: readonly string[]): Ipv4Range[] {
  return texts.flatMap((text) => {
    const parsed = parseIpv4Range(text);
    return parsed.ok ? [parsed.range] : [];
  });
}

/** How messages name an inbound connector: its name, its path, and its tenant's initial domain. */
export function describeConnector({ tenant, connector }: TenantConnector): string {
  return `inbound connector "${connector.name}" (${connector.path}) of tenant ${tenant.initialDomain}`;
}

/** How messages name a send connector: its name, its path, and its organization's path. */
export function describeSendConnector({ organization, sendConnector }: OrganizationSendConnector): string {
  return `send connector "${sendConnector.name}" (${sendConnector.path}) of organization ${organization.path}`;
}

/** How messages name a certificate: its path, subject and, when known, thumbprint. */
export function describeCertificate(certificate: CertificateModel): string {
  const thumbprint = certificate.thumbprint ? `, thumbprint ${certificate.thumbprint}` : "";
  return `certificate ${certificate.path} (${certificate.subject}${thumbprint})`;
}

/**
 * Joins items for a message, listing at most `limit` of them so that a finding stays readable
 * when one object collides with thousands of others.
 */
export function listForMessage(items: readonly string[], limit = MESSAGE_LIST_LIMIT): string {
  return boundedListForMessage(items.slice(0, limit), items.length);
}

/** How many items a finding's message names before it says "and N more". */
export const MESSAGE_LIST_LIMIT = 5;

/**
 * Joins the first items of a list for a message, given the list's full length: rules that count the rest instead of
 * building it stay linear when one object collides with thousands (many tenants sharing one relay).
 */
export function boundedListForMessage(first: readonly string[], total: number, separator = "; "): string {
  const rest = total - first.length;
  return rest > 0 ? `${first.join(separator)}${separator}and ${rest} more` : first.join(separator);
}

/** Sorts strings by code unit, the same in every locale. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The connectors of a tenant that identify senders and trust a certificate: their `TlsSenderCertificateName`
 * matches one of its DNS names. None when the certificate is unknown.
 */
export function connectorsTrustingCertificate(tenant: TenantModel, certificate: CertificateModel | undefined): InboundConnectorModel[] {
  if (certificate === undefined) return [];
  return tenant.inboundConnectors.filter((connector) => {
    const name = connector.tlsSenderCertificateName?.toLowerCase();
    return identifiesSenders(connector) && !!name && certificate.dnsNames.some((dnsName) => certificateNameMatches(name, dnsName));
  });
}

/** An enabled send connector whose target tenant trusts none of its certificate's names, with what the rules report. */
export interface UntrustedSendConnector extends OrganizationSendConnector {
  /** The target tenant. */
  readonly tenant: TenantModel;
  /** The certificate it presents, when the topology declares it. */
  readonly certificate?: CertificateModel;
}

/**
 * Enabled send connectors whose target tenant has no sender-identifying connector trusting their certificate
 * (a dangling tenant path is the construct layer's error to report; a disabled connector sends nothing).
 */
export const untrustedSendConnectors: (topology: Topology) => readonly UntrustedSendConnector[] = perTopology((topology) => {
  const tenants = tenantsByPath(topology);
  const certificates = certificatesByPath(topology);
  return sendConnectors(topology).flatMap((entry) => {
    const tenant = tenants.get(entry.sendConnector.tenantPath);
    if (tenant === undefined || !entry.sendConnector.enabled) return [];
    const certificate = certificates.get(entry.sendConnector.certificatePath);
    if (connectorsTrustingCertificate(tenant, certificate).length > 0) return [];
    return [{ ...entry, tenant, ...(certificate ? { certificate } : {}) }];
  });
});

const endpointsOf = new WeakMap<TenantModel, readonly string[]>();

/**
 * The Exchange Online endpoints (smart hosts) of a tenant in its cloud (domain.md section 2): one per accepted domain
 * (`contoso-com.mail.protection.outlook.com`), and one for the initial domain (`contoso.mail.protection.outlook.com`);
 * `.mail.protection.office365.us` in GCC High, `.mail.protection.partner.outlook.cn` in 21Vianet. DNSSEC endpoints
 * (`<name>.<xx>-v1.mx.microsoft`) are recognized by {@link isTenantEndpoint}, not listed.
 */
export function tenantEndpoints(tenant: TenantModel): readonly string[] {
  // Two rules ask for every tenant's endpoints; the answer is kept per tenant model (read-only data).
  let endpoints = endpointsOf.get(tenant);
  if (endpoints === undefined) {
    const cloud = tenant.cloud ?? "worldwide";
    endpoints = [...new Set([tenant.initialDomain, ...tenant.acceptedDomains.map((domain) => domain.domainName)].map((name) => cloudEndpoint(name, cloud)))];
    endpointsOf.set(tenant, endpoints);
  }
  return endpoints;
}

/**
 * True when `host` is an endpoint of the tenant: one of {@link tenantEndpoints}, or, for a worldwide tenant, the DNSSEC
 * MX `<domain-with-dashes>.<xx>-v1.mx.microsoft` of one of its domains (**model**: using it as a smart host is not
 * documented either way; domain.md section 2).
 */
export function isTenantEndpoint(tenant: TenantModel, host: string): boolean {
  const lower = host.toLowerCase();
  if (tenantEndpoints(tenant).includes(lower)) return true;
  const family = endpointFamily(lower);
  if (family?.kind !== "dnssec" || (tenant.cloud ?? "worldwide") !== "worldwide") return false;
  return tenantEndpoints(tenant).some((endpoint) => endpoint.slice(0, endpoint.indexOf(".")) === family.name);
}

/** Groups items by a key, keeping their order within each group. */
export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
