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
 * An OnPremises connector whose `TlsSenderCertificateName` fails under every one of Microsoft's sources (domain.md
 * section 4): `*.d` with `d` not accepted, or a host name of which neither the name nor its immediate parent is accepted.
 * The simulator attributes by certificate exactly when this rule does not fire (KB 4019940's reading). Checked on
 * disabled connectors too: the setting is wrong whether or not the connector is on yet.
 */
export const certificateDomainNotAccepted: Rule = {
  id: "certificate-domain-not-accepted",
  severity: "error",
  what: "An OnPremises inbound connector's TlsSenderCertificateName has no certificate domain that is an accepted domain of its tenant under any of Microsoft's sources.",
  why:
    "Exchange Online attributes a certificate-identified message to a tenant only when the certificate domain is one of the tenant's accepted domains; " +
    "for *.d that is d, for a host name the name itself (2023 relay guidance) or at most its immediate parent (KB 4019940). With neither accepted the " +
    "connector never identifies the sender and relayed mail is rejected with 550 5.7.64 TenantAttribution; Relay Access Denied.",
  source: "MC1226222; KB 4019940; Important notice for Office 365 email customers who have configured connectors (2017); Updated Requirements for SMTP Relay through Exchange Online (2023)",
  fix:
    "Accept the certificate's host name itself in the tenant (the safest form: a subdomain of a verified domain verifies automatically), " +
    "or, for *.d, accept d; contoso.com alone is not enough for host.sub.contoso.com.",
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
        const sources = isWildcardName(name)
          ? "(the 2017 relay notice and the 2023 relay guidance)"
          : "(2023 relay guidance: the name itself; KB 4019940: its immediate parent; the 2017 notice asks for neither host names nor parents but *.domain)";
        return {
          path: entry.connector.path,
          message:
            `TlsSenderCertificateName "${name}" of ${describeConnector(entry)} has no accepted certificate domain under any of Microsoft's sources: ` +
            `${needed} would have to be an accepted domain of ${entry.tenant.initialDomain} ${sources}, and is not, so Exchange Online cannot attribute ` +
            `mail identified by this certificate to the tenant and its relayed mail is rejected 5.7.64. Accept ${candidates[0]} in ${entry.tenant.initialDomain}` +
            `${isWildcardName(name) ? "" : " (the safest form)"}, or use a certificate name that is one of its accepted domains.`,
        };
      });
  },
};
