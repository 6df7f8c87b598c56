/**
 * One on-premises organization that sends to three tenants. MC1226222: each tenant gets its own client
 * certificate (whose domain is an accepted domain of that tenant only) and its own send connector.
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Certificate, InboundConnector, OnPremisesOrganization, SendConnector, Tenant } from "cdktf-mailflow";

const TENANTS = [
  { id: "Fabrikam", name: "fabrikam", domain: "fabrikam.com" },
  { id: "Tailspin", name: "tailspintoys", domain: "tailspintoys.com" },
  { id: "Wingtip", name: "wingtiptoys", domain: "wingtiptoys.com" },
];

/** Declares the three-tenant topology in a new stack of `scope`. */
export function multiTenantExample(scope: Construct, id = "multi-tenant"): TerraformStack {
  const stack = new TerraformStack(scope, id);
  const datacenter = new OnPremisesOrganization(stack, "SharedExchange", {
    egressIpAddresses: ["198.51.100.10", "198.51.100.11"],
    transportServers: ["MBX01", "MBX02"],
    relays: ["ndr"],
  });

  for (const t of TENANTS) {
    const tenant = new Tenant(stack, t.id, { initialDomain: `${t.name}.onmicrosoft.com` });
    tenant.addAcceptedDomain(t.domain);
    const certificate = new Certificate(stack, `${t.id}Certificate`, {
      subject: `CN=smtp.${t.domain}`,
      issuer: "CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, C=GB",
      notAfter: "2027-03-31",
    });
    new InboundConnector(tenant, "FromSharedExchange", {
      connectorType: "OnPremises",
      tlsSenderCertificateName: `smtp.${t.domain}`,
    });
    new SendConnector(datacenter, `To${t.id}`, {
      name: `To ${t.id} Exchange Online`,
      tenant,
      certificate,
      addressSpaces: ["*"],
      sourceTransportServers: ["MBX01", "MBX02"],
    });
  }
  return stack;
}

if (require.main === module) {
  const app = new App();
  multiTenantExample(app);
  app.synth();
}
