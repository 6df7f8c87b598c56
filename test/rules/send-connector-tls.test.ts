import { sendConnectorTls as rule } from "../../lib/rules/send-connector-tls";
import type { SendConnectorModel } from "../../lib/model/topology";
import { organization, sendConnector, tenant, topology } from "../support/topology";
import { check } from "./check";

function withSendConnector(p: Partial<SendConnectorModel>) {
  return topology({
    tenants: [tenant("contoso", { domains: ["contoso.com"] })],
    organizations: [organization("org", { sendConnectors: [sendConnector({ name: "to-cloud", tenantPath: "contoso", certificatePath: "org/cert", ...p })] })],
  });
}

describe("send-connector-tls", () => {
  test("the builder's connector (the hybrid wizard's settings) passes", () => {
    expect(check(rule, withSendConnector({}))).toEqual([]);
  });

  test("the endpoint of an accepted domain passes too", () => {
    expect(check(rule, withSendConnector({ smartHosts: ["CONTOSO-com.mail.protection.outlook.com"] }))).toEqual([]);
  });

  test.each<[string, Partial<SendConnectorModel>, string]>([
    ["RequireTLS off", { requireTls: false }, "RequireTLS is not $true"],
    ["no certificate", { tlsCertificateName: undefined }, "TlsCertificateName is empty"],
    ["CloudServicesMailEnabled off", { cloudServicesMailEnabled: false }, "CloudServicesMailEnabled is not $true"],
    ["DNS routing", { dnsRoutingEnabled: true }, "DNSRoutingEnabled is $true"],
    ["no smart host", { smartHosts: [] }, "no smart host"],
    ["another domain's endpoint", { smartHosts: ["fabrikam-com.mail.protection.outlook.com"] }, "endpoint of a domain that tenant does not accept"],
    ["not an Exchange Online host", { smartHosts: ["smtp.example.net"] }, "smtp.example.net is not an Exchange Online endpoint"],
  ])("%s fires", (_, p, expected) => {
    const [finding] = check(rule, withSendConnector(p));
    expect(finding.path).toBe("org/to-cloud");
    expect(finding.message).toContain(expected);
    expect(finding.message).toContain("contoso.onmicrosoft.com");
  });

  test("several problems make one finding", () => {
    const findings = check(rule, withSendConnector({ requireTls: false, cloudServicesMailEnabled: false }));
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain("RequireTLS is not $true; CloudServicesMailEnabled is not $true");
  });
});
