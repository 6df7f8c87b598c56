/**
 * The estate the Hybrid Configuration Wizard creates for Contoso (domain.md sections 2 and 7), declared so the library
 * checks and simulates it:
 * - on-premises, the send connector "Outbound to Office 365 - <GUID>": DNS routing for the coexistence domain
 *   contoso.mail.onmicrosoft.com only, RequireTLS, TlsAuthLevel DomainValidation with TlsDomain mail.protection.outlook.com,
 *   CloudServicesMailEnabled, Fqdn and TlsCertificateName from the Exchange certificate;
 * - in Exchange Online, "Inbound from <GUID>" (OnPremises, identified by the certificate's host name mail.contoso.com,
 *   CloudServicesMailEnabled, RequireTls) and "Outbound to <GUID>" (OnPremises, smart host mail.contoso.com,
 *   DomainValidation);
 * - the coexistence domain contoso.mail.onmicrosoft.com, an accepted domain the wizard adds.
 * The wizard names the certificate's host name, mail.contoso.com, in "Inbound from <GUID>". Only contoso.com being
 * accepted, KB 4019940 counts it while the 2017 relay notice asks to change it (domain.md section 4): the library warns
 * (certificate-host-name-not-accepted). The fix this example shows: accept mail.contoso.com itself, the safest form
 * (2023 relay guidance; subdomains of a verified domain verify automatically).
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Certificate, InboundConnector, OnPremisesOrganization, OutboundConnector, SendConnector, Tenant } from "cdktf-mailflow";

/** The GUID the wizard put in the connector names of this estate. */
export const HYBRID_WIZARD_GUID = "6b2c1d7e-4f3a-4e8b-9c0d-2a1b3c4d5e6f";

/** Options of {@link hybridWizardExample}. */
export interface HybridWizardExampleOptions {
  /**
   * Whether the certificate's host name, mail.contoso.com, is also an accepted domain (the fix for the warning
   * certificate-host-name-not-accepted). False declares the estate exactly as the wizard leaves it.
   * @default true
   */
  readonly acceptCertificateHostName?: boolean;
}

/** Declares the hybrid wizard's estate in a new stack of `scope`. */
export function hybridWizardExample(scope: Construct, id = "hybrid-wizard", options: HybridWizardExampleOptions = {}): TerraformStack {
  const stack = new TerraformStack(scope, id);
  const contoso = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com", displayName: "Contoso Ltd" });
  contoso.addAcceptedDomain("contoso.com");
  // The wizard adds the coexistence domain: on-premises mail to cloud mailboxes is addressed to it.
  contoso.addAcceptedDomain("contoso.mail.onmicrosoft.com");
  if (options.acceptCertificateHostName ?? true) {
    // The fix: the host name on the certificate, accepted itself (it verifies automatically under contoso.com).
    contoso.addAcceptedDomain("mail.contoso.com");
  }

  // The Exchange certificate the wizard was given: its host names are mail.contoso.com and autodiscover.contoso.com.
  const certificate = new Certificate(stack, "ExchangeCertificate", {
    subject: "CN=mail.contoso.com, O=Contoso Ltd, L=Redmond, S=WA, C=US",
    subjectAlternativeNames: ["mail.contoso.com", "autodiscover.contoso.com"],
    issuer: "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US",
    thumbprint: "3C5D7E9F1A2B4C6D8E0F1A3B5C7D9E1F2A4B6C8D",
    notAfter: "2027-06-30",
  });

  new InboundConnector(contoso, "InboundFromOnPremises", {
    connectorType: "OnPremises",
    name: `Inbound from ${HYBRID_WIZARD_GUID}`,
    tlsSenderCertificateName: "mail.contoso.com",
    cloudServicesMailEnabled: true,
    requireTls: true,
    comment: "Created by the Hybrid Configuration Wizard",
  });
  new OutboundConnector(contoso, "OutboundToOnPremises", {
    connectorType: "OnPremises",
    name: `Outbound to ${HYBRID_WIZARD_GUID}`,
    recipientDomains: ["contoso.com"],
    smartHosts: ["mail.contoso.com"],
    useMxRecord: false,
    tlsSettings: "DomainValidation",
    tlsDomain: "mail.contoso.com",
    cloudServicesMailEnabled: true,
    comment: "Created by the Hybrid Configuration Wizard",
  });

  const exchange = new OnPremisesOrganization(stack, "ContosoExchange", {
    senderKind: "exchange-server",
    egressIpAddresses: ["203.0.113.25"],
    transportServers: ["EX01", "EX02"],
  });
  // Internet mail leaves on-premises through the organization's own internet connector (not declared here): the
  // wizard's connector carries only mail to the cloud mailboxes, addressed to the coexistence domain.
  new SendConnector(exchange, "OutboundToOffice365", {
    name: `Outbound to Office 365 - ${HYBRID_WIZARD_GUID}`,
    tenant: contoso,
    certificate,
    dnsRoutingEnabled: true,
    tlsAuthLevel: "DomainValidation",
    comment: "Created by the Hybrid Configuration Wizard",
  });
  return stack;
}

if (require.main === module) {
  const app = new App();
  hybridWizardExample(app);
  app.synth();
}
