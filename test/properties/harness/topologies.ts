/**
 * Whole generated topologies: several tenants, each with accepted domains of either type, inbound and outbound
 * connectors of both kinds with names and comments from the hostile value generators, spoof pairs and RejectDirectSend,
 * and an on-premises organization with send connectors to some of the tenants. Every generated value is one the props
 * schemas accept (hostile text is filtered through them), so the constructs declare the whole topology and the scripts
 * are generated from it; each object has a name of its own, as Exchange requires (names are unique per tenant).
 */
import fc from "fast-check";
import { App, TerraformStack } from "cdktf";
import {
  AcceptedDomain, Certificate, InboundConnector, OnPremisesOrganization, OutboundConnector, SYNTHESIS_DATE_CONTEXT, SendConnector, SpoofPair, Tenant,
} from "../../../lib";
import type { ConnectorType, DomainType, OutboundTlsSettings, SpoofAction, SpoofType, TlsAuthLevel } from "../../../lib/model/topology";
import { connectorComment, domainName, objectName, sendingInfrastructure, spoofedUser } from "../../../lib/model/schemas";
import { hostileLocalPart, hostileText } from "./values";

/** An accepted domain of a generated tenant. */
export interface DomainSpec {
  readonly name: string;
  readonly domainType: DomainType;
  readonly matchSubDomains: boolean;
  readonly outboundOnly: boolean;
}

/** An inbound connector of a generated tenant; domains are indexes into the tenant's domains. */
export interface InboundSpec {
  readonly name: string;
  readonly comment?: string;
  readonly connectorType: ConnectorType;
  /** Index of the domain whose `mail.` host names the sender's certificate, when the sender is identified by it. */
  readonly certificateDomain?: number;
  readonly senderIpAddresses: readonly string[];
  /** `*`, or domains of the tenant by index (`wildcard`: as `*.domain`). */
  readonly senderDomains?: { readonly all: true } | { readonly all: false; readonly domains: readonly number[]; readonly wildcard: boolean };
  readonly associatedAcceptedDomains: readonly number[];
  readonly requireTls?: boolean;
  readonly restrictDomainsToCertificate?: boolean;
  readonly restrictDomainsToIpAddresses?: boolean;
  readonly cloudServicesMailEnabled?: boolean;
  readonly treatMessagesAsInternal?: boolean;
  readonly enabled?: boolean;
}

/** An outbound connector of a generated tenant. */
export interface OutboundSpec {
  readonly name: string;
  readonly comment?: string;
  readonly connectorType: ConnectorType;
  /** Smart hosts (`mail.` of a domain by index, or an IPv4 address); none: MX routing. */
  readonly smartHosts: readonly (number | string)[];
  readonly recipientDomains: readonly number[];
  readonly tlsSettings?: OutboundTlsSettings;
  /** With DomainValidation: the domain (by index) whose `mail.` host is validated. */
  readonly tlsDomain?: number;
  readonly allAcceptedDomains?: boolean;
  readonly routeAllMessagesViaOnPremises?: boolean;
  readonly cloudServicesMailEnabled?: boolean;
  readonly enabled?: boolean;
}

/** A spoof pair of a generated tenant. */
export interface SpoofSpec {
  /** The mailbox name before `@` (none: the whole domain). */
  readonly localPart?: string;
  readonly domain: number;
  readonly sendingInfrastructure: string;
  readonly spoofType: SpoofType;
  readonly action?: SpoofAction;
}

/** A generated tenant. */
export interface TenantSpec {
  /** Its construct id (part of every path and marker). */
  readonly id: string;
  /** `<label>.onmicrosoft.com`. */
  readonly label: string;
  readonly domains: readonly DomainSpec[];
  readonly inbound: readonly InboundSpec[];
  readonly outbound: readonly OutboundSpec[];
  readonly spoof: readonly SpoofSpec[];
  readonly rejectDirectSend?: boolean;
}

/** A send connector of the generated organization, to one tenant (by index). */
export interface SendSpec {
  readonly name: string;
  readonly comment?: string;
  readonly tenant: number;
  readonly smartHosts: boolean;
  readonly requireTls?: boolean;
  readonly tlsAuthLevel?: TlsAuthLevel;
  readonly sourceTransportServers: readonly string[];
  readonly enabled?: boolean;
}

