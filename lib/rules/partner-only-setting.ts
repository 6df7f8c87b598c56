import type { InboundConnectorModel } from "../model/topology";
import type { Rule } from "./rule";
import { describeConnector, inboundConnectors } from "./topology-queries";

/**
 * The settings that take effect on Partner connectors only and that a reader could take for a restriction, with their
 * cmdlet parameter names. `RequireTls` is not among them: `$true` is Microsoft's documented default and what the hybrid
 * wizard writes on its OnPremises connector (domain.md section 2), so it never fires.
 */
const PARTNER_ONLY_SETTINGS: ReadonlyArray<[keyof InboundConnectorModel, string]> = [
  ["restrictDomainsToCertificate", "RestrictDomainsToCertificate"],
  ["restrictDomainsToIpAddresses", "RestrictDomainsToIPAddresses"],
];

/** `RestrictDomainsToCertificate` / `RestrictDomainsToIPAddresses` set on an OnPremises connector. */
export const partnerOnlySetting: Rule = {
  id: "partner-only-setting",
  severity: "warning",
  what: "An OnPremises inbound connector sets RestrictDomainsToCertificate or RestrictDomainsToIPAddresses, which work on Partner connectors only.",
  why:
    "These settings have no effect on an OnPremises connector, so a reader believes mail from its sender domains is restricted to its IP addresses " +
    "or certificate when it is not. RequireTls $true is Microsoft's default and the hybrid wizard's, and is not reported.",
  source: "Set-InboundConnector reference (RestrictDomainsToCertificate, RestrictDomainsToIPAddresses, RequireTls)",
  fix:
    "Set them to false on OnPremises connectors; to require a certificate from your own servers, identify them with TlsSenderCertificateName; " +
    "to restrict a partner's domains, use a Partner connector.",
  check(topology) {
    return inboundConnectors(topology).flatMap((entry) => {
      if (entry.connector.connectorType !== "OnPremises") return [];
      const set = PARTNER_ONLY_SETTINGS.filter(([field]) => entry.connector[field] === true).map(([, parameter]) => parameter);
      if (set.length === 0) return [];
      return [{
        path: entry.connector.path,
        message:
          `${describeConnector(entry)} sets ${set.join(", ")} to true, which takes effect on Partner connectors only: ` +
          `on an OnPremises connector it restricts nothing. Set ${set.length === 1 ? "it" : "them"} to false and rely on TlsSenderCertificateName ` +
          "to require your servers' certificate, or make a Partner connector for a partner's domains.",
      }];
    });
  },
};
