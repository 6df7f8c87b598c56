import { spoofTypeMismatch as rule } from "../../lib/rules/spoof-type-mismatch";
import type { SpoofPairModel } from "../../lib/model/topology";
import { acceptedDomain, internalRelayDomain, spoofPair, tenant, topology } from "../support/topology";
import { check } from "./check";

/** Tenant contoso accepting contoso.com (Authoritative) and corp.contoso.net (InternalRelay, MatchSubDomains), with one spoof pair. */
const withDomains = (pair: Partial<SpoofPairModel> & Pick<SpoofPairModel, "spoofedUser">) =>
  topology({
    tenants: [
      tenant("contoso", {
        acceptedDomains: [acceptedDomain({ domainName: "contoso.com" }), internalRelayDomain("corp.contoso.net")],
        spoofPairs: [spoofPair({ sendingInfrastructure: "relay.example.net", path: "contoso/spoof", ...pair })],
      }),
    ],
  });

describe("spoof-type-mismatch", () => {
  test("Internal for a domain the tenant does not accept fires; External for it does not", () => {
    const [finding] = check(rule, withDomains({ spoofedUser: "ceo@fabrikam.com", spoofType: "Internal" }));
    expect(finding.path).toBe("contoso/spoof");
    expect(finding.message).toContain("fabrikam.com is not an accepted domain of contoso.onmicrosoft.com");
    expect(finding.message).toContain("use External");
    expect(check(rule, withDomains({ spoofedUser: "ceo@fabrikam.com", spoofType: "External" }))).toEqual([]);
  });

  test("External for an accepted domain fires; Internal with the full address does not", () => {
    const [finding] = check(rule, withDomains({ spoofedUser: "ceo@contoso.com", spoofType: "External" }));
    expect(finding.message).toContain("contoso.com is an accepted domain of contoso.onmicrosoft.com");
    expect(finding.message).toContain("use Internal");
    expect(check(rule, withDomains({ spoofedUser: "ceo@contoso.com", spoofType: "Internal" }))).toEqual([]);
  });

  test("an Internal entry naming a domain instead of an address fires; the same domain as an address does not", () => {
    const [finding] = check(rule, withDomains({ spoofedUser: "contoso.com", spoofType: "Internal" }));
    expect(finding.message).toContain("a domain: for domains inside the organization name the full email address");
    expect(finding.message).toContain("not documented");
    expect(check(rule, withDomains({ spoofedUser: "bob@contoso.com", spoofType: "Internal" }))).toEqual([]);
  });

  test("the initial domain and MatchSubDomains subdomains count as the tenant's own", () => {
    expect(check(rule, withDomains({ spoofedUser: "it@contoso.onmicrosoft.com", spoofType: "External" }))).toHaveLength(1);
    expect(check(rule, withDomains({ spoofedUser: "app@eu.corp.contoso.net", spoofType: "External" }))).toHaveLength(1);
    expect(check(rule, withDomains({ spoofedUser: "app@eu.corp.contoso.net", spoofType: "Internal" }))).toEqual([]);
    // A subdomain of an Authoritative domain is not accepted by it.
    expect(check(rule, withDomains({ spoofedUser: "app@eu.contoso.com", spoofType: "External" }))).toEqual([]);
  });

  test("a * spoofed user never fires", () => {
    expect(check(rule, withDomains({ spoofedUser: "*", spoofType: "Internal" }))).toEqual([]);
    expect(check(rule, withDomains({ spoofedUser: "*", spoofType: "External" }))).toEqual([]);
  });

  test("accepted domains of another declaration of the same tenant count", () => {
    const pair = spoofPair({ spoofedUser: "ceo@contoso.com", sendingInfrastructure: "*", spoofType: "External", path: "b/spoof" });
    const t = topology({ tenants: [tenant("contoso", { path: "a", domains: ["contoso.com"] }), tenant("contoso", { path: "b", spoofPairs: [pair] })] });
    expect(check(rule, t).map((f) => f.path)).toEqual(["b/spoof"]);
  });
});
