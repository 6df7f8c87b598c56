/**
 * The MC1226222 anti-patterns in one app. `cdktf synth` of this app FAILS, by design: each mistake below is a
 * finding with a stable rule id. test/examples-misconfigured.test.ts asserts exactly which.
 *
 * Synthesize it to see the errors:
 *   npx cdktf synth --app "npx ts-node --transpile-only examples/misconfigured/main.ts"
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Certificate, InboundConnector, OnPremisesOrganization, SendConnector, Tenant } from "cdktf-mailflow";

/** Declares the misconfigured topology in a new stack of `scope`. */
export function misconfiguredExample(scope: Construct, id = "misconfigured"): TerraformStack {
  const stack = new TerraformStack(scope, id);
  const adatum = new Tenant(stack, "Adatum", { initialDomain: "adatum.onmicrosoft.com" });
  adatum.addAcceptedDomain("adatum.com");
  const litware = new Tenant(stack, "Litware", { initialDomain: "litware.onmicrosoft.com" });
  litware.addAcceptedDomain("litware.com");

  // Anti-pattern 1: the connector names a certificate whose domain is not an accepted domain of the tenant.
  new InboundConnector(adatum, "FromHoster", { connectorType: "OnPremises", tlsSenderCertificateName: "smtp.hoster.example.net" });

  // Anti-pattern 2 (and 4): IP-only connectors, and the same egress range identifies senders to two tenants.
  new InboundConnector(adatum, "ByIp", { connectorType: "OnPremises", senderIpAddresses: ["198.51.100.0/24"] });
  new InboundConnector(litware, "ByIp", { connectorType: "OnPremises", senderIpAddresses: ["198.51.100.20"] });

  // Anti-pattern 3: one organization sends to both tenants with ONE shared certificate...
  const shared = new Certificate(stack, "SharedCertificate", {
    subject: "CN=mail.adatum.com",
    subjectAlternativeNames: ["mail.adatum.com", "mail.litware.com"],
    issuer: "CN=Example Issuing CA, O=Example",
    notAfter: "2027-06-30",
  });
  new InboundConnector(adatum, "ByCertificate", { connectorType: "OnPremises", tlsSenderCertificateName: "mail.adatum.com" });
  new InboundConnector(litware, "ByCertificate", { connectorType: "OnPremises", tlsSenderCertificateName: "mail.litware.com" });
  const hosting = new OnPremisesOrganization(stack, "HostingExchange", { egressIpAddresses: ["198.51.100.20"], relays: ["forwarding"] });
  new SendConnector(hosting, "ToAdatum", { tenant: adatum, certificate: shared });
  // ...and a send connector whose smart hosts reach both tenants.
  new SendConnector(hosting, "ToLitware", {
    tenant: litware,
    certificate: shared,
    smartHosts: ["litware.mail.protection.outlook.com", "adatum.mail.protection.outlook.com"],
  });

  // The 2017 notice: NDRs and forwarded mail relay only over a certificate connector; this tenant knows the relay by IP only.
  const proseware = new Tenant(stack, "Proseware", { initialDomain: "proseware.onmicrosoft.com" });
  proseware.addAcceptedDomain("proseware.com");
  new InboundConnector(proseware, "ByIp", { connectorType: "OnPremises", senderIpAddresses: ["203.0.113.50"] });
  const legacy = new OnPremisesOrganization(stack, "LegacyRelay", { egressIpAddresses: ["203.0.113.50"], relays: ["ndr", "forwarding"] });
  new SendConnector(legacy, "ToProseware", {
    tenant: proseware,
    certificate: new Certificate(stack, "ProsewareCertificate", { subject: "CN=relay.proseware.com", issuer: "CN=Example Issuing CA, O=Example", notAfter: "2027-06-30" }),
  });
  return stack;
}

if (require.main === module) {
  const app = new App();
  misconfiguredExample(app);
  app.synth();
}