/** A generated topology. */
export interface TopologySpec {
  readonly tenants: readonly TenantSpec[];
  readonly organization?: { readonly id: string; readonly transportServers: readonly string[]; readonly sendConnectors: readonly SendSpec[] };
}

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }) => (value: string) => schema.safeParse(value).success;

/** A connector name: a prefix that makes it unique in its tenant, then hostile text the name schema accepts. */
const nameWith = (prefix: string) =>
  fc.oneof({ weight: 1, arbitrary: fc.constant(prefix) }, { weight: 4, arbitrary: hostileText.map((t) => `${prefix} ${t}`).filter(accepts(objectName)) });

/** A connector comment: hostile multi-line text the comment schema accepts. */
const comment = fc.option(hostileText.filter(accepts(connectorComment)), { nil: undefined, freq: 4 });

/** A construct id: a letter and digits, sometimes followed by hostile pieces (quotes, `$(...)`, templates) the id checks accept. */
const constructId = (prefix: string) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(prefix) },
    { weight: 1, arbitrary: hostileText.filter((t) => t.length <= 30 && !/[/\n]/.test(t)).map((t) => `${prefix}${t}`).filter(accepts(objectName)) },
  );

const boolOrDefault = fc.option(fc.boolean(), { nil: undefined });
const ipAddress = fc.tuple(fc.constantFrom("192.0.2", "198.51.100", "203.0.113"), fc.integer({ min: 1, max: 254 })).map(([net, host]) => `${net}.${host}`);

const domainSpec = (tenant: number) =>
  fc
    .record({
      name: fc.domain().map((d) => `t${tenant}-${d}`).filter(accepts(domainName)),
      domainType: fc.constantFrom<DomainType>("Authoritative", "InternalRelay"),
      matchSubDomains: fc.boolean(),
      outboundOnly: fc.boolean(),
    })
    .map((d) => ({ ...d, matchSubDomains: d.domainType === "InternalRelay" && d.matchSubDomains, outboundOnly: d.domainType === "InternalRelay" && d.outboundOnly }));

const indexes = (count: number) => fc.uniqueArray(fc.nat({ max: count - 1 }), { maxLength: count });

function inboundSpec(index: number, domainCount: number): fc.Arbitrary<InboundSpec> {
  return fc
    .record({
      name: nameWith(`In${index}`),
      comment,
      connectorType: fc.constantFrom<ConnectorType>("OnPremises", "Partner"),
      certificateDomain: fc.option(fc.nat({ max: domainCount - 1 }), { nil: undefined }),
      senderIpAddresses: fc.uniqueArray(fc.oneof(ipAddress, ipAddress.map((ip) => `${ip.split(".").slice(0, 3).join(".")}.0/24`)), { maxLength: 2 }),
      senderDomains: fc.option(
        fc.oneof(
          fc.constant({ all: true as const }),
          fc.record({ all: fc.constant(false as const), domains: fc.uniqueArray(fc.nat({ max: domainCount - 1 }), { minLength: 1, maxLength: domainCount }), wildcard: fc.boolean() }),
        ),
        { nil: undefined },
      ),
      associatedAcceptedDomains: indexes(domainCount),
      requireTls: boolOrDefault,
      restrictDomainsToCertificate: boolOrDefault,
      restrictDomainsToIpAddresses: boolOrDefault,
      cloudServicesMailEnabled: boolOrDefault,
      treatMessagesAsInternal: boolOrDefault,
      enabled: boolOrDefault,
    })
    .map((c) => ({
      ...c,
      // An OnPremises connector identifies its sender by certificate or address (the schema and Exchange require one).
      certificateDomain: c.connectorType === "OnPremises" && c.senderIpAddresses.length === 0 ? (c.certificateDomain ?? 0) : c.certificateDomain,
      // Exchange takes TreatMessagesAsInternal only on an OnPremises connector without CloudServicesMailEnabled.
      treatMessagesAsInternal: c.connectorType === "OnPremises" && c.cloudServicesMailEnabled === false ? c.treatMessagesAsInternal : undefined,
    }));
}

