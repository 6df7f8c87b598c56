/**
 * The attribution and relay simulator: pure code over a Topology (no cdktf, no constructs).
 *
 * It follows domain.md sections 3 and 4. Where the model is silent, it decides as follows:
 * - Ambiguous certificate (candidates in several tenants): not attributed (`attributedBy: "none"`, `ambiguousTenants`
 *   listed) and MAIL FROM / RCPT TO are not consulted, so no connector applies: recipients outside Exchange Online are
 *   rejected 5.7.64, recipients of a tenant are delivered there as anonymous internet mail.
 * - Not attributed, recipient accepted by some tenant: delivered to that tenant as anonymous internet mail
 *   (subject to its RejectDirectSend); only recipients no tenant accepts are relay attempts.
 * - A tenant's initial domain (`<name>.onmicrosoft.com`) is an accepted domain, as in Exchange Online, even when not declared.
 * - A domain declared in several tenants (itself an error rule) belongs to the first in topology order; an exact accepted
 *   domain beats a MatchSubDomains parent in another tenant, and the nearest such parent wins.
 * - Connector match: a certificate connector first (one whose certificate domain is accepted preferred), else the first
 *   IP connector in topology order; only a connector matched by certificate contributes its certificate domain to relay (a).
 * - A source IP that is not a dotted IPv4 address (IPv6, say) matches no connector; an empty `rcptTo` throws.
 * - Spoof (domain.md 3b): with a `headerFrom`, the pair (From domain, PTR name or the source's /24) is looked up in the
 *   spoof entries of the attributed tenant, else of the tenant accepting the first recipient one accepts; a domain entry
 *   covers its PTR name and names under it; among several covering entries the most specific decides, Block before
 *   Allow (Microsoft documents no precedence).
 */
export type { AttributedBy, RecipientResult, SimulatedMessage, SimulateOptions, SimulationResult } from "./message";
export { NDR_DIRECT_SEND, NDR_RELAY_DENIED } from "./ndr";
export { MailFlowSimulator, simulate, simulatorOf } from "./simulator";
export { describeSpoofPair, infrastructureCovers, sendingInfrastructureOf, spoofedUserCovers, spoofVerdict, type SpoofInput, type SpoofVerdict } from "./spoof";
export { standardFlows, type StandardFlow, type StandardFlowKind } from "./standard-flows";
export { checkRules } from "./check-rules";
