/**
 * Drift: the declared topology (a plan.json's stack) against the live estate, per object and setting. Both sides are
 * in the model's normal form (the readers normalize `smtp:*;1`, `$null`, case and IP forms as the constructs do);
 * comparison then treats multi-valued settings as sets and absent, null and empty as one, so equal settings never drift.
 */
import type {
  InboundConnectorModel, OnPremisesOrganizationModel, OutboundConnectorModel, SendConnectorModel, TenantModel, Topology,
} from "../model/topology";
import type { LiveEstate } from "./estate";
import { normalizeDn } from "./organization-reader";

/** One difference between declaration and live estate. */
export interface DriftEntry {
  /** `changed`: a setting differs; `missing`: declared, not live; `undeclared`: live, not declared. */
  readonly kind: "changed" | "missing" | "undeclared";
  /** The object, in words: `inbound connector "From on-premises" of tenant contoso.onmicrosoft.com`. */
  readonly object: string;
  /** Construct path of the declaration. */
  readonly declaredPath?: string;
  /** Path of the live object (as the readers name it) and where it was read from. */
  readonly livePath?: string;
  readonly source?: string;
  /** For `changed`: the setting, as Exchange names it, and both values (normalized). */
  readonly setting?: string;
  readonly declared?: unknown;
  readonly live?: unknown;
  /** For `undeclared` connectors: the construct path the library's marker in its Comment names, if it has one. */
  readonly marker?: string;
}

type Setting<T> = readonly [exchangeName: string, value: (model: T) => unknown];

const INBOUND_SETTINGS: readonly Setting<InboundConnectorModel>[] = [
  ["Name", (c) => c.name], ["ConnectorType", (c) => c.connectorType], ["TlsSenderCertificateName", (c) => c.tlsSenderCertificateName],
  ["SenderIPAddresses", (c) => c.senderIpAddresses], ["SenderDomains", (c) => c.senderDomains], ["CloudServicesMailEnabled", (c) => c.cloudServicesMailEnabled],
  ["TreatMessagesAsInternal", (c) => c.treatMessagesAsInternal], ["AssociatedAcceptedDomains", (c) => c.associatedAcceptedDomains],
  ["RequireTls", (c) => c.requireTls], ["RestrictDomainsToCertificate", (c) => c.restrictDomainsToCertificate],
  ["RestrictDomainsToIPAddresses", (c) => c.restrictDomainsToIpAddresses], ["Enabled", (c) => c.enabled], ["Comment", (c) => c.comment],
];

const OUTBOUND_SETTINGS: readonly Setting<OutboundConnectorModel>[] = [
  ["Name", (c) => c.name], ["ConnectorType", (c) => c.connectorType], ["RecipientDomains", (c) => c.recipientDomains], ["SmartHosts", (c) => c.smartHosts],
  ["UseMXRecord", (c) => c.useMxRecord], ["TlsSettings", (c) => c.tlsSettings], ["TlsDomain", (c) => c.tlsDomain],
  ["RouteAllMessagesViaOnPremises", (c) => c.routeAllMessagesViaOnPremises], ["AllAcceptedDomains", (c) => c.allAcceptedDomains],
  ["CloudServicesMailEnabled", (c) => c.cloudServicesMailEnabled], ["Enabled", (c) => c.enabled], ["Comment", (c) => c.comment],
];

