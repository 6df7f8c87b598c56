/**
 * domain.md section 3 written the slow, obvious way (scan every tenant and connector per message), as the oracle
 * the indexed MailFlowSimulator is checked against. It makes the same documented choices: the initial domain is
 * accepted, an ambiguous certificate stops attribution, a duplicate domain goes to the first tenant, a certificate
 * connector (one with an accepted domain first) is reported before an IP connector, AssociatedAcceptedDomains scope
 * OnPremises connectors by the MAIL FROM domain, attribution by RCPT TO is per recipient, and Partner connectors
 * (SenderDomains on P1 MAIL FROM, RestrictDomainsTo* → 5.7.51) decide after OnPremises connectors and before RejectDirectSend.
 */
import { acceptedDomainFor, certificateDomain } from "../../lib/model/accepted-domains";
import { addressDomain, certificateNameMatches, isSameOrSubdomain } from "../../lib/model/domain-name";
import { ipv4Range, ipv4ToInt, isIpv4Address } from "../../lib/model/ip";
import type { InboundConnectorModel, TenantModel, Topology } from "../../lib/model/topology";
import { NDR_DIRECT_SEND, NDR_PARTNER_RESTRICTED, NDR_RELAY_DENIED, type AttributedBy, type SimulatedMessage } from "../../lib/simulate";

type Outcome = "delivered" | "relayed" | "rejected";

/** The reference model's verdict: a SimulationResult without explanations. */
export interface ReferenceResult {
  tenant?: string;
  attributedBy: AttributedBy;
  ambiguousTenants?: string[];
  connector?: string;
  recipients: { address: string; outcome: Outcome; ndr?: string; tenant?: string; connector?: string }[];
}

function withInitial(t: TenantModel): TenantModel {
  if (t.acceptedDomains.some((d) => d.domainName === t.initialDomain)) return t;
  return {
    ...t,
    acceptedDomains: [...t.acceptedDomains, { path: t.path, domainName: t.initialDomain, domainType: "Authoritative", matchSubDomains: false, outboundOnly: false }],
  };
}

const eligible = (c: InboundConnectorModel) => c.enabled && c.connectorType === "OnPremises";

function owner(tenants: TenantModel[], domain: string | undefined): TenantModel | undefined {
  if (domain === undefined) return undefined;
  const exact = tenants.find((t) => t.acceptedDomains.some((a) => a.domainName === domain));
  if (exact) return exact;
  const labels = domain.split(".");
  for (let i = 1; i < labels.length; i++) {
    const parent = labels.slice(i).join(".");
    const found = tenants.find((t) => t.acceptedDomains.some((a) => a.domainName === parent && a.matchSubDomains && a.domainType === "InternalRelay"));
    if (found) return found;
  }
  return undefined;
}

/** `SenderDomains` entry `[smtp:]pattern[;cost]` covering a MAIL FROM domain; `*` covers the null sender too. */
function senderDomainCovers(entry: string, domain: string | undefined): boolean {
  const pattern = entry.replace(/^smtp:/i, "").replace(/;\d+$/, "").toLowerCase();
  if (pattern === "*") return true;
  if (domain === undefined) return false;
  return pattern.startsWith("*.") ? isSameOrSubdomain(domain, pattern.slice(2)) : domain === pattern;
}

const inRanges = (ranges: readonly string[], ip: number | undefined) => ip !== undefined && ranges.some((r) => ipv4Range(r).start <= ip && ip <= ipv4Range(r).end);