function outboundSpec(index: number, domainCount: number): fc.Arbitrary<OutboundSpec> {
  return fc
    .record({
      name: nameWith(`Out${index}`),
      comment,
      connectorType: fc.constantFrom<ConnectorType>("OnPremises", "Partner"),
      smartHosts: fc.uniqueArray(fc.oneof(fc.nat({ max: domainCount - 1 }), ipAddress), { maxLength: 2 }),
      recipientDomains: indexes(domainCount),
      tlsSettings: fc.option(fc.constantFrom<OutboundTlsSettings>("EncryptionOnly", "CertificateValidation", "DomainValidation"), { nil: undefined }),
      tlsDomain: fc.option(fc.nat({ max: domainCount - 1 }), { nil: undefined }),
      allAcceptedDomains: boolOrDefault,
      routeAllMessagesViaOnPremises: boolOrDefault,
      cloudServicesMailEnabled: boolOrDefault,
      enabled: boolOrDefault,
    })
    .map((c) => ({
      ...c,
      tlsDomain: c.tlsSettings === "DomainValidation" ? c.tlsDomain : undefined,
      allAcceptedDomains: c.connectorType === "OnPremises" ? c.allAcceptedDomains : undefined,
      routeAllMessagesViaOnPremises: c.connectorType === "OnPremises" ? c.routeAllMessagesViaOnPremises : undefined,
    }));
}

function spoofSpec(domainCount: number): fc.Arbitrary<SpoofSpec> {
  return fc.record({
    localPart: fc.option(hostileLocalPart.filter((l) => /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/.test(l)), { nil: undefined }),
    domain: fc.nat({ max: domainCount - 1 }),
    sendingInfrastructure: fc.oneof(
      fc.constant("*"),
      ipAddress.map((ip) => `${ip.split(".").slice(0, 3).join(".")}.0/24`),
      fc.domain().filter(accepts(sendingInfrastructure)),
    ),
    spoofType: fc.constantFrom<SpoofType>("Internal", "External"),
    action: fc.option(fc.constantFrom<SpoofAction>("Allow", "Block"), { nil: undefined }),
  });
}

function tenantSpec(index: number): fc.Arbitrary<TenantSpec> {
  return fc
    .uniqueArray(domainSpec(index), { minLength: 1, maxLength: 3, selector: (d) => d.name.toLowerCase() })
    .chain((domains) =>
      fc.record({
        id: constructId(`Tenant${index}`),
        label: fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/).map((l) => `${l}${index}`),
        domains: fc.constant(domains),
        inbound: fc.integer({ min: 0, max: 2 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => inboundSpec(i, domains.length)))),
        outbound: fc.integer({ min: 0, max: 2 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => outboundSpec(i, domains.length)))),
        // Exchange keeps one entry per spoofed user, infrastructure and type, whatever their case.
        spoof: fc.uniqueArray(spoofSpec(domains.length), {
          maxLength: 3,
          selector: (s) => `${s.localPart ?? ""}@${domains[s.domain].name}|${s.sendingInfrastructure}|${s.spoofType}`.toLowerCase(),
        }),
        rejectDirectSend: boolOrDefault,
      }),
    );
}

const SERVERS = ["EX01", "EX02", "mbx03.corp.example"];

/** A whole topology: one to `maxTenants` tenants and, usually, an on-premises organization with send connectors to them. */
export function topologySpec(maxTenants = 3): fc.Arbitrary<TopologySpec> {
  return fc.integer({ min: 1, max: maxTenants }).chain((count) =>
    fc.record({
      tenants: fc.tuple(...Array.from({ length: count }, (_, i) => tenantSpec(i))),
      organization: fc.option(
        fc.record({
          id: constructId("Exchange"),
          transportServers: fc.subarray(SERVERS, { minLength: 1 }),
          sendConnectors: fc.integer({ min: 1, max: 2 }).chain((n) =>
            fc.tuple(
              ...Array.from({ length: n }, (_, i) =>
                fc.record({
                  name: nameWith(`Send${i}`),
                  comment,
                  tenant: fc.nat({ max: count - 1 }),
                  smartHosts: fc.boolean(),
                  requireTls: boolOrDefault,
                  tlsAuthLevel: fc.option(fc.constantFrom<TlsAuthLevel>("EncryptionOnly", "CertificateValidation", "DomainValidation"), { nil: undefined }),
                  sourceTransportServers: fc.subarray(SERVERS),
                  enabled: boolOrDefault,
                // A TLS authentication level needs RequireTLS (New-SendConnector).
                }).map((c) => ({ ...c, tlsAuthLevel: c.requireTls === false ? undefined : c.tlsAuthLevel })),
              ),
            ),
          ),
        }),
        { nil: undefined, freq: 4 },
      ),
    }),
  );
}

const mailHost = (domain: string) => `mail.${domain}`;

