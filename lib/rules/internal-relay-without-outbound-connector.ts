import { isSameOrSubdomain } from "../model/domain-name";
import type { OutboundConnectorModel } from "../model/topology";
import type { Rule } from "./rule";

/**
 * True when an outbound connector routes mail for `domainName` to the customer's servers: an enabled OnPremises connector
 * with AllAcceptedDomains, RouteAllMessagesViaOnPremises, or a recipient domain that is `*`, the domain itself, or `*.parent`
 * over it (`*.contoso.com` covers subdomains, not `contoso.com` itself).
 */
function routesDomainOnPremises(connector: OutboundConnectorModel, domainName: string): boolean {
  if (!connector.enabled || connector.connectorType !== "OnPremises") return false;
  if (connector.allAcceptedDomains || connector.routeAllMessagesViaOnPremises) return true;
  return connector.recipientDomains.some((entry) => {
    const recipientDomain = entry.toLowerCase();
    if (recipientDomain === "*" || recipientDomain === domainName) return true;
    return recipientDomain.startsWith("*.") && domainName !== recipientDomain.slice(2) && isSameOrSubdomain(domainName, recipientDomain.slice(2));
  });
}

/** An InternalRelay accepted domain that no enabled OnPremises outbound connector of its tenant routes. */
export const internalRelayWithoutOutboundConnector: Rule = {
  id: "internal-relay-without-outbound-connector",
  severity: "warning",
  what: "An InternalRelay accepted domain has no enabled OnPremises outbound connector that routes it to the customer's servers.",
  why:
    "Exchange Online relays mail for InternalRelay recipients it does not host; without an OnPremises outbound connector for the domain, that mail goes " +
    "to the domain's MX record, which usually points back to Exchange Online, and loops or bounces.",
  source: "Manage accepted domains in Exchange Online; New-OutboundConnector reference",
  fix: "Add an OnPremises outbound connector whose RecipientDomains include the domain (or use AllAcceptedDomains), with your servers as smart hosts.",
  check(topology) {
    return topology.tenants.flatMap((tenant) =>
      tenant.acceptedDomains
        .filter((domain) => domain.domainType === "InternalRelay")
        .filter((domain) => !tenant.outboundConnectors.some((connector) => routesDomainOnPremises(connector, domain.domainName.toLowerCase())))
        .map((domain) => ({
          path: domain.path,
          message:
            `Accepted domain ${domain.domainName} of tenant ${tenant.initialDomain} is InternalRelay, but no enabled OnPremises outbound connector of the tenant ` +
            `routes it to your servers, so mail for recipients Exchange Online does not host follows the MX record and may loop. ` +
            `Add an OnPremises outbound connector with ${domain.domainName} in RecipientDomains and your servers as smart hosts.`,
        })),
    );
  },
};
