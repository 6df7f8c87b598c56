import { certificateDomainNotAccepted as rule } from "../../lib/rules/certificate-domain-not-accepted";
import { simulate } from "../../lib/simulate";
import { acceptedDomain, certificateConnector, inbound, internalRelayDomain, tenant, topology } from "../support/topology";
import { check, paths } from "./check";

function withConnector(name: string, domains: string[], p = {}) {
  return topology({ tenants: [tenant("contoso", { domains, inboundConnectors: [certificateConnector("onprem", name, { path: "contoso/onprem", ...p })] })] });
}

describe("certificate-domain-not-accepted", () => {
  test("host.sub.contoso.com with only contoso.com accepted fires (KB 4019940)", () => {
    const [finding] = check(rule, withConnector("host.sub.contoso.com", ["contoso.com"]));
    expect(finding.path).toBe("contoso/onprem");
    expect(finding.message).toContain("host.sub.contoso.com or sub.contoso.com");
    expect(finding.message).toContain("contoso.onmicrosoft.com");
    expect(finding.message).toContain('"onprem" (contoso/onprem)');
    expect(finding.message).toContain("under any of Microsoft's sources");
    expect(finding.message).toContain("Accept host.sub.contoso.com in contoso.onmicrosoft.com (the safest form)");
  });

  test("the simulator does not attribute by a certificate the rule reports (domain.md section 4)", () => {
    const result = simulate(withConnector("host.sub.contoso.com", ["contoso.com"]), { certificateNames: ["host.sub.contoso.com"], mailFrom: "", rcptTo: ["x@example.net"] });
    expect(result.attributedBy).not.toBe("certificate");
    expect(result.recipients[0].outcome).toBe("rejected");
  });

  test("host.sub.contoso.com with sub.contoso.com accepted does not fire", () => {
    expect(check(rule, withConnector("host.sub.contoso.com", ["contoso.com", "sub.contoso.com"]))).toEqual([]);
  });

  test("the name itself accepted, or its parent, is enough", () => {
    expect(check(rule, withConnector("mail.contoso.com", ["mail.contoso.com"]))).toEqual([]);
    expect(check(rule, withConnector("mail.contoso.com", ["contoso.com"]))).toEqual([]);
  });

  test("a wildcard needs its base accepted", () => {
    expect(check(rule, withConnector("*.contoso.com", ["contoso.com"]))).toEqual([]);
    const [finding] = check(rule, withConnector("*.mail.contoso.com", ["contoso.com"]));
    expect(finding.message).toContain("mail.contoso.com would have to be an accepted domain");
  });

  test("a subdomain of an InternalRelay domain with MatchSubDomains counts as accepted", () => {
    const t = tenant("contoso", {
      acceptedDomains: [internalRelayDomain("contoso.com")],
      inboundConnectors: [certificateConnector("onprem", "host.sub.contoso.com", { path: "contoso/onprem" })],
    });
    expect(check(rule, topology({ tenants: [t] }))).toEqual([]);
    const notMatching = tenant("contoso", {
      acceptedDomains: [acceptedDomain({ domainName: "contoso.com", domainType: "InternalRelay", matchSubDomains: false })],
      inboundConnectors: [certificateConnector("onprem", "host.sub.contoso.com", { path: "contoso/onprem" })],
    });
    expect(paths(rule, topology({ tenants: [notMatching] }))).toEqual(["contoso/onprem"]);
  });

  test("Partner connectors are not checked; disabled OnPremises connectors are (the setting is wrong either way)", () => {
    expect(check(rule, withConnector("mail.fabrikam.com", ["contoso.com"], { connectorType: "Partner" }))).toEqual([]);
    expect(paths(rule, withConnector("mail.fabrikam.com", ["contoso.com"], { enabled: false }))).toEqual(["contoso/onprem"]);
  });

  test("an IP-only connector has nothing to check", () => {
    const t = tenant("contoso", { inboundConnectors: [inbound({ name: "ip", senderIpAddresses: ["203.0.113.0/24"] })] });
    expect(check(rule, topology({ tenants: [t] }))).toEqual([]);
  });
});
