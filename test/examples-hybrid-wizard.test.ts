/** examples/hybrid-wizard: the Hybrid Configuration Wizard's estate (domain.md sections 2 and 7) passes with no error. */
import { checkTopology } from "../lib";
import { HYBRID_WIZARD_GUID, hybridWizardExample } from "../examples/hybrid-wizard/main";
import { synthMailflow, testApp } from "./support/examples";

describe("examples/hybrid-wizard", () => {
  test.each([true, false])("no error, with the certificate's host name accepted: %s", (acceptCertificateHostName) => {
    const stack = hybridWizardExample(testApp(), "hybrid-wizard", { acceptCertificateHostName });
    expect(checkTopology(stack).filter((f) => f.severity === "error")).toEqual([]);
  });

  test("the wizard's coexistence send connector: DNS routing for contoso.mail.onmicrosoft.com, no smart host, DomainValidation", () => {
    const plan = JSON.parse(synthMailflow(hybridWizardExample(testApp()))["plan.json"]);
    const [connector] = plan.organizations[0].sendConnectors;
    expect(connector).toMatchObject({
      name: `Outbound to Office 365 - ${HYBRID_WIZARD_GUID}`,
      addressSpaces: ["contoso.mail.onmicrosoft.com"], smartHosts: [], dnsRoutingEnabled: true, requireTls: true,
      tlsAuthLevel: "DomainValidation", tlsDomain: "mail.protection.outlook.com", cloudServicesMailEnabled: true, fqdn: "mail.contoso.com",
    });
    // Routing: mail to cloud mailboxes takes the wizard's connector and is attributed by certificate; internet mail does not reach Exchange Online.
    const flows = plan.routing[0].tenants[0].flows;
    const toCloud = flows.find((f: { flow: string; server: string }) => f.flow === "to-own-domain" && f.server === "EX01");
    expect(toCloud).toMatchObject({ rcptTo: "mailbox@contoso.mail.onmicrosoft.com", sendConnectorName: `Outbound to Office 365 - ${HYBRID_WIZARD_GUID}` });
    expect(toCloud.result).toMatchObject({ tenant: "contoso.onmicrosoft.com", attributedBy: "certificate" });
    expect(toCloud.result.recipients[0].outcome).toBe("delivered");
    expect(plan.routing[0].internetMail.every((m: { sendConnector?: string }) => m.sendConnector === undefined)).toBe(true);
  });

  test("its host-name connector gets certificate-host-name-not-accepted unless the example accepts the host name (the fix it shows)", () => {
    const warnings = (acceptCertificateHostName: boolean) =>
      checkTopology(hybridWizardExample(testApp(), "hybrid-wizard", { acceptCertificateHostName }))
        .filter((f) => f.ruleId === "certificate-host-name-not-accepted")
        .map((f) => f.path);
    expect(warnings(false)).toEqual(["hybrid-wizard/Contoso/InboundFromOnPremises"]);
    expect(warnings(true)).toEqual([]);
  });
});
