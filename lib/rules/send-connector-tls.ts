import { addressSpaceOf } from "../model/address-space";
import { CLOUDS, coexistenceDomain, endpointFamily, isMicrosoftHostName } from "../model/exchange-online-endpoints";
import type { Rule } from "./rule";
import { describeSendConnector, isTenantEndpoint, sendConnectors, tenantEndpoints, tenantsByPath } from "./topology-queries";

/**
 * A send connector to Exchange Online without `RequireTLS $true`; without `CloudServicesMailEnabled $true` when its
 * organization is an Exchange Server (domain.md section 2: only Exchange hybrid sets it); with neither
 * `TlsCertificateName` nor `Fqdn` (HealthChecker: the server's internal FQDN then picks the certificate); with a
 * Microsoft host name as `Fqdn`; or that routes elsewhere than its target tenant: smart hosts that are not the tenant's
 * endpoints of its cloud (worldwide, GCC High, 21Vianet, or the DNSSEC MX), or DNS routing for anything but the tenant's
 * coexistence domain. Checked on disabled send connectors too: they are declared to be switched on.
 */
export const sendConnectorTls: Rule = {
  id: "send-connector-tls",
  severity: "error",
  what:
    "A send connector to Exchange Online lacks RequireTLS $true, lacks CloudServicesMailEnabled $true (Exchange Server organizations), has neither " +
    "TlsCertificateName nor Fqdn, names a Microsoft host as Fqdn, or does not route to the target tenant's endpoint (smart host of the tenant's cloud, or DNS routing for its coexistence domain).",
  why:
    "Without TLS and a client certificate Exchange Online cannot identify the organization by certificate; without CloudServicesMailEnabled an Exchange " +
    "Server's cross-premises headers are not kept; with neither TlsCertificateName nor Fqdn the server's internal FQDN picks the certificate; a smart host " +
    "other than the tenant's endpoint delivers to the wrong place. Microsoft's HealthChecker flags these.",
  source: "New-SendConnector reference; Exchange HealthChecker (send connector checks); Updated Requirements for SMTP Relay (2023); domain.md section 2",
  fix:
    "Set RequireTLS $true, TlsCertificateName to the certificate Exchange Online trusts (or Fqdn to a name on it), CloudServicesMailEnabled $true for an " +
    "Exchange Server organization, DNSRoutingEnabled $false with the target tenant's endpoint of its cloud (<domain>.mail.protection.outlook.com, " +
    ".mail.protection.office365.us, .mail.protection.partner.outlook.cn or <domain>.<xx>-v1.mx.microsoft) as smart host, or DNS routing for the " +
    "tenant's coexistence domain <tenant>.mail.onmicrosoft.com only.",
  check(topology) {
    const tenants = tenantsByPath(topology);
    return sendConnectors(topology).flatMap((entry) => {
      const { sendConnector, organization } = entry;
      const tenant = tenants.get(sendConnector.tenantPath);
      const problems: string[] = [];
      if (!sendConnector.requireTls) problems.push("RequireTLS is not $true");
      if (!sendConnector.tlsCertificateName && !sendConnector.fqdn) {
        problems.push("it has neither TlsCertificateName nor Fqdn, so the server's internal FQDN picks the certificate it presents");
      }
      if (sendConnector.fqdn !== undefined && isMicrosoftHostName(sendConnector.fqdn)) {
        problems.push(`its Fqdn ${sendConnector.fqdn} is a Microsoft host name, not a name of its own certificate`);
      }
      if (!sendConnector.cloudServicesMailEnabled && (organization.senderKind ?? "exchange-server") === "exchange-server") {
        problems.push("CloudServicesMailEnabled is not $true (an Exchange Server organization in hybrid sets it, as the wizard does)");
      }
      if (tenant !== undefined) {
        const cloud = tenant.cloud ?? "worldwide";
        const coexistence = coexistenceDomain(tenant.initialDomain, cloud);
        if (sendConnector.dnsRoutingEnabled) {
          if (sendConnector.smartHosts.length > 0) problems.push("DNSRoutingEnabled is $true but smart hosts are set (SmartHosts needs DNSRoutingEnabled $false)");
          const other = sendConnector.addressSpaces.filter((text) => addressSpaceOf(text)?.address !== coexistence);
          if (other.length > 0) {
            problems.push(
              `DNSRoutingEnabled is $true for address space ${other.join(", ")}, so that mail goes by MX records, not to the tenant's endpoint ` +
              `(DNS routing to Exchange Online is for the tenant's coexistence domain ${coexistence ?? "<tenant>.mail.onmicrosoft.com"} only)`,
            );
          }
        } else if (sendConnector.smartHosts.length === 0) {
          problems.push("it has no smart host");
        } else {
          for (const host of sendConnector.smartHosts.filter((h) => !isTenantEndpoint(tenant, h))) {
            const family = endpointFamily(host);
            const kind = family === undefined
              ? "not an Exchange Online endpoint"
              : family.cloud !== cloud
                ? `an endpoint of the ${CLOUDS[family.cloud].label} cloud, but the tenant is in the ${CLOUDS[cloud].label} cloud`
                : "the endpoint of a domain that tenant does not accept";
            problems.push(`smart host ${host} is ${kind} (expected ${tenantEndpoints(tenant).join(" or ")})`);
          }
        }
      }
      if (problems.length === 0) return [];
      return [{
        path: sendConnector.path,
        message:
          `${describeSendConnector(entry)} sends to tenant ${tenant?.initialDomain ?? sendConnector.tenantPath}, but ${problems.join("; ")}. ` +
          `Set RequireTLS $true, TlsCertificateName to the certificate the tenant trusts (or Fqdn to a name on it), CloudServicesMailEnabled $true for an ` +
          `Exchange Server organization, and the tenant's endpoint as the smart host (or DNS routing for its coexistence domain only).`,
      }];
    });
  },
};
