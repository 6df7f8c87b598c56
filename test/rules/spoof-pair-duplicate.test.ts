import { spoofPairDuplicate as rule } from "../../lib/rules/spoof-pair-duplicate";
import { spoofPair, tenant, topology } from "../support/topology";
import { check } from "./check";

describe("spoof-pair-duplicate", () => {
  test("one tenant, one pair, twice with different actions: both declarations are reported, each naming the other", () => {
    const t = topology({
      tenants: [
        tenant("contoso", {
          spoofPairs: [
            spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "tms.mx.com", path: "contoso/Allow", action: "Allow" }),
            spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "tms.mx.com", path: "contoso/Block", action: "Block" }),
          ],
        }),
      ],
    });
    const findings = check(rule, t);
    expect(findings.map((f) => f.path)).toEqual(["contoso/Allow", "contoso/Block"]);
    expect(findings[0].message).toContain("also declared by contoso/Block (Block)");
    expect(findings[1].message).toContain("also declared by contoso/Allow (Allow)");
  });

  test("near misses: another infrastructure, another spoof type, another tenant", () => {
    const pairs = [
      spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "tms.mx.com", path: "contoso/A" }),
      spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "mx.com", path: "contoso/B" }),
      spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "tms.mx.com", spoofType: "Internal", path: "contoso/C" }),
    ];
    const other = spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "tms.mx.com", path: "fabrikam/A" });
    const t = topology({ tenants: [tenant("contoso", { spoofPairs: pairs }), tenant("fabrikam", { spoofPairs: [other] })] });
    expect(check(rule, t)).toEqual([]);
  });

  test("two declarations of one tenant (same initial domain) count as one tenant", () => {
    const t = topology({
      tenants: [
        tenant("contoso", { path: "a", spoofPairs: [spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "*", path: "a/spoof" })] }),
        tenant("contoso", { path: "b", spoofPairs: [spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "*", path: "b/spoof" })] }),
      ],
    });
    expect(check(rule, t).map((f) => f.path)).toEqual(["a/spoof", "b/spoof"]);
  });
});
