/**
 * The non-delivery texts Exchange Online returns for the two attribution failures the simulator models.
 */

/** Relay refused: the message is not attributed, or its tenant does not allow it to relay (Updated Requirements for SMTP Relay, 2023). */
export const NDR_RELAY_DENIED = "550 5.7.64 TenantAttribution; Relay Access Denied ATTR36";

/** Anonymous mail claiming one of the tenant's own domains while `RejectDirectSend` is on. */
export const NDR_DIRECT_SEND = "550 5.7.68 TenantInboundAttribution; Direct Send not allowed";
