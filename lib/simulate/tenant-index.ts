/**
 * A tenant as the simulator reads it, prepared once: its accepted domains as a hash set, its connectors with
 * their certificate domain worked out, and its sender IP ranges as a searchable index.
 */
import { certificateDomain } from "../model/accepted-domains";
import { ipv4Range, type Ipv4Range } from "../model/ip";
import type { AcceptedDomainModel, InboundConnectorModel, TenantModel } from "../model/topology";
import { associatedDomainsAllow, partnerDecision, preparePartnerConnectors, type ConnectionFacts, type PartnerDecision, type PreparedPartnerConnector } from "./inbound-connector-match";
import { SenderIpIndex, type SenderIpEntry } from "./sender-ip-index";

/** An inbound connector with what the simulator needs to know about it, computed once. */
export interface IndexedConnector {
  /** The connector as declared. */
  readonly model: InboundConnectorModel;
  /** The tenant it belongs to. */
  readonly tenant: IndexedTenant;
  /** Why the simulator ignores it (`disabled`, or `a Partner connector`), or undefined for an enabled OnPremises connector. */
  readonly ignoredBecause?: string;
  /** Its certificate domain in its tenant (domain.md section 4), when it has a certificate name and that domain is accepted. */
  readonly certificateDomain?: string;
}

/** One tenant, indexed for per-message questions that must not scan lists. */
export class IndexedTenant {
  /** The tenant's initial domain: its name in results. */
  readonly name: string;
  /** Declared accepted domains, plus the initial domain, which Exchange Online always accepts. */
  readonly acceptedDomains: readonly AcceptedDomainModel[];
  /** Every inbound connector, in the topology's order. */
  readonly connectors: readonly IndexedConnector[];
  private readonly exact = new Map<string, AcceptedDomainModel>();
  /** InternalRelay domains with MatchSubDomains, and `.domain` for a suffix test that allocates nothing. */
  private readonly subdomainParents: { readonly domain: AcceptedDomainModel; readonly suffix: string }[] = [];
  private readonly senderIps: SenderIpIndex<IndexedConnector>;
  /** Eligible connectors with AssociatedAcceptedDomains and their ranges: scanned in order when any exists (rare, a few per tenant). */
  private readonly scopedIpConnectors: { readonly connector: IndexedConnector; readonly ranges: readonly Ipv4Range[] }[] | undefined;
  /** Enabled Partner connectors, prepared; empty for most tenants. */
  private readonly partners: readonly PreparedPartnerConnector<IndexedConnector>[];

  /** Indexes `model`. */
  constructor(readonly model: TenantModel) {
    this.name = model.initialDomain;
    const declared = model.acceptedDomains.some((d) => d.domainName === model.initialDomain);
    const initial: AcceptedDomainModel = {
      path: model.path, domainName: model.initialDomain, domainType: "Authoritative", matchSubDomains: false, outboundOnly: false,
    };
    this.acceptedDomains = declared ? model.acceptedDomains : [...model.acceptedDomains, initial];
    for (const domain of this.acceptedDomains) {
      // The first declaration wins, as in acceptedDomainFor.
      if (!this.exact.has(domain.domainName)) this.exact.set(domain.domainName, domain);
      if (domain.matchSubDomains && domain.domainType === "InternalRelay") {
        this.subdomainParents.push({ domain, suffix: `.${domain.domainName}` });
      }
    }
    this.connectors = model.inboundConnectors.map((connector) => {
      const name = connector.tlsSenderCertificateName;
      return {
        model: connector,
        tenant: this,
        ignoredBecause: ignoredBecause(connector),
        certificateDomain: name === undefined ? undefined : certificateDomain(this, name),
      };
    });
    const ipEntries: SenderIpEntry<IndexedConnector>[] = [];
    for (const connector of this.connectors) {
      if (connector.ignoredBecause !== undefined) continue;
      for (const cidr of connector.model.senderIpAddresses) ipEntries.push({ range: ipv4Range(cidr), item: connector });
    }
    this.senderIps = new SenderIpIndex(ipEntries);
    const scoped = this.connectors.some((c) => c.ignoredBecause === undefined && c.model.associatedAcceptedDomains.length > 0);
    this.scopedIpConnectors = scoped
      ? this.connectors.filter((c) => c.ignoredBecause === undefined).map((connector) => ({ connector, ranges: connector.model.senderIpAddresses.map(ipv4Range) }))
      : undefined;
    this.partners = preparePartnerConnectors(this.connectors);
  }

  /** True when the connector's AssociatedAcceptedDomains (empty: all) cover the MAIL FROM domain (see inbound-connector-match.ts). */
  associatedDomainsAllow(connector: IndexedConnector, mailFromDomain: string | undefined): boolean {
    // Most connectors are unscoped: answer without allocating the lookup closure.
    if (connector.model.associatedAcceptedDomains.length === 0) return true;
    return associatedDomainsAllow(connector.model, mailFromDomain, (d) => this.acceptedDomainFor(d));
  }

  /** What the tenant's enabled Partner connectors say about a message (domain.md sections 2 and 3), or undefined. */
  partnerDecision(facts: ConnectionFacts): PartnerDecision<IndexedConnector> | undefined {
    return this.partners.length === 0 ? undefined : partnerDecision(this.partners, facts);
  }

  /**
   * The accepted domain that covers `domainName` (lower case): exact, else the first InternalRelay domain with
   * MatchSubDomains it lies under. Same answer as lib/model's `acceptedDomainFor`, plus the initial domain.
   */
  acceptedDomainFor(domainName: string): AcceptedDomainModel | undefined {
    const exact = this.exact.get(domainName);
    if (exact !== undefined) return exact;
    const parents = this.subdomainParents;
    for (let i = 0; i < parents.length; i++) {
      if (domainName.endsWith(parents[i].suffix)) return parents[i].domain;
    }
    return undefined;
  }

  /** True when the tenant accepts `domainName` (lower case). */
  accepts(domainName: string): boolean {
    return this.exact.has(domainName) || (this.subdomainParents.length > 0 && this.acceptedDomainFor(domainName) !== undefined);
  }

  /**
   * The first enabled OnPremises connector, in topology order, whose SenderIPAddresses contain `address` (an unsigned
   * integer) and whose AssociatedAcceptedDomains allow the MAIL FROM domain.
   */
  connectorForIp(address: number, mailFromDomain: string | undefined): IndexedConnector | undefined {
    const scoped = this.scopedIpConnectors;
    if (scoped === undefined) return this.senderIps.find(address);
    for (const { connector, ranges } of scoped) {
      if (ranges.some((r) => r.start <= address && address <= r.end) && this.associatedDomainsAllow(connector, mailFromDomain)) return connector;
    }
    return undefined;
  }

  /** Ignored connectors (disabled or Partner) whose ranges contain `address`: for explanations only, so a plain scan. */
  ignoredConnectorsForIp(address: number): IndexedConnector[] {
    return this.connectors.filter(
      (c) => c.ignoredBecause !== undefined && c.model.senderIpAddresses.some((cidr) => {
        const range = ipv4Range(cidr);
        return range.start <= address && address <= range.end;
      }),
    );
  }
}

/** Why a connector cannot identify a customer's own servers in the model, or undefined when it can. */
function ignoredBecause(connector: InboundConnectorModel): string | undefined {
  if (!connector.enabled) return "disabled";
  if (connector.connectorType !== "OnPremises") return `a ${connector.connectorType} connector`;
  return undefined;
}