/** Simulates `message` by scanning the whole topology, following domain.md section 3 line by line. */
export function referenceSimulate(topology: Topology, message: SimulatedMessage): ReferenceResult {
  const tenants = topology.tenants.map(withInitial);
  const names = (message.certificateNames ?? []).map((n) => n.toLowerCase());
  const certificateMatches = (c: InboundConnectorModel) => c.tlsSenderCertificateName !== undefined && names.some((n) => certificateNameMatches(c.tlsSenderCertificateName!, n));
  const matchesCertificate = (c: InboundConnectorModel) => eligible(c) && certificateMatches(c);
  const mailFromDomain = addressDomain(message.mailFrom);
  const ip = message.sourceIp !== undefined && isIpv4Address(message.sourceIp) ? ipv4ToInt(message.sourceIp) : undefined;
  const accepted = (t: TenantModel, d: string | undefined) => d !== undefined && acceptedDomainFor(t, d) !== undefined;
  const associatedAllow = (t: TenantModel, c: InboundConnectorModel) =>
    c.associatedAcceptedDomains.length === 0 || (mailFromDomain !== undefined && c.associatedAcceptedDomains.includes(acceptedDomainFor(t, mailFromDomain)?.domainName ?? "\u0000"));

  const onPremisesMatch = (t: TenantModel): { connector?: InboundConnectorModel; byCertificate: boolean } => {
    const byCertificate = t.inboundConnectors.filter((c) => matchesCertificate(c) && associatedAllow(t, c));
    const c = byCertificate.find((x) => certificateDomain(t, x.tlsSenderCertificateName!) !== undefined) ?? byCertificate[0];
    if (c) return { connector: c, byCertificate: true };
    return { connector: t.inboundConnectors.find((x) => eligible(x) && inRanges(x.senderIpAddresses, ip) && associatedAllow(t, x)), byCertificate: false };
  };

  // The recipient of a tenant that accepts its domain: OnPremises match, then Partner connectors, then RejectDirectSend.
  const local = (t: TenantModel, onPremises: InboundConnectorModel | undefined, attributed: boolean) => {
    if (onPremises) return attributed ? { outcome: "delivered" as Outcome, connector: onPremises.path } : { outcome: "delivered" as Outcome };
    const partners = t.inboundConnectors.filter((c) => c.enabled && c.connectorType === "Partner" && c.senderDomains.some((d) => senderDomainCovers(d, mailFromDomain)));
    const fails = (c: InboundConnectorModel) => (c.restrictDomainsToIpAddresses && !inRanges(c.senderIpAddresses, ip)) || (c.restrictDomainsToCertificate && !certificateMatches(c));
    const matched = partners.find((c) => !fails(c) && (inRanges(c.senderIpAddresses, ip) || certificateMatches(c)));
    if (matched) return { outcome: "delivered" as Outcome, connector: matched.path };
    const restricting = partners.find(fails);
    if (restricting) return { outcome: "rejected" as Outcome, ndr: NDR_PARTNER_RESTRICTED, connector: restricting.path };
    if (t.rejectDirectSend && accepted(t, mailFromDomain)) return { outcome: "rejected" as Outcome, ndr: NDR_DIRECT_SEND };
    return { outcome: "delivered" as Outcome };
  };

  let tenant: TenantModel | undefined;
  let attributedBy: AttributedBy = "none";
  let ambiguousTenants: string[] | undefined;
  const candidates = tenants.filter((t) => t.inboundConnectors.some((c) => matchesCertificate(c) && certificateDomain(t, c.tlsSenderCertificateName!) !== undefined));
  if (candidates.length === 1) [tenant, attributedBy] = [candidates[0], "certificate"];
  else if (candidates.length > 1) ambiguousTenants = candidates.map((t) => t.initialDomain).sort();
  if (!tenant && !ambiguousTenants) {
    tenant = owner(tenants, mailFromDomain);
    if (tenant) attributedBy = "mail-from";
  }

  if (tenant) {
    const t = tenant;
    const { connector, byCertificate } = onPremisesMatch(t);
    const certificateDomainAccepted = byCertificate && certificateDomain(t, connector!.tlsSenderCertificateName!) !== undefined;
    const relayAllowed = connector !== undefined && (certificateDomainAccepted || accepted(t, mailFromDomain));
    const recipients = message.rcptTo.map((address) => {
      if (accepted(t, addressDomain(address))) return { address, ...local(t, connector, true), tenant: t.initialDomain };
      const verdict = relayAllowed ? { outcome: "relayed" as Outcome } : { outcome: "rejected" as Outcome, ndr: NDR_RELAY_DENIED };
      return { address, ...verdict, tenant: t.initialDomain, ...(connector ? { connector: connector.path } : {}) };
    });
    return { tenant: t.initialDomain, attributedBy, ...(connector ? { connector: connector.path } : {}), recipients: recipients.map(ordered) };
  }

  // Step 3 per recipient, or an ambiguous certificate: each recipient's own tenant decides.
  const attributed = ambiguousTenants === undefined;
  const recipientTenants = new Set<TenantModel>();
  const recipients = message.rcptTo.map((address) => {
    const t = owner(tenants, addressDomain(address));
    if (!t) return { address, outcome: "rejected" as Outcome, ndr: NDR_RELAY_DENIED };
    recipientTenants.add(t);
    return { address, ...local(t, onPremisesMatch(t).connector, attributed), tenant: t.initialDomain };
  });
  const only = recipientTenants.size === 1 && attributed ? [...recipientTenants][0] : undefined;
  const onlyConnector = only ? onPremisesMatch(only).connector : undefined;
  return {
    ...(only ? { tenant: only.initialDomain } : {}),
    attributedBy: attributed && recipientTenants.size > 0 ? "rcpt-to" : "none",
    ...(ambiguousTenants ? { ambiguousTenants } : {}),
    ...(onlyConnector ? { connector: onlyConnector.path } : {}),
    recipients: recipients.map(ordered),
  };
}

/** The recipient's fields in the simulator's order, so results compare with toEqual and serialize alike. */
function ordered(r: ReferenceResult["recipients"][number]): ReferenceResult["recipients"][number] {
  return {
    address: r.address, outcome: r.outcome,
    ...(r.ndr !== undefined ? { ndr: r.ndr } : {}),
    ...(r.tenant !== undefined ? { tenant: r.tenant } : {}),
    ...(r.connector !== undefined ? { connector: r.connector } : {}),
  };
}
