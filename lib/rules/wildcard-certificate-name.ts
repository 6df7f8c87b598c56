import { isWildcardName } from "../model/domain-name";
import type { Rule } from "./rule";
import { describeConnector, inboundConnectors } from "./topology-queries";

/**
 * An OnPremises connector whose `TlsSenderCertificateName` is a wildcard such as `*.contoso.com` (domain.md section 4):
 * the form the 2017 relay notice recommends, which the 2023 relay FAQ allows but does "not recommend".
 */
export const wildcardCertificateName: Rule = {
  id: "wildcard-certificate-name",
  severity: "warning",
  what: "An OnPremises inbound connector's TlsSenderCertificateName is a wildcard (*.domain): allowed, but not recommended since 2023.",
  why:
    "Asked whether a wildcard certificate name can be used, Microsoft's 2023 relay FAQ answers \"Yes, but it's not recommended\", and the post's author adds " +
    "that no other certificate under the domain may then be used elsewhere: every certificate for the domain or a name under it (other tenants, relay " +
    "services, unrelated flows) identifies its sender to this tenant and may relay through it. The 2017 relay notice had recommended this form.",
  source: "Updated Requirements for SMTP Relay through Exchange Online (2023) and its FAQ; Important notice for Office 365 email customers who have configured connectors (2017); MC1226222",
  fix:
    "Name the one certificate the sending servers present and accept that host name as a domain of the tenant (the safest form, 2023); " +
    "keep the wildcard only when no other certificate under the domain is used elsewhere, and suppress with that reason.",
  check(topology) {
    return inboundConnectors(topology)
      .filter(({ connector }) => connector.connectorType === "OnPremises" && isWildcardName(connector.tlsSenderCertificateName?.toLowerCase() ?? ""))
      .map((entry) => {
        const name = entry.connector.tlsSenderCertificateName!.toLowerCase();
        const base = name.slice(2);
        return {
          path: entry.connector.path,
          message:
            `TlsSenderCertificateName "${name}" of ${describeConnector(entry)} is a wildcard: any certificate for ${base} or a name under it ` +
            `identifies its sender to ${entry.tenant.initialDomain}. Microsoft allows it but does not recommend it (2023 relay FAQ), and no other certificate ` +
            `under ${base} may then be used elsewhere. Use the exact host name of the certificate the sending servers present, accepted as a domain of ` +
            `${entry.tenant.initialDomain} (the safest form), or suppress with the reason that every certificate under ${base} belongs to this tenant's flows.`,
        };
      });
  },
};
