import type { RawFinding, Rule } from "./rule";
import { certificatesByPath, connectorsTrustingCertificate, describeConnector, describeSendConnector, sendConnectors, tenantsByPath } from "./topology-queries";

/**
 * `CloudServicesMailEnabled $true` where the sender is not an Exchange Server organization (domain.md section 2): on a
 * send connector of an organization declared `senderKind: "relay-service"`, and on an inbound connector that only such
 * organizations' certificates match (no Exchange Server organization's send connector presents a certificate it trusts).
 */
export const cloudServicesMailOnRelay: Rule = {
  id: "cloud-services-mail-on-relay",
  severity: "warning",
  what: "CloudServicesMailEnabled $true on a connector whose sender is a relay service, an application or a server that is not Exchange.",
  why:
    "CloudServicesMailEnabled makes Exchange Online promote cross-premises headers (X-MS-Exchange-CrossPremises-*) to organization headers: Microsoft " +
    "recommends it only for Exchange Server hybrid mail flow. Another kind of sender can forge those headers.",
  source: "New-InboundConnector / New-SendConnector reference (CloudServicesMailEnabled); domain.md section 2",
  fix:
    "Set CloudServicesMailEnabled $false on the connector (TreatMessagesAsInternal $true is the documented option for an on-premises organization " +
    "without Exchange), or declare the organization's senderKind \"exchange-server\" if it is one.",
  check(topology) {
    const findings: RawFinding[] = [];
    const tenants = tenantsByPath(topology);
    const certificates = certificatesByPath(topology);
    const relaySenders = new Map<string, string[]>();
    const exchangeSenders = new Set<string>();
    for (const entry of sendConnectors(topology)) {
      const { organization, sendConnector } = entry;
      const relay = organization.senderKind === "relay-service";
      if (relay && sendConnector.cloudServicesMailEnabled) {
        findings.push({
          path: sendConnector.path,
          message:
            `${describeSendConnector(entry)} sets CloudServicesMailEnabled $true, but its organization is declared a relay service (senderKind "relay-service"), ` +
            `not an Exchange Server in hybrid. Set cloudServicesMailEnabled false, or declare senderKind "exchange-server" if it is one.`,
        });
      }
      const tenant = tenants.get(sendConnector.tenantPath);
      if (tenant === undefined) continue;
      for (const connector of connectorsTrustingCertificate(tenant, certificates.get(sendConnector.certificatePath))) {
        if (relay) relaySenders.set(connector.path, [...(relaySenders.get(connector.path) ?? []), organization.path]);
        else exchangeSenders.add(connector.path);
      }
    }
    for (const tenant of topology.tenants) {
      for (const connector of tenant.inboundConnectors) {
        const senders = relaySenders.get(connector.path);
        if (!connector.cloudServicesMailEnabled || senders === undefined || exchangeSenders.has(connector.path)) continue;
        findings.push({
          path: connector.path,
          message:
            `${describeConnector({ tenant, connector })} sets CloudServicesMailEnabled $true, but the only senders whose certificate it matches are relay services ` +
            `(${[...new Set(senders)].sort().join(", ")}, senderKind "relay-service"). Set CloudServicesMailEnabled $false (TreatMessagesAsInternal $true ` +
            `is the documented option for an organization without Exchange).`,
        });
      }
    }
    return findings;
  },
};
