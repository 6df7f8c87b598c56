/**
 * The non-delivery texts Exchange Online returns for the two attribution failures the simulator models.
 */

/** Relay refused: the message is not attributed, or its tenant does not allow it to relay (Updated Requirements for SMTP Relay, 2023). */
export const NDR_RELAY_DENIED = "550 5.7.64 TenantAttribution; Relay Access Denied ATTR36";

/** Anonymous mail claiming one of the tenant's own domains while `RejectDirectSend` is on. */
export const NDR_DIRECT_SEND = "550 5.7.68 TenantInboundAttribution; Direct Send not allowed";

/**
 * A Partner connector with `RestrictDomainsToIPAddresses` or `RestrictDomainsToCertificate` refused mail from one of its
 * sender domains arriving from another source. Microsoft's NDR reference has no 5.7.51 entry; this is the text quoted in
 * Microsoft's 2025 post on hybrid certificates (domain.md section 2).
 */
export const NDR_PARTNER_RESTRICTED =
  "550 5.7.51 TenantInboundAttribution; There is a partner connector configured that matched the message's recipient domain. " +
  "The connector had either the RestrictDomainsToIPAddresses or RestrictDomainsToCertificate set";
