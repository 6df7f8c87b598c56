/** send-connector-tls-validation: HealthChecker's send connector warnings (domain.md section 2). */
import { sendConnectorTlsValidation as rule } from "../../lib/rules/send-connector-tls-validation";
import type { SendConnectorModel, TenantModel } from "../../lib/model/topology";
import { organization, sendConnector, tenant, topology } from "../support/topology";
import { check } from "./check";

function withSendConnector(p: Partial<SendConnectorModel>, t: Partial<TenantModel> = {}) {
  return topology({
    tenants: [tenant("contoso", { domains: ["contoso.com"], ...t })],
    organizations: [organization("org", { sendConnectors: [sendConnector({ name: "to-cloud", tenantPath: "contoso", certificatePath: "c", ...p })] })],
  });
}

describe("send-connector-tls-validation", () => {
  test("compliant: DomainValidation with mail.protection.outlook.com (the wizard), or CertificateValidation (Microsoft's relay example)", () => {
    expect(check(rule, withSendConnector({}))).toEqual([]);
    expect(check(rule, withSendConnector({ tlsAuthLevel: "CertificateValidation", tlsDomain: undefined }))).toEqual([]);
  });

  test("EncryptionOnly is a warning", () => {
    const [finding] = check(rule, withSendConnector({ tlsAuthLevel: "EncryptionOnly", tlsDomain: undefined }));
    expect(finding.message).toContain("TlsAuthLevel is EncryptionOnly, neither CertificateValidation nor DomainValidation");
  });

  test("a TlsDomain that is not the cloud's service domain is a warning", () => {
    const [finding] = check(rule, withSendConnector({ tlsDomain: "outlook.com" }));
    expect(finding.message).toContain("TlsDomain is outlook.com, not mail.protection.outlook.com");
  });

  test("a GCC High tenant needs mail.protection.office365.us", () => {
    const gcc = { cloud: "gcc-high" as const, initialDomain: "contoso.onmicrosoft.us" };
    const smartHosts = ["contoso-com.mail.protection.office365.us"];
    expect(check(rule, withSendConnector({ smartHosts, tlsDomain: "mail.protection.office365.us" }, gcc))).toEqual([]);
    expect(check(rule, withSendConnector({ smartHosts }, gcc))[0].message).toContain("not mail.protection.office365.us, the service domain of the GCC High / DoD cloud");
  });
});
