import { senderIpSharedAcrossTenants as rule } from "../../lib/rules/sender-ip-shared-across-tenants";
import { ipConnector, tenant, topology } from "../support/topology";
import { check, paths } from "./check";

const twoTenants = (a: string[], b: string[], bOptions = {}) =>
  topology({
    tenants: [
      tenant("contoso", { inboundConnectors: [ipConnector("onprem", a, { path: "contoso/onprem" })] }),
      tenant("fabrikam", { inboundConnectors: [ipConnector("relay", b, { path: "fabrikam/relay", ...bOptions })] }),
    ],
  });

describe("sender-ip-shared-across-tenants", () => {
  test("a /32 inside another tenant's /24 fires on both connectors, naming both tenants and connectors", () => {
    const findings = check(rule, twoTenants(["203.0.113.0/24"], ["203.0.113.77"]));
    expect(findings.map((f) => f.path)).toEqual(["contoso/onprem", "fabrikam/relay"]);
    for (const finding of findings) {
      expect(finding.message).toContain("contoso.onmicrosoft.com");
      expect(finding.message).toContain("fabrikam.onmicrosoft.com");
      expect(finding.message).toContain("contoso/onprem");
      expect(finding.message).toContain("fabrikam/relay");
    }
    expect(findings[0].message).toContain("203.0.113.0/24 overlaps 203.0.113.77/32");
    expect(findings[1].message).toContain("203.0.113.77/32 overlaps 203.0.113.0/24");
  });

  test("two adjacent /25s do not overlap", () => {
    expect(check(rule, twoTenants(["198.51.100.0/25"], ["198.51.100.128/25"]))).toEqual([]);
  });

  test("the last address of one range equal to the first of another is an overlap", () => {
    expect(paths(rule, twoTenants(["198.51.100.0/25"], ["198.51.100.127"]))).toEqual(["contoso/onprem", "fabrikam/relay"]);
  });

  test("overlaps within one tenant are not this rule's business", () => {
    const t = tenant("contoso", {
      inboundConnectors: [ipConnector("a", ["203.0.113.0/24"], { path: "contoso/a" }), ipConnector("b", ["203.0.113.5"], { path: "contoso/b" })],
    });
    expect(check(rule, topology({ tenants: [t] }))).toEqual([]);
  });

  test("one tenant declared twice (same initial domain) does not collide with itself", () => {
    const first = tenant("contoso", { inboundConnectors: [ipConnector("a", ["203.0.113.0/24"], { path: "contoso/a" })] });
    const second = { ...tenant("contoso", { inboundConnectors: [ipConnector("b", ["203.0.113.5"], { path: "other-stack/contoso/b" })] }), path: "other-stack/contoso" };
    expect(check(rule, topology({ tenants: [first, second] }))).toEqual([]);
  });

  test("disabled and Partner connectors do not identify senders", () => {
    expect(check(rule, twoTenants(["203.0.113.0/24"], ["203.0.113.5"], { enabled: false }))).toEqual([]);
    expect(check(rule, twoTenants(["203.0.113.0/24"], ["203.0.113.5"], { connectorType: "Partner" }))).toEqual([]);
  });

  test("one finding per connector lists every overlap, three tenants on one range", () => {
    const findings = check(rule, topology({
      tenants: ["a", "b", "c"].map((name) => tenant(name, { inboundConnectors: [ipConnector("in", ["192.0.2.0/24"], { path: `${name}/in` })] })),
    }));
    expect(findings.map((f) => f.path)).toEqual(["a/in", "b/in", "c/in"]);
    expect(findings[0].message).toContain("b.onmicrosoft.com");
    expect(findings[0].message).toContain("c.onmicrosoft.com");
  });
});
