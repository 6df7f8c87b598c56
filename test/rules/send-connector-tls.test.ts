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
    // HealthChecker: only both empty is a misconfiguration (the server's internal FQDN then picks the certificate).
    ["neither certificate nor Fqdn", { tlsCertificateName: undefined, fqdn: undefined }, "neither TlsCertificateName nor Fqdn"],
    ["a Microsoft host name as Fqdn", { fqdn: "contoso.mail.protection.outlook.com" }, "Fqdn contoso.mail.protection.outlook.com is a Microsoft host name"],
    ["CloudServicesMailEnabled off", { cloudServicesMailEnabled: false }, "CloudServicesMailEnabled is not $true"],
    ["DNS routing for the internet", { dnsRoutingEnabled: true, smartHosts: [] }, "DNSRoutingEnabled is $true for address space *"],
    ["a GCC High endpoint for a worldwide tenant", { smartHosts: ["contoso-com.mail.protection.office365.us"] }, "an endpoint of the GCC High / DoD cloud, but the tenant is in the worldwide cloud"],
    ["no smart host", { smartHosts: [] }, "no smart host"],
    ["another domain's endpoint", { smartHosts: ["fabrikam-com.mail.protection.outlook.com"] }, "endpoint of a domain that tenant does not accept"],
    ["not an Exchange Online host", { smartHosts: ["smtp.example.net"] }, "smtp.example.net is not an Exchange Online endpoint"],
  ])("%s fires", (_, p, expected) => {
    const [finding] = check(rule, withSendConnector(p));
    expect(finding.path).toBe("org/to-cloud");
    expect(finding.message).toContain(expected);
    expect(finding.message).toContain("contoso.onmicrosoft.com");
  });

  test("a certificate alone, or an Fqdn alone, is enough (HealthChecker flags only both empty)", () => {
    expect(check(rule, withSendConnector({ tlsCertificateName: undefined }))).toEqual([]);
    expect(check(rule, withSendConnector({ fqdn: undefined }))).toEqual([]);
  });

  test.each([
    ["worldwide", "contoso-com.mail.protection.outlook.com"],
    ["DNSSEC (worldwide)", "contoso-com.a-v1.mx.microsoft"],
    ["DNSSEC with two letters", "contoso-com.ab-v1.mx.microsoft"],
  ])("the %s endpoint of a worldwide tenant passes", (_, host) => {
    expect(check(rule, withSendConnector({ smartHosts: [host] }))).toEqual([]);
  });

  test.each<[string, "gcc-high" | "21vianet", string, string]>([
    ["GCC High", "gcc-high", "contoso.onmicrosoft.us", "contoso-com.mail.protection.office365.us"],
    ["21Vianet", "21vianet", "contoso.partner.onmschina.cn", "contoso-com.mail.protection.partner.outlook.cn"],
  ])("a %s tenant's endpoint passes, the worldwide one does not", (_, cloud, initialDomain, host) => {
    const sovereign = (smartHosts: string[]) => topology({
      tenants: [tenant("contoso", { domains: ["contoso.com"], cloud, initialDomain })],
      organizations: [organization("org", { sendConnectors: [sendConnector({ name: "to-cloud", tenantPath: "contoso", certificatePath: "org/cert", smartHosts })] })],
    });
    expect(check(rule, sovereign([host]))).toEqual([]);
    expect(check(rule, sovereign(["contoso-com.mail.protection.outlook.com"]))[0].message).toContain("but the tenant is in the");
  });

  test("a DNS-routed coexistence connector (the hybrid wizard's) passes; with another address space it fires", () => {
    expect(check(rule, withSendConnector({ dnsRoutingEnabled: true, smartHosts: [], addressSpaces: ["contoso.mail.onmicrosoft.com"] }))).toEqual([]);
    const [finding] = check(rule, withSendConnector({ dnsRoutingEnabled: true, smartHosts: [], addressSpaces: ["contoso.mail.onmicrosoft.com", "*.com"] }));
    expect(finding.message).toContain("DNSRoutingEnabled is $true for address space *.com");
  });

  test("CloudServicesMailEnabled off is right for a relay service (domain.md section 2)", () => {
    const relay = topology({
      tenants: [tenant("contoso", { domains: ["contoso.com"] })],
      organizations: [organization("org", { senderKind: "relay-service", sendConnectors: [sendConnector({ name: "to-cloud", tenantPath: "contoso", certificatePath: "org/cert", cloudServicesMailEnabled: false })] })],
    });
    expect(check(rule, relay)).toEqual([]);
  });

  test("several problems make one finding", () => {
    const findings = check(rule, withSendConnector({ requireTls: false, cloudServicesMailEnabled: false }));
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain("RequireTLS is not $true; CloudServicesMailEnabled is not $true");
  });
});
