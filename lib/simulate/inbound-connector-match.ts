/**
 * Which inbound connector of a tenant a message matches, beyond attribution (domain.md section 3):
 * - `AssociatedAcceptedDomains` scopes an OnPremises connector to the tenant's accepted domains it names, as source
 *   domains (Set-InboundConnector reference: "restricts the source domains that use the connector to the specified
 *   accepted domains"). **Model**: the accepted domain that covers the P1 MAIL FROM domain must be one of them; the null
 *   sender has no domain and so is outside every scoped connector.
 * - Partner connectors (section 2): an enabled Partner connector applies to mail whose P1 MAIL FROM domain (**model**:
 *   P1, Microsoft does not say) is covered by its `SenderDomains`. It *matches* the connection when its
 *   `SenderIPAddresses` contain the source IP or its `TlsSenderCertificateName` matches the presented certificate
 *   (Set-OrganizationConfig on RejectDirectSend: "We only consider inbound connectors configured to match the sender IP
 *   or certificate"). With `RestrictDomainsToIPAddresses` / `RestrictDomainsToCertificate` it rejects its sender domains
 *   arriving from another address / without that certificate with `550 5.7.51` (the text quoted in Microsoft's 2025 post
 *   on hybrid certificates).
 * - **Model** (Microsoft documents no order): an OnPremises connector that matched decides first (the message is the
 *   customer's own); then a Partner connector that matches and whose restrictions hold (partner mail); then one whose
 *   restriction fails (5.7.51). Connectors are tried in topology order.
 */
import { certificateNameMatches } from "../model/domain-name";
import { ipv4Range, type Ipv4Range } from "../model/ip";
import { parseSenderDomain, senderDomainMatches, type SenderDomainPattern } from "../model/sender-domains";
import type { AcceptedDomainModel, InboundConnectorModel } from "../model/topology";

/** A Partner connector prepared for per-message questions. */
export interface PreparedPartnerConnector<C> {
  /** The connector as the caller indexes it. */
  readonly item: C;
  readonly model: InboundConnectorModel;
  readonly senderDomains: readonly SenderDomainPattern[];
  readonly ranges: readonly Ipv4Range[];
}

/** What the Partner connectors of a tenant say about one message. */
export type PartnerDecision<C> =
  /** A Partner connector covers the sender domain, matches by IP or certificate, and its restrictions hold. */
  | { readonly kind: "partner"; readonly connector: C; readonly by: "ip" | "certificate" }
  /** A Partner connector covers the sender domain and its RestrictDomainsTo* setting refuses this source. */
  | { readonly kind: "restricted"; readonly connector: C; readonly failed: readonly ("RestrictDomainsToIPAddresses" | "RestrictDomainsToCertificate")[] };

/** The connection and envelope facts a Partner connector is judged on. */
export interface ConnectionFacts {
  /** Source IP as an unsigned integer, or -1 when none or not IPv4. */
  readonly sourceIp: number;
  /** The presented certificate's DNS names, lower case. */
  readonly certificateNames: readonly string[];
  /** The P1 MAIL FROM domain, lower case; undefined for the null sender. */
  readonly mailFromDomain: string | undefined;
}

/** Prepares the enabled Partner connectors of `connectors` (topology order kept). */
export function preparePartnerConnectors<C extends { readonly model: InboundConnectorModel }>(connectors: readonly C[]): PreparedPartnerConnector<C>[] {
  return connectors
    .filter((c) => c.model.enabled && c.model.connectorType === "Partner")
    .map((c) => ({ item: c, model: c.model, senderDomains: c.model.senderDomains.map(parseSenderDomain), ranges: c.model.senderIpAddresses.map(ipv4Range) }));
}

/** The Partner connectors' verdict on a message, or undefined when none covers its sender domain and matches or refuses it. */
export function partnerDecision<C>(connectors: readonly PreparedPartnerConnector<C>[], facts: ConnectionFacts): PartnerDecision<C> | undefined {
  let restricted: PartnerDecision<C> | undefined;
  for (const connector of connectors) {
    if (!connector.senderDomains.some((pattern) => senderDomainMatches(pattern, facts.mailFromDomain))) continue;
    const byIp = facts.sourceIp >= 0 && connector.ranges.some((r) => r.start <= facts.sourceIp && facts.sourceIp <= r.end);
    const name = connector.model.tlsSenderCertificateName;
    const byCertificate = name !== undefined && facts.certificateNames.some((n) => certificateNameMatches(name, n));
    const failed: ("RestrictDomainsToIPAddresses" | "RestrictDomainsToCertificate")[] = [];
    if (connector.model.restrictDomainsToIpAddresses && !byIp) failed.push("RestrictDomainsToIPAddresses");
    if (connector.model.restrictDomainsToCertificate && !byCertificate) failed.push("RestrictDomainsToCertificate");
    if (failed.length === 0 && (byIp || byCertificate)) return { kind: "partner", connector: connector.item, by: byCertificate ? "certificate" : "ip" };
    if (failed.length > 0) restricted ??= { kind: "restricted", connector: connector.item, failed };
  }
  return restricted;
}

/**
 * True when an OnPremises connector's `AssociatedAcceptedDomains` (empty: all) include the accepted domain that covers
 * the MAIL FROM domain. `acceptedDomainFor` is the tenant's lookup (exact, or a MatchSubDomains parent).
 */
export function associatedDomainsAllow(
  connector: InboundConnectorModel, mailFromDomain: string | undefined,
  acceptedDomainFor: (domainName: string) => AcceptedDomainModel | undefined,
): boolean {
  const associated = connector.associatedAcceptedDomains;
  if (associated.length === 0) return true;
  if (mailFromDomain === undefined) return false;
  const covering = acceptedDomainFor(mailFromDomain);
  return covering !== undefined && associated.includes(covering.domainName);
}
