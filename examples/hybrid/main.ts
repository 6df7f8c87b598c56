/**
 * Hybrid single tenant: Contoso's on-premises Exchange sends to its Exchange Online tenant through a send
 * connector that presents a certificate, and the tenant identifies it by that certificate (MC1226222's advice).
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Certificate, InboundConnector, OnPremisesOrganization, OutboundConnector, SendConnector, Tenant } from "cdktf-mailflow";

/** Declares the hybrid topology in a new stack of `scope`. */
export function hybridExample(scope: Construct, id = "hybrid"): TerraformStack {
  const stack = new TerraformStack(scope, id);

  const contoso = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com", displayName: "Contoso Ltd" });
  contoso.addAcceptedDomain("contoso.com");
  contoso.addAcceptedDomain("sales.contoso.com");

  // The certificate on the Exchange servers; its domain, contoso.com, is an accepted domain of the tenant.
  const certificate = new Certificate(stack, "MailCertificate", {
    subject: "CN=mail.contoso.com, O=Contoso Ltd, C=US",
    subjectAlternativeNames: ["mail.contoso.com", "autodiscover.contoso.com"],
    issuer: "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US",
    thumbprint: "6F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C",
    notAfter: "2027-09-30",
  });

  new InboundConnector(contoso, "FromOnPremises", {
    connectorType: "OnPremises",
    name: "Inbound from Contoso on-premises",
    tlsSenderCertificateName: "mail.contoso.com",
    comment: "Hybrid mail flow from the Exchange 2019 servers",
  });
  new OutboundConnector(contoso, "ToOnPremises", {
    connectorType: "OnPremises",
    name: "Outbound to Contoso on-premises",
    recipientDomains: ["contoso.com"],
    smartHosts: ["mail.contoso.com"],
    tlsSettings: "DomainValidation",
    tlsDomain: "mail.contoso.com",
  });

  const onPremises = new OnPremisesOrganization(stack, "ContosoExchange", {
    egressIpAddresses: ["203.0.113.25"],
    transportServers: ["EX01", "EX02"],
    relays: ["ndr", "forwarding"],
  });
  new SendConnector(onPremises, "ToExchangeOnline", {
    name: "Outbound to Office 365",
    tenant: contoso,
    certificate,
  });
  return stack;
}

if (require.main === module) {
  const app = new App();
  hybridExample(app);
  app.synth();
}
