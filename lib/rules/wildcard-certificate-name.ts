import { isWildcardName } from "../model/domain-name";
import type { Rule } from "./rule";
import { describeConnector, inboundConnectors } from "./topology-queries";

/** An OnPremises connector whose `TlsSenderCertificateName` is a wildcard such as `*.contoso.com`. */
export const wildcardCertificateName: Rule = {
  id: "wildcard-certificate-name",
  severity: "warning",
  what: "An OnPremises inbound connector's TlsSenderCertificateName is a wildcard (*.domain).",
  why:
    "A wildcard matches every certificate under the domain, including certificates the organization uses for other tenants, " +
    "relay services or unrelated flows, which then get attributed to this tenant and may relay through it.",
  source: "MC1226222",
  fix:
    "Name the one certificate the sending servers present (its host name or a dedicated subdomain accepted in the tenant); " +
    "keep the wildcard only when every certificate under the domain belongs to this tenant's flows, and suppress with that reason.",
  check(topology) {
    return inboundConnectors(topology)
      .filter(({ connector }) => connector.connectorType === "OnPremises" && isWildcardName(connector.tlsSenderCertificateName?.toLowerCase() ?? ""))
      .map((entry) => {
        const name = entry.connector.tlsSenderCertificateName!.toLowerCase();
        return {
          path: entry.connector.path,
          message:
            `TlsSenderCertificateName "${name}" of ${describeConnector(entry)} is a wildcard: any certificate for ${name.slice(2)} or a name under it ` +
            `identifies its sender to ${entry.tenant.initialDomain}. Use the exact name of the certificate the sending servers present, ` +
            `or suppress with the reason that every certificate under ${name.slice(2)} belongs to this tenant.`,
        };
      });
  },
};
