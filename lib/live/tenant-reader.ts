/**
 * An Exchange Online tenant from its exported records (Get-AcceptedDomain, Get-InboundConnector,
 * Get-OutboundConnector, Get-TenantAllowBlockListSpoofItems, Get-OrganizationConfig), in the model's normal form:
 * lower-case names, `smtp:*;1` as `*`, IP ranges as `a.b.c.d/nn`, the marker split off the Comment.
 */
import { cloudOfInitialDomain } from "../model/exchange-online-endpoints";
import { ipv4Range, parseIpv4Range } from "../model/ip";
import {
  acceptedDomainPropsSchema, inboundConnectorPropsSchema, initialDomain as initialDomainSchema, outboundConnectorPropsSchema, spoofPairPropsSchema,
} from "../model/schemas";
import type { AcceptedDomainModel, InboundConnectorModel, OutboundConnectorModel, SpoofPairModel, TenantModel } from "../model/topology";
import { splitComment } from "./comment-marker";
import { IdAllocator, LIVE_STACK, liveId } from "./live-ids";
import { FieldError, type LiveProblem } from "./problems";
import { checkProps, recordLabel, type RecordKind } from "./record-kinds";
import { parseAddressSpace, type LiveRecord } from "./records";

/** A record and the file it came from. */
export interface LocatedRecord {
  readonly file: string;
  readonly record: LiveRecord;
  readonly kind: RecordKind;
  /** The ScubaGear section it was read from, if any. */
  readonly section?: string;
}

/** What the tenant reader gives: the tenant, and the construct paths named by each connector's marker. */
export interface LiveTenant {
  readonly tenant: TenantModel;
  /** Object path → construct paths its Comment's marker lines name. */
  readonly markers: ReadonlyMap<string, readonly string[]>;
  /** Where each object was read from: object path → `file: record N`. */
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * Reads one tenant from the records of one export (a folder, or one ScubaGear file). `initialDomain` is the tenant's
 * name when a manifest gives it; otherwise the accepted domain marked `InitialDomain`. Bad records are skipped with a
 * problem; undefined (with a problem) when the tenant's initial domain cannot be told.
 */
export function readTenant(records: readonly LocatedRecord[], where: string, problems: LiveProblem[], initialDomainHint?: string): LiveTenant | undefined {
  const guard = <T>(located: LocatedRecord, read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      problems.push({ file: located.file, record: recordLabel(located.record, located.kind, located.section), field: error.field, message: `${error.message}: record skipped` });
      return undefined;
    }
  };
  const of = (kind: RecordKind) => records.filter((r) => r.kind === kind);

  const domains = of("acceptedDomain").flatMap((located) => {
    const read = guard(located, () => readAcceptedDomain(located.record));
    return read === undefined ? [] : [{ located, ...read }];
  });
  const initial = (initialDomainHint ?? domains.find((d) => d.initial)?.props.domainName ?? guessInitialDomain(domains.map((d) => d.props.domainName)))?.toLowerCase();
  if (initial === undefined || !initialDomainSchema.safeParse(initial).success) {
    problems.push({
      file: where,
      message: initial === undefined
        ? "has tenant records but no initial domain (no accepted domain with InitialDomain true, nor a <name>.onmicrosoft.com one): export Get-AcceptedDomain too; this tenant is skipped"
        : `names the tenant ${JSON.stringify(initial)}, which is not an initial domain <name>.onmicrosoft.com: this tenant is skipped`,
    });
    return undefined;
  }
  const tenantPath = `${LIVE_STACK}/${liveId(initial.slice(0, initial.indexOf(".")))}`;
  const ids = new IdAllocator().reserve("OrganizationConfig");
  const markers = new Map<string, string[]>();
  const sources = new Map<string, string>();
  const source = (path: string, located: LocatedRecord) => sources.set(path, `${located.file}: ${recordLabel(located.record, located.kind, located.section)}`);

  const acceptedDomains: AcceptedDomainModel[] = [];
  const seenDomains = new Set<string>();
  for (const d of [...domains].sort((a, b) => compare(a.props.domainName, b.props.domainName))) {
    if (seenDomains.has(d.props.domainName)) {
      problems.push({ file: d.located.file, record: recordLabel(d.located.record, d.located.kind, d.located.section), field: "DomainName", message: "appears twice in this tenant's export: the second is skipped" });
      continue;
    }
    seenDomains.add(d.props.domainName);
    const path = `${tenantPath}/${ids.allocate(d.props.domainName, "accepted domain")}`;
    source(path, d.located);
    acceptedDomains.push({ path, domainName: d.props.domainName, domainType: d.props.domainType ?? "Authoritative", matchSubDomains: d.props.matchSubDomains ?? false, outboundOnly: d.props.outboundOnly ?? false });
  }

