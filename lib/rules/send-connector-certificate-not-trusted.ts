import { isCovered, mergeIntervals } from "./ip-interval-sweep";
import type { Rule } from "./rule";
import { describeCertificate, describeSendConnector, identifiesSenders, parsedRanges, untrustedSendConnectors } from "./topology-queries";

/**
 * An enabled send connector whose certificate no enabled OnPremises connector of its target tenant trusts, and whose
 * organization's egress addresses are not all covered by the SenderIPAddresses of such connectors: Exchange Online would
 * attribute its mail to the tenant neither by certificate nor by IP.
 */
export const sendConnectorCertificateNotTrusted: Rule = {
  id: "send-connector-certificate-not-trusted",
  severity: "error",
  what: "A send connector's certificate matches no OnPremises connector of its target tenant, and no IP connector there covers the organization's egress addresses.",
  why:
    "Exchange Online then identifies none of the organization's connections: internal mail arrives as anonymous internet mail, " +
    "and mail to outside recipients is rejected with 550 5.7.64 TenantAttribution; Relay Access Denied.",
  source: "MC1226222; Updated Requirements for SMTP Relay (2023)",
  fix: "Add an OnPremises inbound connector to the target tenant whose TlsSenderCertificateName matches the send connector's certificate (its domain accepted in the tenant).",
  check(topology) {
    return untrustedSendConnectors(topology).flatMap((entry) => {
      const { organization, sendConnector, tenant, certificate } = entry;
      const covered = mergeIntervals(tenant.inboundConnectors.filter(identifiesSenders).flatMap((connector) => parsedRanges(connector.senderIpAddresses)));
      const egress = parsedRanges(organization.egressIpAddresses);
      const uncovered = egress.filter((range) => !isCovered(range, covered));
      if (egress.length > 0 && uncovered.length === 0) return [];

      const presented = certificate
        ? `${describeCertificate(certificate)} with the names ${certificate.dnsNames.join(", ")}`
        : `the certificate ${sendConnector.certificatePath}, which the topology does not declare`;
      const ipPart = egress.length === 0
        ? `the organization declares no egress addresses that an IP connector could cover`
        : `no enabled OnPremises connector there covers its egress addresses ${uncovered.map((range) => range.cidr).join(", ")}`;
      return [{
        path: sendConnector.path,
        message:
          `${describeSendConnector(entry)} sends to tenant ${tenant.initialDomain} presenting ${presented}, but no enabled OnPremises inbound connector ` +
          `of ${tenant.initialDomain} trusts that certificate, and ${ipPart}. Exchange Online would not attribute its mail to the tenant: ` +
          `internal mail arrives as anonymous and relayed mail is rejected with 550 5.7.64. Add an OnPremises inbound connector to ${tenant.initialDomain} ` +
          `whose TlsSenderCertificateName matches one of the certificate's names, with its domain accepted in the tenant.`,
      }];
    });
  },
};
