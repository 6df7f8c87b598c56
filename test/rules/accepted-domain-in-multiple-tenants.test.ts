import { acceptedDomainInMultipleTenants as rule } from "../../lib/rules/accepted-domain-in-multiple-tenants";
import { tenant, topology } from "../support/topology";
import { check, paths } from "./check";

describe("accepted-domain-in-multiple-tenants", () => {
  test("one domain in two tenants fires on both accepted domains, naming the other tenant", () => {
    const findings = check(rule, topology({ tenants: [tenant("contoso", { domains: ["contoso.com"] }), tenant("fabrikam", { domains: ["contoso.com"] })] }));
    expect(findings.map((f) => f.path)).toEqual(["contoso/contoso.com", "fabrikam/contoso.com"]);
    expect(findings[0].message).toContain("also accepted in tenant fabrikam.onmicrosoft.com (fabrikam/contoso.com)");
    expect(findings[1].message).toContain("also accepted in tenant contoso.onmicrosoft.com (contoso/contoso.com)");
  });

  test("a subdomain in another tenant is a different domain", () => {
    expect(check(rule, topology({ tenants: [tenant("contoso", { domains: ["contoso.com"] }), tenant("fabrikam", { domains: ["sub.contoso.com"] })] }))).toEqual([]);
  });

  test("accepting another tenant's initial domain fires on the accepted domain", () => {
    const t = topology({ tenants: [tenant("contoso", { domains: ["fabrikam.onmicrosoft.com"] }), tenant("fabrikam")] });
    const [finding] = check(rule, t);
    expect(finding.path).toBe("contoso/fabrikam.onmicrosoft.com");
    expect(finding.message).toContain("tenant fabrikam.onmicrosoft.com (its initial domain)");
  });

  test("one tenant declared twice does not collide with itself", () => {
    const second = { ...tenant("contoso", { domains: ["contoso.com"] }), path: "other/contoso" };
    expect(paths(rule, topology({ tenants: [tenant("contoso", { domains: ["contoso.com"] }), second] }))).toEqual([]);
  });
});
