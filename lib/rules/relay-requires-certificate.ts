import type { RelayFlow } from "../model/topology";
import type { Rule } from "./rule";
import { describeCertificate, describeSendConnector, untrustedSendConnectors } from "./topology-queries";

/** How messages name each relayed flow. */
const FLOW_DESCRIPTIONS: Readonly<Record<RelayFlow, string>> = {
  ndr: "null-sender NDRs",
  forwarding: "messages forwarded to outside addresses",
  "foreign-sender-domains": "mail from sender domains the tenant does not accept",
};

/**
 * An organization that relays NDRs, forwarded mail or foreign sender domains sends to a tenant through an enabled send
 * connector whose certificate no enabled OnPremises connector of that tenant trusts: the tenant identifies the
 * organization by IP at most, and these flows relay only when a certificate identifies the connection.
 */
export const relayRequiresCertificate: Rule = {
  id: "relay-requires-certificate",
  severity: "error",
  what: "An organization that relays NDRs, forwarded mail or foreign sender domains sends to a tenant that identifies it by IP only (no connector there trusts its certificate).",
  why:
    "These messages have a MAIL FROM that is not an accepted domain, so since 2023-11-01 Exchange Online relays them only when the connection is " +
    "identified by a certificate whose domain is an accepted domain of the tenant; otherwise they are rejected with 550 5.7.64 TenantAttribution; Relay Access Denied.",
  source: "Important notice for Office 365 email customers who have configured connectors (2017); Updated Requirements for SMTP Relay (2023)",
  fix: "Set TlsSenderCertificateName of the tenant's OnPremises inbound connector to a name of the send connector's certificate, with that certificate's domain accepted in the tenant.",
  check(topology) {
    return untrustedSendConnectors(topology).flatMap((entry) => {
      const { organization, sendConnector, tenant, certificate } = entry;
      if (organization.relays.length === 0) return [];
      const flows = organization.relays.map((flow) => FLOW_DESCRIPTIONS[flow] ?? flow).join(", ");
      const presented = certificate ? describeCertificate(certificate) : `certificate ${sendConnector.certificatePath}`;
      return [{
        path: sendConnector.path,
        message:
          `Organization ${organization.path} relays ${flows} through Exchange Online, and ${describeSendConnector(entry)} sends them to tenant ` +
          `${tenant.initialDomain}, but no enabled OnPremises inbound connector of ${tenant.initialDomain} trusts its ${presented}, so the tenant identifies ` +
          `the organization by IP at most. These messages relay only over a connection identified by a certificate whose domain the tenant accepts; ` +
          `they will be rejected with 550 5.7.64. Set TlsSenderCertificateName of the tenant's OnPremises connector to a name of that certificate, ` +
          `with its domain accepted in ${tenant.initialDomain}.`,
      }];
    });
  },
};
