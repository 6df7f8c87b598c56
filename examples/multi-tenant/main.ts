/**
 * One on-premises Exchange organization that hosts the users of three tenants. MC1226222: each tenant gets its own
 * client certificate (whose domain is an accepted domain of that tenant only) and its own send connector.
 *
 * That alone does not keep the tenants apart: Exchange Server picks a send connector by the recipient only ("Connector
 * selection in external message routing"), so three connectors with address space `*` and the same source servers
 * would send every tenant's internet mail through one of them (the lowest name), under one tenant's certificate.
 * Here routing itself keeps them apart (domain.md section 4a):
 * - each tenant's users have their mailboxes on Mailbox servers of their own, in an Active Directory site of its own
 *   (a user's mail is categorized and routed on a server of the delivery group that holds the mailbox);
 * - each tenant's send connector is sourced on those servers and scoped to that site (`IsScopedConnector`), so it is
 *   the only connector those servers can see, and no other site's servers can see it.
 * plan.md's "On-premises routing" shows, per server and per tenant, the connector Exchange picks, the certificate it
 * presents and the tenant Exchange Online attributes the mail to.
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Certificate, InboundConnector, OnPremisesOrganization, SendConnector, Tenant } from "cdktf-mailflow";

const TENANTS = [
  { id: "Fabrikam", name: "fabrikam", domain: "fabrikam.com", servers: ["MBX-FAB01", "MBX-FAB02"] },
  { id: "Tailspin", name: "tailspintoys", domain: "tailspintoys.com", servers: ["MBX-TSP01", "MBX-TSP02"] },
  { id: "Wingtip", name: "wingtiptoys", domain: "wingtiptoys.com", servers: ["MBX-WTT01", "MBX-WTT02"] },
];

/** Declares the three-tenant topology in a new stack of `scope`. */
export function multiTenantExample(scope: Construct, id = "multi-tenant"): TerraformStack {
  const stack = new TerraformStack(scope, id);
  const datacenter = new OnPremisesOrganization(stack, "SharedExchange", {
    senderKind: "exchange-server",
    egressIpAddresses: ["198.51.100.10", "198.51.100.11"],
    transportServers: TENANTS.flatMap((t) => t.servers),
    // One AD site per tenant: a scoped connector is seen only by the servers of its own site.
    sites: Object.fromEntries(TENANTS.map((t) => [`${t.id}-Site`, t.servers])),
    relays: ["ndr"],
  });

  for (const t of TENANTS) {
    const tenant = new Tenant(stack, t.id, { initialDomain: `${t.name}.onmicrosoft.com` });
    tenant.addAcceptedDomain(t.domain);
    // The certificate's host name is itself an accepted domain: the safest form (2023 relay guidance; domain.md section 4).
    tenant.addAcceptedDomain(`smtp.${t.domain}`);
    const certificate = new Certificate(stack, `${t.id}Certificate`, {
      subject: `CN=smtp.${t.domain}`,
      issuer: "CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, C=GB",
      notAfter: "2027-03-31",
    });
    new InboundConnector(tenant, "FromSharedExchange", {
      connectorType: "OnPremises",
      tlsSenderCertificateName: `smtp.${t.domain}`,
    });
    datacenter.addUserMailboxes(tenant, { servers: t.servers });
    new SendConnector(datacenter, `To${t.id}`, {
      name: `To ${t.id} Exchange Online`,
      tenant,
      certificate,
      addressSpaces: ["*"],
      sourceTransportServers: t.servers,
      isScopedConnector: true,
    });
  }
  return stack;
}

if (require.main === module) {
  const app = new App();
  multiTenantExample(app);
  app.synth();
}
