import { certificateDomain } from "../model/accepted-domains";
import { isWildcardName, parentDomain } from "../model/domain-name";
import type { Rule } from "./rule";
import { describeConnector, inboundConnectors } from "./topology-queries";

/** The names whose acceptance would give a certificate name a certificate domain (domain.md section 4). */
function candidateDomains(name: string): string[] {
  if (isWildcardName(name)) return [name.slice(2)];
  const parent = parentDomain(name);
  return parent === undefined ? [name] : [name, parent];
}

/**
 * An OnPremises connector whose `TlsSenderCertificateName` has no accepted certificate domain in its tenant.
 * Checked on disabled connectors too: the setting is wrong whether or not the connector is on yet.
 */
export const certificateDomainNotAccepted: Rule = {
  id: "certificate-domain-not-accepted",
  severity: "error",
  what: "An OnPremises inbound connector's TlsSenderCertificateName has no certificate domain that is an accepted domain of its tenant.",
  why:
    "Exchange Online attributes a certificate-identified message to a tenant only when the certificate domain is one of the tenant's accepted domains; " +
    "otherwise the connector never matches and relayed mail is rejected with 550 5.7.64 TenantAttribution; Relay Access Denied.",
  source: "MC1226222; KB 4019940",
  fix:
    "Accept the certificate domain in the tenant (for host.sub.contoso.com that is sub.contoso.com or the name itself: contoso.com alone is not enough), " +
    "or use a certificate whose name lies directly under an accepted domain.",
  check(topology) {
    return inboundConnectors(topology)
      .filter(({ tenant, connector }) => {
        const name = connector.tlsSenderCertificateName;
        return connector.connectorType === "OnPremises" && name !== undefined && name !== "" && certificateDomain(tenant, name) === undefined;
      })
      .map((entry) => {
        const name = entry.connector.tlsSenderCertificateName!.toLowerCase();
        const candidates = candidateDomains(name);
        const needed = candidates.length === 1 ? candidates[0] : `${candidates[0]} or ${candidates[1]}`;
        return {
          path: entry.connector.path,
          message:
            `TlsSenderCertificateName "${name}" of ${describeConnector(entry)} has no accepted certificate domain: ` +
            `${needed} would have to be an accepted domain of ${entry.tenant.initialDomain}, and is not, so Exchange Online cannot attribute mail ` +
            `identified by this certificate to the tenant. Accept ${candidates[candidates.length - 1]} in the tenant, ` +
            `or use a certificate name directly under one of its accepted domains.`,
        };
      });
  },
};
