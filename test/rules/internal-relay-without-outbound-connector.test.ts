import { internalRelayWithoutOutboundConnector as rule } from "../../lib/rules/internal-relay-without-outbound-connector";
import type { OutboundConnectorModel } from "../../lib/model/topology";
import { acceptedDomain, internalRelayDomain, outbound, tenant, topology } from "../support/topology";
import { check } from "./check";

function withOutbound(domainName: string, connectors: OutboundConnectorModel[]) {
  return topology({ tenants: [tenant("contoso", { acceptedDomains: [internalRelayDomain(domainName)], outboundConnectors: connectors })] });
}

describe("internal-relay-without-outbound-connector", () => {
  test("an InternalRelay domain without any outbound connector fires", () => {
    const [finding] = check(rule, withOutbound("contoso.com", []));
    expect(finding.path).toBe("domain/contoso.com");
    expect(finding.message).toContain("contoso.onmicrosoft.com");
  });

  test("an OnPremises connector for the domain, for *, or for all accepted domains covers it", () => {
    expect(check(rule, withOutbound("contoso.com", [outbound({ name: "o", recipientDomains: ["contoso.com"] })]))).toEqual([]);
    expect(check(rule, withOutbound("contoso.com", [outbound({ name: "o", recipientDomains: ["*"] })]))).toEqual([]);
    expect(check(rule, withOutbound("contoso.com", [outbound({ name: "o", allAcceptedDomains: true })]))).toEqual([]);
  });

  test("*.contoso.com covers sub.contoso.com but not contoso.com itself", () => {
    const wildcard = [outbound({ name: "o", recipientDomains: ["*.contoso.com"] })];
    expect(check(rule, withOutbound("sub.contoso.com", wildcard))).toEqual([]);
    expect(check(rule, withOutbound("contoso.com", wildcard))).toHaveLength(1);
  });

  test("Partner or disabled connectors, or another domain, do not cover it", () => {
    expect(check(rule, withOutbound("contoso.com", [outbound({ name: "o", connectorType: "Partner", recipientDomains: ["contoso.com"] })]))).toHaveLength(1);
    expect(check(rule, withOutbound("contoso.com", [outbound({ name: "o", enabled: false, recipientDomains: ["contoso.com"] })]))).toHaveLength(1);
    expect(check(rule, withOutbound("contoso.com", [outbound({ name: "o", recipientDomains: ["fabrikam.com"] })]))).toHaveLength(1);
  });

  test("Authoritative domains need no outbound connector", () => {
    expect(check(rule, topology({ tenants: [tenant("contoso", { acceptedDomains: [acceptedDomain({ domainName: "contoso.com" })] })] }))).toEqual([]);
  });
});
