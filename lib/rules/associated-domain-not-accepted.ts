import type { Rule } from "./rule";
import { describeConnector, inboundConnectors } from "./topology-queries";

/**
 * An inbound connector's `AssociatedAcceptedDomains` value that is not an accepted domain of its tenant: every value must
 * be one (Set-InboundConnector reference; domain.md section 2). The tenant's initial domain counts as accepted.
 */
export const associatedDomainNotAccepted: Rule = {
  id: "associated-domain-not-accepted",
  severity: "error",
  what: "An inbound connector's AssociatedAcceptedDomains lists a domain that is not an accepted domain of its tenant.",
  why:
    "AssociatedAcceptedDomains restricts which of the tenant's accepted domains use the connector as source domains, and each value must be an accepted " +
    "domain of the tenant: New-InboundConnector / Set-InboundConnector refuse any other, so the deployment fails.",
  source: "New-InboundConnector / Set-InboundConnector reference (AssociatedAcceptedDomains)",
  fix: "Declare the domain as an accepted domain of the tenant, or remove it from AssociatedAcceptedDomains.",
  check(topology) {
    return inboundConnectors(topology).flatMap((entry) => {
      const { tenant, connector } = entry;
      const accepted = new Set([tenant.initialDomain.toLowerCase(), ...tenant.acceptedDomains.map((d) => d.domainName.toLowerCase())]);
      const missing = [...new Set(connector.associatedAcceptedDomains.map((d) => d.toLowerCase()).filter((d) => !accepted.has(d)))];
      if (missing.length === 0) return [];
      return [{
        path: connector.path,
        message:
          `AssociatedAcceptedDomains of ${describeConnector(entry)} list${missing.length === 1 ? "s" : ""} ${missing.join(", ")}, which ` +
          `${missing.length === 1 ? "is not an accepted domain" : "are not accepted domains"} of ${tenant.initialDomain} (its accepted domains: ` +
          `${[...accepted].sort().join(", ")}). Exchange Online refuses the value, so the deployment fails. Declare ${missing.length === 1 ? "it" : "them"} ` +
          `as accepted domains of ${tenant.initialDomain}, or remove ${missing.length === 1 ? "it" : "them"} from AssociatedAcceptedDomains.`,
      }];
    });
  },
};
