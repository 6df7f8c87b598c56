import { subdomainInAnotherTenant as rule } from "../../lib/rules/subdomain-in-another-tenant";
import { acceptedDomain, internalRelayDomain, tenant, topology } from "../support/topology";
import { check } from "./check";

describe("subdomain-in-another-tenant (Microsoft Entra allows it; attribution then moves: domain.md sections 2, 3)", () => {
  test("sales.contoso.com in tenant b while contoso.com is in tenant a warns on the subdomain, naming both sides", () => {
    const a = tenant("a", { domains: ["contoso.com"] });
    const b = tenant("b", { domains: ["sales.contoso.com"] });
    const [finding, ...rest] = check(rule, topology({ tenants: [a, b] }));
    expect(rest).toEqual([]);
    expect(finding.path).toBe("b/sales.contoso.com");
    expect(finding.message).toContain("Accepted domain sales.contoso.com of tenant b.onmicrosoft.com lies under contoso.com (a/contoso.com) of tenant a.onmicrosoft.com");
    expect(finding.message).toContain("by MAIL FROM or RCPT TO to b.onmicrosoft.com");
    expect(finding.message).toContain("suppress with that reason");
  });

  test("a deeper subdomain, and a parent that relays for its subdomains, are named as such", () => {
    const a = tenant("a", { acceptedDomains: [internalRelayDomain("contoso.com", { path: "a/contoso" })] });
    const b = tenant("b", { domains: ["eu.sales.contoso.com"] });
    const [finding] = check(rule, topology({ tenants: [a, b] }));
    expect(finding.message).toContain("InternalRelay domain with MatchSubDomains that would otherwise cover it");
  });

  test("subdomains in the parent's own tenant, and unrelated domains, are fine", () => {
    const a = tenant("a", { domains: ["contoso.com", "sales.contoso.com"] });
    const b = tenant("b", { acceptedDomains: [acceptedDomain({ domainName: "notcontoso.com", path: "b/n" })] });
    expect(check(rule, topology({ tenants: [a, b] }))).toEqual([]);
  });
});