  const connectors = <P extends { name: string }, M>(kind: RecordKind, label: string, read: (r: LiveRecord) => { props: P; markers: readonly string[] }, model: (path: string, p: P) => M) => {
    const readAll = of(kind).flatMap((located) => {
      const value = guard(located, () => read(located.record));
      return value === undefined ? [] : [{ located, ...value }];
    });
    return readAll
      .sort((a, b) => compare(a.props.name, b.props.name))
      .map((c) => {
        const path = `${tenantPath}/${ids.allocate(c.props.name, label)}`;
        if (c.markers.length > 0) markers.set(path, [...c.markers]);
        source(path, c.located);
        return model(path, c.props);
      });
  };
  const inboundConnectors = connectors("inboundConnector", "inbound", readInbound, inboundModel);
  const outboundConnectors = connectors("outboundConnector", "outbound", readOutbound, outboundModel);

  const spoofPairs: SpoofPairModel[] = [];
  const spoofs = of("spoofItem").flatMap((located) => {
    const value = guard(located, () => readSpoof(located.record));
    return value === undefined ? [] : [{ located, props: value }];
  });
  for (const s of spoofs.sort((a, b) => compare(spoofKey(a.props), spoofKey(b.props)))) {
    const path = `${tenantPath}/${ids.allocate(`${s.props.spoofType} ${s.props.spoofedUser} via ${s.props.sendingInfrastructure}`, "spoof pair")}`;
    source(path, s.located);
    spoofPairs.push({ path, ...s.props });
  }

