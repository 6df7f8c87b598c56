import { CLOUDS, endpointFamily } from "../model/exchange-online-endpoints";
import type { Rule } from "./rule";
import { describeSendConnector, sendConnectors, tenantsByPath } from "./topology-queries";

/**
 * As Microsoft's Exchange HealthChecker warns (domain.md section 2): a send connector to Exchange Online whose
 * `TlsAuthLevel` is neither `CertificateValidation` nor `DomainValidation`, or whose `TlsDomain` (with DomainValidation)
 * is not the service domain of the endpoint's cloud (`mail.protection.outlook.com`, `mail.protection.office365.us`,
 * `mail.protection.partner.outlook.cn`). The cloud is the smart host's family, else the target tenant's.
 */
export const sendConnectorTlsValidation: Rule = {
  id: "send-connector-tls-validation",
  severity: "warning",
  what: "A send connector to Exchange Online does not validate the endpoint's certificate: TlsAuthLevel is neither CertificateValidation nor DomainValidation, or TlsDomain is not the service domain of the endpoint's cloud.",
  why:
    "Without certificate validation the connector sends to whatever answers at the smart host; a TlsDomain of another name fails validation against " +
    "Exchange Online's certificate (mail queues). HealthChecker reports both as send connector misconfigurations (warnings).",
  source: "Exchange HealthChecker (send connector checks); New-SendConnector reference (TlsAuthLevel, TlsDomain); domain.md section 2",
  fix:
    "Set TlsAuthLevel DomainValidation with TlsDomain mail.protection.outlook.com (mail.protection.office365.us in GCC High, " +
    "mail.protection.partner.outlook.cn in 21Vianet), as the hybrid wizard does, or TlsAuthLevel CertificateValidation as Microsoft's manual relay example does.",
  check(topology) {
    const tenants = tenantsByPath(topology);
    return sendConnectors(topology).flatMap((entry) => {
      const { sendConnector } = entry;
      const tenant = tenants.get(sendConnector.tenantPath);
      const family = sendConnector.smartHosts.map(endpointFamily).find((f) => f !== undefined);
      const cloud = family?.cloud ?? tenant?.cloud ?? "worldwide";
      const serviceDomain = CLOUDS[cloud].tlsDomain;
      const problems: string[] = [];
      const level = sendConnector.tlsAuthLevel;
      if (level !== "CertificateValidation" && level !== "DomainValidation") {
        problems.push(`TlsAuthLevel is ${level ?? "not set"}, neither CertificateValidation nor DomainValidation`);
      } else if (level === "DomainValidation" && sendConnector.tlsDomain?.toLowerCase() !== serviceDomain) {
        problems.push(`TlsDomain is ${sendConnector.tlsDomain ?? "not set"}, not ${serviceDomain}, the service domain of the ${CLOUDS[cloud].label} cloud`);
      }
      if (problems.length === 0) return [];
      return [{
        path: sendConnector.path,
        message:
          `${describeSendConnector(entry)} sends to tenant ${tenant?.initialDomain ?? sendConnector.tenantPath}, but ${problems.join("; ")}. ` +
          `Set TlsAuthLevel DomainValidation with TlsDomain ${serviceDomain} (as the hybrid wizard does), or TlsAuthLevel CertificateValidation.`,
      }];
    });
  },
};
