/**
 * examples/multi-tenant under Exchange's routing (domain.md section 4a; issue 15): the old declaration, three `*` send
 * connectors with the same source servers, sends every tenant's internet mail through the lowest-named one and must
 * fail synthesis; the example as it is now keeps each tenant's mail on its own certificate.
 */
import { Testing, TerraformStack } from "cdktf";
import { Certificate, InboundConnector, OnPremisesOrganization, SendConnector, Tenant, checkTopology } from "../lib";
import { multiTenantExample } from "../examples/multi-tenant/main";
import { synthMailflow, testApp } from "./support/examples";

/** examples/multi-tenant as it was declared before routing was simulated. */
function oldMultiTenant(): TerraformStack {
  const stack = new TerraformStack(testApp(), "multi-tenant");
  const datacenter = new OnPremisesOrganization(stack, "SharedExchange", {
    egressIpAddresses: ["198.51.100.10", "198.51.100.11"], transportServers: ["MBX01", "MBX02"], relays: ["ndr"],
  });
  for (const [id, name, domain] of [["Fabrikam", "fabrikam", "fabrikam.com"], ["Tailspin", "tailspintoys", "tailspintoys.com"], ["Wingtip", "wingtiptoys", "wingtiptoys.com"]]) {
    const tenant = new Tenant(stack, id, { initialDomain: `${name}.onmicrosoft.com` });
    tenant.addAcceptedDomain(domain);
    const certificate = new Certificate(stack, `${id}Certificate`, {
      subject: `CN=smtp.${domain}`, issuer: "CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, C=GB", notAfter: "2027-03-31",
    });
    new InboundConnector(tenant, "FromSharedExchange", { connectorType: "OnPremises", tlsSenderCertificateName: `smtp.${domain}` });
    new SendConnector(datacenter, `To${id}`, { name: `To ${id} Exchange Online`, tenant, certificate, addressSpaces: ["*"], sourceTransportServers: ["MBX01", "MBX02"] });
  }
  return stack;
}

describe("examples/multi-tenant and on-premises routing", () => {
  test("the old declaration (three * connectors) fails synthesis, naming the connector that carries the mail and why", () => {
    const stack = oldMultiTenant();
    const errors = checkTopology(stack).filter((f) => f.severity === "error");
    const neverSelected = errors.filter((f) => f.ruleId === "send-connector-never-selected");
    const misattributed = errors.filter((f) => f.ruleId === "flow-attributed-to-another-tenant");
    expect(neverSelected.map((f) => f.path)).toEqual(["multi-tenant/SharedExchange/ToTailspin", "multi-tenant/SharedExchange/ToWingtip"]);
    for (const f of neverSelected) {
      expect(f.message).toContain(`"To Fabrikam Exchange Online" (multi-tenant/SharedExchange/ToFabrikam) carries it on MBX01`);
      expect(f.message).toContain("equal address space *, cost 1 and hops: its name sorts before");
    }
    // Both other tenants' users leave through Fabrikam's connector, under Fabrikam's certificate.
    expect(misattributed.map((f) => f.path)).toEqual(["multi-tenant/SharedExchange/ToFabrikam", "multi-tenant/SharedExchange/ToFabrikam"]);
    expect(misattributed.map((f) => f.message.match(/users of tenant (\S+)/)![1]).sort()).toEqual(["tailspintoys.onmicrosoft.com", "wingtiptoys.onmicrosoft.com"]);
    for (const f of misattributed) {
      expect(f.message).toContain("attributed by Exchange Online to tenant fabrikam.onmicrosoft.com");
      expect(f.message).toContain("certificate multi-tenant/FabrikamCertificate (smtp.fabrikam.com)");
    }
    expect(() => Testing.synth(stack, true)).toThrow(/send-connector-never-selected[\s\S]*flow-attributed-to-another-tenant|flow-attributed-to-another-tenant[\s\S]*send-connector-never-selected/);
  });

  test("the example keeps each tenant's mail on its own connector and certificate, and plan.md says so", () => {
    const stack = multiTenantExample(testApp());
    expect(checkTopology(stack).filter((f) => f.severity === "error")).toEqual([]);
    const plan = JSON.parse(synthMailflow(stack)["plan.json"]);
    const [routing] = plan.routing;
    expect(routing.internetMail.map((m: { server: string; sendConnectorName: string }) => `${m.server} ${m.sendConnectorName}`)).toEqual([
      "MBX-FAB01 To Fabrikam Exchange Online", "MBX-FAB02 To Fabrikam Exchange Online",
      "MBX-TSP01 To Tailspin Exchange Online", "MBX-TSP02 To Tailspin Exchange Online",
      "MBX-WTT01 To Wingtip Exchange Online", "MBX-WTT02 To Wingtip Exchange Online",
    ]);
    for (const tenant of routing.tenants) {
      for (const flow of tenant.flows) {
        expect({ tenant: tenant.tenant, flow: flow.flow, server: flow.server, attributed: flow.result.tenant }).toEqual({
          tenant: tenant.tenant, flow: flow.flow, server: flow.server, attributed: tenant.tenant,
        });
        expect(flow.result.attributedBy).toBe("certificate");
      }
    }
  });
});
