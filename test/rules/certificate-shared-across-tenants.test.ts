import { certificateSharedAcrossTenants as rule } from "../../lib/rules/certificate-shared-across-tenants";
import { certificate, certificateConnector, tenant, topology } from "../support/topology";
import { check, paths } from "./check";

const tenantWith = (name: string, certificateName: string, p = {}) =>
  tenant(name, { inboundConnectors: [certificateConnector("onprem", certificateName, { path: `${name}/onprem`, ...p })] });

describe("certificate-shared-across-tenants", () => {
  test("a wildcard connector over another tenant's host name fires on both connectors", () => {
    const findings = check(rule, topology({ tenants: [tenantWith("contoso", "*.contoso.com"), tenantWith("fabrikam", "mail.contoso.com")] }));
    expect(findings.map((f) => f.path)).toEqual(["contoso/onprem", "fabrikam/onprem"]);
    for (const finding of findings) {
      expect(finding.message).toMatch(/contoso\.onmicrosoft\.com[\s\S]*fabrikam\.onmicrosoft\.com|fabrikam\.onmicrosoft\.com[\s\S]*contoso\.onmicrosoft\.com/);
      expect(finding.message).toContain("mail.contoso.com");
    }
  });

  test("equal names in two tenants fire once per connector", () => {
    const findings = check(rule, topology({ tenants: [tenantWith("contoso", "mail.contoso.com"), tenantWith("fabrikam", "mail.contoso.com")] }));
    expect(findings.map((f) => f.path)).toEqual(["contoso/onprem", "fabrikam/onprem"]);
    expect(findings[0].message.match(/fabrikam\/onprem/g)).toHaveLength(1);
  });

  test("distinct host names under one domain do not fire without a certificate that carries both", () => {
    expect(check(rule, topology({ tenants: [tenantWith("contoso", "a.contoso.com"), tenantWith("fabrikam", "b.contoso.com")] }))).toEqual([]);
  });

  test("a declared certificate whose names two tenants trust fires on the certificate", () => {
    const t = topology({
      tenants: [tenantWith("contoso", "a.contoso.com"), tenantWith("fabrikam", "b.contoso.com")],
      certificates: [certificate("org/cert", ["a.contoso.com", "b.contoso.com"])],
    });
    const [finding] = check(rule, t);
    expect(finding.path).toBe("org/cert");
    expect(finding.message).toContain("2 tenants (contoso.onmicrosoft.com, fabrikam.onmicrosoft.com)");
    expect(finding.message).toContain("contoso/onprem");
    expect(finding.message).toContain("fabrikam/onprem");
  });

  test("a wildcard certificate matches host-name connectors one level under it", () => {
    const t = topology({
      tenants: [tenantWith("contoso", "a.contoso.com"), tenantWith("fabrikam", "b.contoso.com")],
      certificates: [certificate("org/wild", ["*.contoso.com"])],
    });
    expect(paths(rule, t)).toEqual(["org/wild"]);
  });

  test("two declarations with one thumbprint are one certificate", () => {
    const t = topology({
      tenants: [tenantWith("contoso", "a.contoso.com"), tenantWith("fabrikam", "b.fabrikam.com")],
      certificates: [
        certificate("org/a", ["a.contoso.com"], { thumbprint: "AB".repeat(20) }),
        certificate("org/b", ["b.fabrikam.com"], { thumbprint: "AB".repeat(20) }),
      ],
    });
    const findings = check(rule, t);
    expect(findings.map((f) => f.path)).toEqual(["org/a", "org/b"]);
    expect(findings[0].message).toContain("also declared as org/b");
  });

  test("a certificate trusted by one tenant only, or also by another tenant's disabled or Partner connector, does not fire", () => {
    const cert = certificate("org/cert", ["mail.contoso.com"]);
    expect(check(rule, topology({ tenants: [tenantWith("contoso", "mail.contoso.com")], certificates: [cert] }))).toEqual([]);
    for (const other of [{ enabled: false }, { connectorType: "Partner" as const }]) {
      const t = topology({ tenants: [tenantWith("contoso", "mail.contoso.com"), tenantWith("fabrikam", "mail.contoso.com", other)], certificates: [cert] });
      expect(check(rule, t)).toEqual([]);
    }
  });
});