function senderDomains(spec: InboundSpec["senderDomains"], domain: (i: number) => string): string[] | undefined {
  if (spec === undefined) return undefined;
  if (spec.all) return ["*"];
  return spec.domains.map((d) => `${spec.wildcard ? "*." : ""}${domain(d)}`);
}

/** Declares a generated topology through the constructs, in a stack `s` (throws what they throw). */
export function declareTopology(spec: TopologySpec): TerraformStack {
  const app = new App({ stackTraces: false, context: { [SYNTHESIS_DATE_CONTEXT]: "2026-11-22" } });
  const stack = new TerraformStack(app, "s");
  const tenants = spec.tenants.map((t) => {
    const tenant = new Tenant(stack, t.id, { initialDomain: `${t.label}.onmicrosoft.com`, rejectDirectSend: t.rejectDirectSend });
    const domain = (i: number) => t.domains[i].name;
    t.domains.forEach((d, i) => new AcceptedDomain(tenant, `Domain${i}`, { domainName: d.name, domainType: d.domainType, matchSubDomains: d.matchSubDomains, outboundOnly: d.outboundOnly }));
    t.inbound.forEach((c, i) => {
      new InboundConnector(tenant, `In${i}`, {
        name: c.name,
        comment: c.comment,
        connectorType: c.connectorType,
        tlsSenderCertificateName: c.certificateDomain === undefined ? undefined : mailHost(domain(c.certificateDomain)),
        senderIpAddresses: [...c.senderIpAddresses],
        senderDomains: senderDomains(c.senderDomains, domain),
        associatedAcceptedDomains: c.associatedAcceptedDomains.map(domain),
        requireTls: c.requireTls,
        restrictDomainsToCertificate: c.restrictDomainsToCertificate,
        restrictDomainsToIpAddresses: c.restrictDomainsToIpAddresses,
        cloudServicesMailEnabled: c.cloudServicesMailEnabled,
        treatMessagesAsInternal: c.treatMessagesAsInternal,
        enabled: c.enabled,
      });
    });
    t.outbound.forEach((c, i) => {
      new OutboundConnector(tenant, `Out${i}`, {
        name: c.name,
        comment: c.comment,
        connectorType: c.connectorType,
        smartHosts: c.smartHosts.map((h) => (typeof h === "number" ? mailHost(domain(h)) : h)),
        useMxRecord: c.smartHosts.length === 0,
        recipientDomains: c.recipientDomains.map(domain),
        tlsSettings: c.tlsSettings,
        tlsDomain: c.tlsDomain === undefined ? undefined : mailHost(domain(c.tlsDomain)),
        allAcceptedDomains: c.allAcceptedDomains,
        routeAllMessagesViaOnPremises: c.routeAllMessagesViaOnPremises,
        cloudServicesMailEnabled: c.cloudServicesMailEnabled,
        enabled: c.enabled,
      });
    });
    t.spoof.forEach((s, i) => {
      const user = s.localPart === undefined ? domain(s.domain) : `${s.localPart}@${domain(s.domain)}`;
      if (!accepts(spoofedUser)(user)) throw new Error(`generator: ${JSON.stringify(user)} is not a spoofed user`);
      new SpoofPair(tenant, `Spoof${i}`, { spoofedUser: user, sendingInfrastructure: s.sendingInfrastructure, spoofType: s.spoofType, action: s.action });
    });
    return { tenant, spec: t };
  });
  if (spec.organization !== undefined) {
    const organization = new OnPremisesOrganization(stack, spec.organization.id, { transportServers: [...spec.organization.transportServers], egressIpAddresses: ["203.0.113.25"] });
    spec.organization.sendConnectors.forEach((c, i) => {
      const { tenant, spec: t } = tenants[c.tenant];
      const certificate = new Certificate(stack, `Certificate${i}`, {
        subject: `CN=${mailHost(t.domains[0].name)}, O=Contoso Ltd`,
        issuer: "CN=Example Issuing CA, O=Example CA Inc",
      });
      new SendConnector(organization, `Send${i}`, {
        tenant,
        certificate,
        name: c.name,
        comment: c.comment,
        ...(c.smartHosts ? {} : { dnsRoutingEnabled: true }),
        requireTls: c.requireTls,
        tlsAuthLevel: c.tlsAuthLevel,
        sourceTransportServers: c.sourceTransportServers.length === 0 ? undefined : [...c.sourceTransportServers],
        enabled: c.enabled,
      });
    });
  }
  return stack;
}
