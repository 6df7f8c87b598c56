/**
 * domain.md section 3 written the slow, obvious way (scan every tenant and connector per message), as the oracle
 * the indexed MailFlowSimulator is checked against. It makes the same documented choices: the initial domain is
 * accepted, an ambiguous certificate stops attribution, a duplicate domain goes to the first tenant, a certificate
 * connector (one with an accepted domain first) is reported before an IP connector.
 */
import { acceptedDomainFor, certificateDomain } from "../../lib/model/accepted-domains";
import { addressDomain, certificateNameMatches } from "../../lib/model/domain-name";
import { ipv4Range, ipv4ToInt, isIpv4Address } from "../../lib/model/ip";
import type { InboundConnectorModel, TenantModel, Topology } from "../../lib/model/topology";
import { NDR_DIRECT_SEND, NDR_RELAY_DENIED, type AttributedBy, type SimulatedMessage } from "../../lib/simulate";

/** The reference model's verdict: a SimulationResult without explanations. */
export interface ReferenceResult {
  tenant?: string;
  attributedBy: AttributedBy;
  ambiguousTenants?: string[];
  connector?: string;
  recipients: { address: string; outcome: "delivered" | "relayed" | "rejected"; ndr?: string }[];
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

/** Simulates `message` by scanning the whole topology, following domain.md section 3 line by line. */
export function referenceSimulate(topology: Topology, message: SimulatedMessage): ReferenceResult {
  const tenants = topology.tenants.map(withInitial);
  const names = (message.certificateNames ?? []).map((n) => n.toLowerCase());
  const matchesCertificate = (c: InboundConnectorModel) =>
    eligible(c) && c.tlsSenderCertificateName !== undefined && names.some((n) => certificateNameMatches(c.tlsSenderCertificateName!, n));
  const mailFromDomain = addressDomain(message.mailFrom);

  let tenant: TenantModel | undefined;
  let attributedBy: AttributedBy = "none";
  let ambiguousTenants: string[] | undefined;
  const candidates = tenants.filter((t) => t.inboundConnectors.some((c) => matchesCertificate(c) && certificateDomain(t, c.tlsSenderCertificateName!) !== undefined));
  if (candidates.length === 1) [tenant, attributedBy] = [candidates[0], "certificate"];
  else if (candidates.length > 1) ambiguousTenants = candidates.map((t) => t.initialDomain).sort();
  if (!tenant && !ambiguousTenants) {
    tenant = owner(tenants, mailFromDomain);
    if (tenant) attributedBy = "mail-from";
    else {
      tenant = owner(tenants, addressDomain(message.rcptTo[0]));
      if (tenant) attributedBy = "rcpt-to";
    }
  }

  let connector: InboundConnectorModel | undefined;
  let byCertificate = false;
  if (tenant) {
    const t = tenant;
    const certificateConnectors = t.inboundConnectors.filter(matchesCertificate);
    connector = certificateConnectors.find((c) => certificateDomain(t, c.tlsSenderCertificateName!) !== undefined) ?? certificateConnectors[0];
    byCertificate = connector !== undefined;
    if (!connector && message.sourceIp !== undefined && isIpv4Address(message.sourceIp)) {
      const ip = ipv4ToInt(message.sourceIp);
      connector = t.inboundConnectors.find((c) => eligible(c) && c.senderIpAddresses.some((r) => ipv4Range(r).start <= ip && ip <= ipv4Range(r).end));
    }
  }
  const accepted = (t: TenantModel, d: string | undefined) => d !== undefined && acceptedDomainFor(t, d) !== undefined;
  const certificateDomainAccepted = byCertificate && certificateDomain(tenant!, connector!.tlsSenderCertificateName!) !== undefined;
  const relayAllowed = connector !== undefined && (certificateDomainAccepted || accepted(tenant!, mailFromDomain));

  const recipients = message.rcptTo.map((address): ReferenceResult["recipients"][number] => {
    const d = addressDomain(address);
    if (tenant) {
      if (accepted(tenant, d)) {
        if (!connector && tenant.rejectDirectSend && accepted(tenant, mailFromDomain)) return { address, outcome: "rejected", ndr: NDR_DIRECT_SEND };
        return { address, outcome: "delivered" };
      }
      return relayAllowed ? { address, outcome: "relayed" } : { address, outcome: "rejected", ndr: NDR_RELAY_DENIED };
    }
    const other = owner(tenants, d);
    if (!other) return { address, outcome: "rejected", ndr: NDR_RELAY_DENIED };
    if (other.rejectDirectSend && accepted(other, mailFromDomain)) return { address, outcome: "rejected", ndr: NDR_DIRECT_SEND };
    return { address, outcome: "delivered" };
  });

  return {
    ...(tenant ? { tenant: tenant.initialDomain } : {}),
    attributedBy,
    ...(ambiguousTenants ? { ambiguousTenants } : {}),
    ...(connector ? { connector: connector.path } : {}),
    recipients,
  };
}
