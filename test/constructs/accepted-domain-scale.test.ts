import { App, TerraformStack } from "cdktf";
import { DEPLOYMENT_CONTEXT, InboundConnector, OutboundConnector, Tenant } from "../../lib";

// Declaring 5,000 accepted domains in one tenant took 8 s: each new domain read every child of the tenant (a copy of
// them all) to find the connectors that wait for it. bench/ measures the time; this counts the reads.
describe("declaring many accepted domains in one tenant", () => {
  test("a new accepted domain does not read the tenant's children, and connectors still wait for every domain", () => {
    // Per object, each connector's resource waits for every domain's (per script, the script orders them itself).
    const stack = new TerraformStack(new App({ context: { [DEPLOYMENT_CONTEXT]: "per-object" } }), "s");
    const tenant = new Tenant(stack, "T", { initialDomain: "contoso.onmicrosoft.com" });
    const inbound = new InboundConnector(tenant, "In", { connectorType: "OnPremises", tlsSenderCertificateName: "mail.d0.example.com" });
    const outbound = new OutboundConnector(tenant, "Out", { connectorType: "Partner", recipientDomains: ["fabrikam.com"] });
    const node = tenant.node;
    const getter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(node), "children")!.get!;
    let reads = 0;
    Object.defineProperty(node, "children", { configurable: true, get: () => (reads++, getter.call(node)) });
    const domains = Array.from({ length: 200 }, (_, k) => tenant.addAcceptedDomain(`d${k}.example.com`));
    expect(reads).toBe(0);
    delete (node as unknown as Record<string, unknown>).children;
    for (const connector of [inbound, outbound]) {
      const dependencies = connector.resource.mailDependencies;
      expect(dependencies).toHaveLength(domains.length);
      for (const domain of domains) expect(dependencies).toContain(`null_resource.${domain.resource.friendlyUniqueId}`);
    }
  });
});
