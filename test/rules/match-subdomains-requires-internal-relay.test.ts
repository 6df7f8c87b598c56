import { matchSubDomainsRequiresInternalRelay as rule } from "../../lib/rules/match-subdomains-requires-internal-relay";
import { acceptedDomain, internalRelayDomain, tenant, topology } from "../support/topology";
import { check } from "./check";

describe("match-subdomains-requires-internal-relay", () => {
  test("MatchSubDomains on an Authoritative domain fires", () => {
    const t = tenant("contoso", { acceptedDomains: [acceptedDomain({ domainName: "contoso.com", matchSubDomains: true })] });
    const [finding] = check(rule, topology({ tenants: [t] }));
    expect(finding.path).toBe("domain/contoso.com");
    expect(finding.message).toContain("Authoritative");
    expect(finding.message).toContain("contoso.onmicrosoft.com");
  });

  test("MatchSubDomains on an InternalRelay domain does not", () => {
    expect(check(rule, topology({ tenants: [tenant("contoso", { acceptedDomains: [internalRelayDomain("contoso.com")] })] }))).toEqual([]);
  });
});
