import type { InboundConnectorModel } from "../model/topology";
import type { Rule } from "./rule";
import { describeConnector, inboundConnectors } from "./topology-queries";

/** The settings that take effect on Partner connectors only, with their cmdlet parameter names. */
const PARTNER_ONLY_SETTINGS: ReadonlyArray<[keyof InboundConnectorModel, string]> = [
  ["requireTls", "RequireTls"],
  ["restrictDomainsToCertificate", "RestrictDomainsToCertificate"],
  ["restrictDomainsToIpAddresses", "RestrictDomainsToIPAddresses"],
];

/** `RequireTls` / `RestrictDomainsToCertificate` / `RestrictDomainsToIPAddresses` set on an OnPremises connector. */
export const partnerOnlySetting: Rule = {
  id: "partner-only-setting",
  severity: "warning",
  what: "An OnPremises inbound connector sets RequireTls, RestrictDomainsToCertificate or RestrictDomainsToIPAddresses, which work on Partner connectors only.",
  why:
    "These settings have no effect on an OnPremises connector, so a reader believes mail is restricted or encrypted when it is not.",
  source: "Set-InboundConnector reference",
  fix:
    "Set them to false on OnPremises connectors; to require a certificate from your own servers, identify them with TlsSenderCertificateName.",
  check(topology) {
    return inboundConnectors(topology).flatMap((entry) => {
      if (entry.connector.connectorType !== "OnPremises") return [];
      const set = PARTNER_ONLY_SETTINGS.filter(([field]) => entry.connector[field] === true).map(([, parameter]) => parameter);
      if (set.length === 0) return [];
      return [{
        path: entry.connector.path,
        message:
          `${describeConnector(entry)} sets ${set.join(", ")} to true, which takes effect on Partner connectors only: ` +
          `on an OnPremises connector it changes nothing. Set ${set.length === 1 ? "it" : "them"} to false, and rely on TlsSenderCertificateName to require your servers' certificate.`,
      }];
    });
  },
};