  const configs = of("organizationConfig").flatMap((located) => {
    const value = guard(located, () => located.record.bool("RejectDirectSend", false));
    return value === undefined ? [] : [value];
  });
  const rejectDirectSend = configs[0];
  // The cloud follows from the initial domain's suffix (.onmicrosoft.com, .onmicrosoft.us, .partner.onmschina.cn), as the
  // Tenant construct's model writes it: only a sovereign cloud is written.
  const cloud = cloudOfInitialDomain(initial) ?? "worldwide";
  const tenant: TenantModel = {
    path: tenantPath,
    stack: LIVE_STACK,
    initialDomain: initial,
    ...(cloud !== "worldwide" ? { cloud } : {}),
    displayName: undefined,
    rejectDirectSend: rejectDirectSend ?? false,
    ...(rejectDirectSend !== undefined ? { organizationConfig: { path: `${tenantPath}/OrganizationConfig`, rejectDirectSend } } : {}),
    connection: { appId: undefined, certificateFilePath: undefined, certificateThumbprint: undefined },
    acceptedDomains,
    inboundConnectors: inboundConnectors.sort(byPath),
    outboundConnectors: outboundConnectors.sort(byPath),
    spoofPairs: spoofPairs.sort(byPath),
  };
  acceptedDomains.sort(byPath);
  return { tenant, markers, sources };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byPath(a: { path: string }, b: { path: string }): number {
  return compare(a.path, b.path);
}

function spoofKey(s: { spoofedUser: string; sendingInfrastructure: string; spoofType: string }): string {
  return `${s.spoofType} ${s.spoofedUser} ${s.sendingInfrastructure}`;
}

/**
 * A tenant's initial domain among its accepted domains when none is marked: the one initial domain of any cloud
 * (`<name>.onmicrosoft.com`, `<name>.onmicrosoft.us`, `<name>.partner.onmschina.cn`).
 */
function guessInitialDomain(domains: readonly string[]): string | undefined {
  const candidates = domains.filter((d) => cloudOfInitialDomain(d) !== undefined);
  return candidates.length === 1 ? candidates[0] : undefined;
}

const DOMAIN_FIELDS = { domainName: "DomainName", domainType: "DomainType", matchSubDomains: "MatchSubDomains", outboundOnly: "OutboundOnly" };

function readAcceptedDomain(r: LiveRecord) {
  // A MatchSubDomains domain may show as *.name.
  const domainName = r.requiredText("DomainName").replace(/^\*\./, "").toLowerCase();
  const type = r.enumValue("DomainType", ["Authoritative", "InternalRelay", "ExternalRelay"]);
  if (type === "ExternalRelay") throw new FieldError("DomainType", "ExternalRelay is an on-premises domain type, not one of an Exchange Online tenant");
  const props = checkProps(acceptedDomainPropsSchema, {
    domainName,
    domainType: type ?? "Authoritative",
    matchSubDomains: r.bool("MatchSubDomains", false),
    outboundOnly: r.bool("OutboundOnly", false),
  }, DOMAIN_FIELDS);
  return { props: { ...props, domainName }, initial: r.bool("InitialDomain", false) };
}

const INBOUND_FIELDS = {
  connectorType: "ConnectorType", name: "Name", tlsSenderCertificateName: "TlsSenderCertificateName", senderIpAddresses: "SenderIPAddresses",
  senderDomains: "SenderDomains", cloudServicesMailEnabled: "CloudServicesMailEnabled", treatMessagesAsInternal: "TreatMessagesAsInternal",
  associatedAcceptedDomains: "AssociatedAcceptedDomains", requireTls: "RequireTls", restrictDomainsToCertificate: "RestrictDomainsToCertificate",
  restrictDomainsToIpAddresses: "RestrictDomainsToIPAddresses", enabled: "Enabled", comment: "Comment",
};

/** The settings of an inbound connector as construct props (every one explicit), and its marker paths. */
export function readInbound(r: LiveRecord) {
  const connectorType = r.enumValue("ConnectorType", ["OnPremises", "Partner"]);
  if (connectorType === undefined) throw new FieldError("ConnectorType", "is missing");
  const senderDomains = r.list("SenderDomains").map((text, i) => parseAddressSpace(`SenderDomains[${i}]`, text).address);
  const { comment, markers } = splitComment(r.text("Comment"));
  const props = checkProps(inboundConnectorPropsSchema, {
    connectorType,
    name: r.requiredText("Name"),
    tlsSenderCertificateName: r.text("TlsSenderCertificateName")?.toLowerCase(),
    senderIpAddresses: r.list("SenderIPAddresses").map((ip, i) => ipForm(`SenderIPAddresses[${i}]`, ip)),
    // Exchange requires SenderDomains; an export that lost it means all (*), the construct's default too.
    senderDomains: senderDomains.length > 0 ? [...new Set(senderDomains)] : ["*"],
    cloudServicesMailEnabled: r.bool("CloudServicesMailEnabled", false),
    treatMessagesAsInternal: r.bool("TreatMessagesAsInternal", false),
    associatedAcceptedDomains: r.list("AssociatedAcceptedDomains").map((d) => d.toLowerCase()),
    requireTls: r.bool("RequireTls", false),
    restrictDomainsToCertificate: r.bool("RestrictDomainsToCertificate", false),
    restrictDomainsToIpAddresses: r.bool("RestrictDomainsToIPAddresses", false),
    enabled: r.bool("Enabled", true),
    ...(comment !== undefined ? { comment } : {}),
  }, INBOUND_FIELDS);
  return { props: props as typeof props & { name: string }, markers };
}

function inboundModel(path: string, p: ReturnType<typeof readInbound>["props"]): InboundConnectorModel {
  return {
    path,
    name: p.name,
    connectorType: p.connectorType,
    tlsSenderCertificateName: p.tlsSenderCertificateName,
    senderIpAddresses: (p.senderIpAddresses ?? []).map((r) => ipv4Range(r).cidr),
    senderDomains: p.senderDomains ?? ["*"],
    cloudServicesMailEnabled: p.cloudServicesMailEnabled!,
    treatMessagesAsInternal: p.treatMessagesAsInternal!,
    associatedAcceptedDomains: p.associatedAcceptedDomains ?? [],
    requireTls: p.requireTls!,
    restrictDomainsToCertificate: p.restrictDomainsToCertificate!,
    restrictDomainsToIpAddresses: p.restrictDomainsToIpAddresses!,
    enabled: p.enabled!,
    comment: p.comment,
  };
}

const OUTBOUND_FIELDS = {
  connectorType: "ConnectorType", name: "Name", recipientDomains: "RecipientDomains", smartHosts: "SmartHosts", useMxRecord: "UseMXRecord",
  tlsSettings: "TlsSettings", tlsDomain: "TlsDomain", routeAllMessagesViaOnPremises: "RouteAllMessagesViaOnPremises",
  allAcceptedDomains: "AllAcceptedDomains", cloudServicesMailEnabled: "CloudServicesMailEnabled", enabled: "Enabled", comment: "Comment",
};

/** The settings of an outbound connector as construct props (every one explicit), and its marker paths. */
export function readOutbound(r: LiveRecord) {
  const connectorType = r.enumValue("ConnectorType", ["OnPremises", "Partner"]);
  if (connectorType === undefined) throw new FieldError("ConnectorType", "is missing");
  const smartHosts = r.list("SmartHosts").map((h) => h.toLowerCase());
  const tlsSettings = r.enumValue("TlsSettings", ["EncryptionOnly", "CertificateValidation", "DomainValidation"]);
  const { comment, markers } = splitComment(r.text("Comment"));
  const tlsDomain = tlsSettings === "DomainValidation" ? r.text("TlsDomain")?.toLowerCase() : undefined;
  const props = checkProps(outboundConnectorPropsSchema, {
    connectorType,
    name: r.requiredText("Name"),
    recipientDomains: [...new Set(r.list("RecipientDomains").map((text, i) => parseAddressSpace(`RecipientDomains[${i}]`, text).address))],
    smartHosts,
    useMxRecord: r.bool("UseMXRecord", smartHosts.length === 0),
    ...(tlsSettings !== undefined ? { tlsSettings } : {}),
    ...(tlsDomain !== undefined ? { tlsDomain } : {}),
    routeAllMessagesViaOnPremises: r.bool("RouteAllMessagesViaOnPremises", false),
    allAcceptedDomains: r.bool("AllAcceptedDomains", false),
    cloudServicesMailEnabled: r.bool("CloudServicesMailEnabled", false),
    enabled: r.bool("Enabled", true),
    ...(comment !== undefined ? { comment } : {}),
  }, OUTBOUND_FIELDS);
  return { props: props as typeof props & { name: string }, markers };
}

function outboundModel(path: string, p: ReturnType<typeof readOutbound>["props"]): OutboundConnectorModel {
  return {
    path,
    name: p.name,
    connectorType: p.connectorType,
    recipientDomains: p.recipientDomains ?? [],
    smartHosts: p.smartHosts ?? [],
    useMxRecord: p.useMxRecord!,
    tlsSettings: p.tlsSettings,
    tlsDomain: p.tlsDomain,
    routeAllMessagesViaOnPremises: p.routeAllMessagesViaOnPremises!,
    allAcceptedDomains: p.allAcceptedDomains!,
    cloudServicesMailEnabled: p.cloudServicesMailEnabled!,
    enabled: p.enabled!,
    comment: p.comment,
  };
}

const SPOOF_FIELDS = { spoofedUser: "SpoofedUser", sendingInfrastructure: "SendingInfrastructure", spoofType: "SpoofType", action: "Action" };

function readSpoof(r: LiveRecord): Omit<SpoofPairModel, "path"> {
  const spoofType = r.enumValue("SpoofType", ["Internal", "External"]);
  if (spoofType === undefined) throw new FieldError("SpoofType", "is missing");
  const props = checkProps(spoofPairPropsSchema, {
    spoofedUser: r.requiredText("SpoofedUser").toLowerCase(),
    sendingInfrastructure: r.requiredText("SendingInfrastructure").toLowerCase(),
    spoofType,
    action: r.enumValue("Action", ["Allow", "Block"]) ?? "Allow",
  }, SPOOF_FIELDS);
  return { spoofedUser: props.spoofedUser, sendingInfrastructure: props.sendingInfrastructure, spoofType: props.spoofType, action: props.action ?? "Allow" };
}

/**
 * An IP value in the model's form: `a.b.c.d`, `a.b.c.d/nn`, and a range `a-b` that is exactly one CIDR block
 * (`203.0.113.0-203.0.113.255` → `203.0.113.0/24`).
 */
export function ipForm(field: string, text: string): string {
  const trimmed = text.trim();
  const range = /^(\d+\.\d+\.\d+\.\d+)\s*-\s*(\d+\.\d+\.\d+\.\d+)$/.exec(trimmed);
  if (!range) return trimmed;
  const first = parseIpv4Range(range[1]);
  const last = parseIpv4Range(range[2]);
  if (!first.ok || !last.ok) throw new FieldError(field, `${JSON.stringify(text)} is not a range of two IPv4 addresses`);
  const start = first.range.start;
  const end = last.range.start;
  const size = end - start + 1;
  const prefix = 32 - Math.log2(size);
  if (!Number.isInteger(prefix) || start % size !== 0) throw new FieldError(field, `${JSON.stringify(text)} is a range that is not one CIDR block: write it as CIDR ranges`);
  return `${range[1]}/${prefix}`;
}