/** Send-connector settings; the target tenant and the certificate are compared by name, since paths differ between the two sides. */
function sendSettings(topology: Topology): readonly Setting<SendConnectorModel>[] {
  const tenants = new Map(topology.tenants.map((t) => [t.path, t.initialDomain]));
  const thumbprints = new Map(topology.certificates.map((c) => [c.path, c.thumbprint]));
  return [
    ["Name", (c) => c.name], ["(target tenant)", (c) => tenants.get(c.tenantPath) ?? c.tenantPath], ["AddressSpaces", (c) => c.addressSpaces],
    ["SmartHosts", (c) => c.smartHosts], ["DNSRoutingEnabled", (c) => c.dnsRoutingEnabled], ["SourceTransportServers", (c) => c.sourceTransportServers.map((s) => s.toLowerCase())],
    ["IsScopedConnector", (c) => c.isScopedConnector ?? false],
    ["Fqdn", (c) => c.fqdn], ["RequireTLS", (c) => c.requireTls], ["TlsAuthLevel", (c) => c.tlsAuthLevel], ["TlsDomain", (c) => c.tlsDomain],
    ["TlsCertificateName", (c) => (c.tlsCertificateName === undefined ? undefined : normalizeDn(c.tlsCertificateName))],
    ["(certificate thumbprint)", (c) => thumbprints.get(c.certificatePath)], ["CloudServicesMailEnabled", (c) => c.cloudServicesMailEnabled],
    ["Enabled", (c) => c.enabled], ["Comment", (c) => c.comment],
  ];
}

/** A value in comparable form: lists as sorted sets, empty text and empty lists as absent, text with line breaks as `\n`. */
function normal(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = [...new Set(value.map((v) => (typeof v === "string" ? v.trim() : v)))].sort();
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === "string") {
    const text = value.replace(/\r\n?/g, "\n").trim();
    return text === "" ? undefined : text;
  }
  return value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

/**
 * The drift of the declared stack `stack` of `declared` (a plan's topology) against the live estate. Live tenants that
 * the plan does not declare are not compared (a folder of exports may hold more tenants than one stack); live objects
 * inside a declared tenant or a matched organization that are not declared are reported, with their marker if any.
 * The initial domain and the coexistence domain, which every tenant has, are reported only when declared and missing.
 * Thumbprints are compared only when both sides know them.
 */
