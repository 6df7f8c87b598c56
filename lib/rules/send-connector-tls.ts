import { isExchangeOnlineEndpoint } from "../model/domain-name";
import type { Rule } from "./rule";
import { describeSendConnector, sendConnectors, tenantEndpoints, tenantsByPath } from "./topology-queries";

/**
 * A send connector to Exchange Online without `RequireTLS $true`, a certificate, or `CloudServicesMailEnabled $true`,
 * or whose smart hosts are not its target tenant's endpoints. Checked on disabled send connectors too: they are
 * declared to be switched on.
 */
export const sendConnectorTls: Rule = {
  id: "send-connector-tls",
  severity: "error",
  what: "A send connector to Exchange Online lacks RequireTLS $true, a certificate (TlsCertificateName) or CloudServicesMailEnabled $true, or its smart host is not the target tenant's endpoint.",
  why:
    "Without TLS and a client certificate Exchange Online cannot identify the organization by certificate; without CloudServicesMailEnabled the " +
    "organization's headers are stripped; a smart host other than the tenant's endpoint delivers to the wrong place. Microsoft's HealthChecker flags these.",
  source: "New-SendConnector reference; Exchange HealthChecker; Updated Requirements for SMTP Relay (2023)",
  fix:
    "Set RequireTLS $true, TlsCertificateName to the certificate Exchange Online trusts, CloudServicesMailEnabled $true, DNSRoutingEnabled $false, " +
    "and the target tenant's endpoint (<domain>.mail.protection.outlook.com) as smart host.",
  check(topology) {
    const tenants = tenantsByPath(topology);
    return sendConnectors(topology).flatMap((entry) => {
      const { sendConnector } = entry;
      const tenant = tenants.get(sendConnector.tenantPath);
      const problems: string[] = [];
      if (!sendConnector.requireTls) problems.push("RequireTLS is not $true");
      if (!sendConnector.tlsCertificateName) problems.push("it presents no certificate (TlsCertificateName is empty)");
      if (!sendConnector.cloudServicesMailEnabled) problems.push("CloudServicesMailEnabled is not $true");
      if (sendConnector.dnsRoutingEnabled) problems.push("DNSRoutingEnabled is $true, so it routes by MX records instead of to the tenant's endpoint");
      else if (sendConnector.smartHosts.length === 0) problems.push("it has no smart host");
      if (tenant !== undefined && !sendConnector.dnsRoutingEnabled) {
        const endpoints = tenantEndpoints(tenant);
        const foreign = sendConnector.smartHosts.filter((host) => !endpoints.includes(host.toLowerCase()));
        for (const host of foreign) {
          const kind = isExchangeOnlineEndpoint(host) ? "the endpoint of a domain that tenant does not accept" : "not an Exchange Online endpoint";
          problems.push(`smart host ${host} is ${kind} (expected ${endpoints.join(" or ")})`);
        }
      }
      if (problems.length === 0) return [];
      return [{
        path: sendConnector.path,
        message:
          `${describeSendConnector(entry)} sends to tenant ${tenant?.initialDomain ?? sendConnector.tenantPath}, but ${problems.join("; ")}. ` +
          `Set RequireTLS $true, TlsCertificateName to the certificate the tenant trusts, CloudServicesMailEnabled $true, DNSRoutingEnabled $false, ` +
          `and the tenant's endpoint as the smart host.`,
      }];
    });
  },
};
