import { duplicateInTenant as rule } from "../../lib/rules/duplicate-in-tenant";
import { acceptedDomain, inbound, outbound, tenant, topology } from "../support/topology";
import { check, paths } from "./check";

describe("duplicate-in-tenant (domain.md section 2: names unique per tenant case-insensitively)", () => {
  test("two inbound connectors Partner and partner in one tenant: both reported, each naming the other", () => {
    const t = tenant("contoso", {
      inboundConnectors: [
        inbound({ name: "Partner", path: "contoso/PartnerA", connectorType: "Partner" }),
        inbound({ name: "partner", path: "contoso/PartnerB", connectorType: "Partner" }),
      ],
    });
    const findings = check(rule, topology({ tenants: [t] }));
    expect(findings.map((f) => f.path)).toEqual(["contoso/PartnerA", "contoso/PartnerB"]);
    expect(findings[0].message).toContain('inbound connector "Partner" of tenant contoso.onmicrosoft.com is declared 2 times ignoring capitalization: also inbound connector "partner" (contoso/PartnerB)');
    expect(findings[0].message).toContain("Merge them into one connector or rename one of them");
  });

  test("outbound connectors are checked among themselves; an inbound and an outbound connector may share a name", () => {
    const t = tenant("contoso", {
      inboundConnectors: [inbound({ name: "Hybrid", path: "contoso/in" })],
      outboundConnectors: [outbound({ name: "Hybrid", path: "contoso/out" }), outbound({ name: "HYBRID", path: "contoso/out2" })],
    });
    expect(paths(rule, topology({ tenants: [t] })).sort()).toEqual(["contoso/out", "contoso/out2"]);
  });

  test("contoso.com declared twice (any capitalization) in one tenant", () => {
    const t = tenant("contoso", {
      acceptedDomains: [acceptedDomain({ domainName: "contoso.com", path: "contoso/a" }), acceptedDomain({ domainName: "Contoso.COM", path: "contoso/b" })],
    });
    const findings = check(rule, topology({ tenants: [t] }));
    expect(findings.map((f) => f.path)).toEqual(["contoso/a", "contoso/b"]);
    expect(findings[1].message).toContain("accepted domain contoso.com of tenant contoso.onmicrosoft.com is declared 2 times");
    expect(findings[1].message).toContain("Declare the domain once");
  });

  test("distinct names and domains, or the same name in two tenants, are fine", () => {
    const a = tenant("a", { domains: ["a.com", "sub.a.com"], inboundConnectors: [inbound({ name: "Partner", path: "a/p" }), inbound({ name: "Partner 2", path: "a/p2" })] });
    const b = tenant("b", { domains: ["b.com"], inboundConnectors: [inbound({ name: "partner", path: "b/p" })] });
    expect(check(rule, topology({ tenants: [a, b] }))).toEqual([]);
  });
});