export function computeDrift(declared: Topology, stack: string, live: LiveEstate): DriftEntry[] {
  const entries: DriftEntry[] = [];
  const liveTenants = new Map(live.topology.tenants.map((t) => [t.initialDomain, t]));
  const markerOf = (path: string) => live.markers.get(path)?.[0];
  const where = (path: string) => ({ livePath: path, ...(live.sources.has(path) ? { source: live.sources.get(path) } : {}) });
  const compare = <T>(object: string, settings: readonly Setting<T>[], d: T & { path: string }, l: T & { path: string }) => {
    for (const [name, value] of settings) {
      const [a, b] = [value(d), value(l)];
      if (WHEN_BOTH_KNOWN.has(name) && (a === undefined || b === undefined)) continue;
      if (!same(a, b)) entries.push({ kind: "changed", object, declaredPath: d.path, ...where(l.path), setting: name, declared: normal(a) ?? null, live: normal(b) ?? null });
    }
  };

  for (const tenant of declared.tenants.filter((t) => t.stack === stack)) {
    const liveTenant = liveTenants.get(tenant.initialDomain);
    const of = `of tenant ${tenant.initialDomain}`;
    if (liveTenant === undefined) {
      entries.push({ kind: "missing", object: `tenant ${tenant.initialDomain}`, declaredPath: tenant.path });
      continue;
    }
    diffTenant(tenant, liveTenant, of);
  }

  function diffTenant(tenant: TenantModel, liveTenant: TenantModel, of: string) {
    const liveDomains = new Map(liveTenant.acceptedDomains.map((d) => [d.domainName, d]));
    const declaredDomains = new Set(tenant.acceptedDomains.map((d) => d.domainName));
    for (const d of tenant.acceptedDomains) {
      const l = liveDomains.get(d.domainName);
      const object = `accepted domain ${d.domainName} ${of}`;
      if (l === undefined) entries.push({ kind: "missing", object, declaredPath: d.path });
      else compare(object, [["DomainType", (x) => x.domainType], ["MatchSubDomains", (x) => x.matchSubDomains], ["OutboundOnly", (x) => x.outboundOnly]], d, l);
    }
    const label = tenant.initialDomain.slice(0, tenant.initialDomain.indexOf("."));
    const always = new Set([tenant.initialDomain, `${label}.mail.onmicrosoft.com`]);
    for (const l of liveTenant.acceptedDomains) {
      if (!declaredDomains.has(l.domainName) && !always.has(l.domainName)) entries.push({ kind: "undeclared", object: `accepted domain ${l.domainName} ${of}`, ...where(l.path) });
    }
    diffConnectors("inbound connector", of, tenant.inboundConnectors, liveTenant.inboundConnectors, INBOUND_SETTINGS);
    diffConnectors("outbound connector", of, tenant.outboundConnectors, liveTenant.outboundConnectors, OUTBOUND_SETTINGS);

    const identity = (s: { spoofedUser: string; sendingInfrastructure: string; spoofType: string }) => `${s.spoofedUser}|${s.sendingInfrastructure}|${s.spoofType}`;
    const liveSpoofs = new Map(liveTenant.spoofPairs.map((s) => [identity(s), s]));
    const declaredSpoofs = new Set(tenant.spoofPairs.map(identity));
    for (const s of tenant.spoofPairs) {
      const l = liveSpoofs.get(identity(s));
      const object = `spoof pair ${s.spoofedUser} via ${s.sendingInfrastructure} (${s.spoofType}) ${of}`;
      if (l === undefined) entries.push({ kind: "missing", object, declaredPath: s.path });
      else compare(object, [["Action", (x) => x.action]], s, l);
    }
    for (const l of liveTenant.spoofPairs) {
      if (!declaredSpoofs.has(identity(l))) entries.push({ kind: "undeclared", object: `spoof pair ${l.spoofedUser} via ${l.sendingInfrastructure} (${l.spoofType}) ${of}`, ...where(l.path) });
    }
    // RejectDirectSend is compared only when declared (the scripts apply it only then), and only when it was exported.
    if (tenant.organizationConfig !== undefined && liveTenant.organizationConfig !== undefined) {
      compare(`organization config ${of}`, [["RejectDirectSend", (x) => x.rejectDirectSend]], tenant.organizationConfig, liveTenant.organizationConfig);
    }
  }

  function diffConnectors<T extends { path: string; name: string }>(kind: string, of: string, declaredList: readonly T[], liveList: readonly T[], settings: readonly Setting<T>[]) {
    const unmatched = new Set(liveList);
    const pairs: [T, T | undefined][] = [];
    // The marker names the declaration exactly; a connector without one (or a hand-made one) matches by name.
    for (const d of declaredList) {
      const byMarker = liveList.find((l) => unmatched.has(l) && (live.markers.get(l.path) ?? []).includes(d.path));
      if (byMarker !== undefined) {
        unmatched.delete(byMarker);
        pairs.push([d, byMarker]);
      } else pairs.push([d, undefined]);
    }
    for (const pair of pairs) {
      if (pair[1] !== undefined) continue;
      const byName = liveList.find((l) => unmatched.has(l) && l.name.toLowerCase() === pair[0].name.toLowerCase());
      if (byName !== undefined) {
        unmatched.delete(byName);
        pair[1] = byName;
      }
    }
    for (const [d, l] of pairs) {
      const object = `${kind} ${JSON.stringify(d.name)} ${of}`;
      if (l === undefined) entries.push({ kind: "missing", object, declaredPath: d.path });
      else compare(object, settings, d, l);
    }
    for (const l of liveList.filter((x) => unmatched.has(x))) {
      const marker = markerOf(l.path);
      entries.push({ kind: "undeclared", object: `${kind} ${JSON.stringify(l.name)} ${of}`, ...where(l.path), ...(marker !== undefined ? { marker } : {}) });
    }
  }

  const declaredOrganizations = declared.organizations.filter((o) => o.stack === stack);
  const liveOrganizations = new Set(live.topology.organizations);
  const matchOrganization = (o: OnPremisesOrganizationModel): OnPremisesOrganizationModel | undefined => {
    const candidates = [...liveOrganizations];
    return (
      candidates.find((l) => l.sendConnectors.some((c) => (live.markers.get(c.path) ?? []).some((m) => m.startsWith(`${o.path}/`)))) ??
      candidates.find((l) => lastSegment(l.path).toLowerCase() === lastSegment(o.path).toLowerCase()) ??
      (declaredOrganizations.length === 1 && candidates.length === 1 ? candidates[0] : undefined)
    );
  };
  const sendDeclared = sendSettings(declared);
  const sendLive = sendSettings(live.topology);
  for (const o of declaredOrganizations) {
    const l = matchOrganization(o);
    const object = `on-premises organization ${lastSegment(o.path)}`;
    if (l === undefined) {
      entries.push({ kind: "missing", object, declaredPath: o.path });
      continue;
    }
    liveOrganizations.delete(l);
    // Sites and mailbox placement only when both sides know them (an older export has no placement; a declaration may leave both out).
    const organizationSettings = (topology: Topology): readonly Setting<OnPremisesOrganizationModel>[] => [
      ["(AD sites)", (x) => x.sites?.map((site) => `${site.name}: ${site.servers.map((v) => v.toLowerCase()).sort().join(", ")}`)],
      ["(users' mailboxes)", (x) => x.userMailboxes?.map((m) => `${topology.tenants.find((t) => t.path === m.tenantPath)?.initialDomain ?? m.tenantPath}: ${m.servers.map((v) => v.toLowerCase()).sort().join(", ")}`)],
    ];
    const [declaredSettings, liveSettings] = [organizationSettings(declared), organizationSettings(live.topology)];
    declaredSettings.forEach(([name, value], i) => {
      const [a, b] = [value(o), liveSettings[i][1](l)];
      if (a !== undefined && b !== undefined && !same(a, b)) entries.push({ kind: "changed", object, declaredPath: o.path, ...where(l.path), setting: name, declared: normal(a) ?? null, live: normal(b) ?? null });
    });
    // Each side's send connectors with its own topology's names for tenants and certificates.
    const declaredViews = o.sendConnectors.map((c) => view(c, sendDeclared));
    const liveViews = l.sendConnectors.map((c) => view(c, sendLive));
    diffConnectors("send connector", `of ${object}`, declaredViews, liveViews, SEND_VIEW_SETTINGS);
  }
  for (const l of liveOrganizations) {
    if (declaredOrganizations.length > 0 || declared.tenants.some((t) => t.stack === stack && l.sendConnectors.some((c) => live.topology.tenants.find((x) => x.path === c.tenantPath)?.initialDomain === t.initialDomain))) {
      entries.push({ kind: "undeclared", object: `on-premises organization ${lastSegment(l.path)}`, ...where(l.path) });
    }
  }
  return entries;
}

/** A send connector as the settings read it, so the two sides (with different tenant and certificate paths) compare. */
type SendView = { readonly path: string; readonly name: string; readonly values: readonly unknown[] };

const SEND_NAMES = sendSettings({ tenants: [], certificates: [], organizations: [], expectations: [], suppressions: [] }).map(([name]) => name);
const SEND_VIEW_SETTINGS: readonly Setting<SendView>[] = SEND_NAMES.map((name, i) => [name, (v: SendView) => v.values[i]] as const);

/** Settings compared only when both sides know them (a certificate named by TlsCertificateName alone has no thumbprint). */
const WHEN_BOTH_KNOWN = new Set(["(certificate thumbprint)"]);

function view(c: SendConnectorModel, settings: readonly Setting<SendConnectorModel>[]): SendView {
  return { path: c.path, name: c.name, values: settings.map(([, value]) => value(c)) };
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
