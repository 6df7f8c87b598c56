import { SPOOF_PAIR_LIMIT, spoofPairLimit as rule } from "../../lib/rules/spoof-pair-limit";
import { spoofPair, tenant, topology } from "../support/topology";
import { check, paths } from "./check";

const pairs = (count: number, prefix = "") =>
  Array.from({ length: count }, (_, i) => spoofPair({ spoofedUser: `user${i}@contoso.com`, sendingInfrastructure: `${prefix}fabrikam${i}.com` }));

describe("spoof-pair-limit", () => {
  test("1025 pairs in one tenant fire on the tenant", () => {
    const [finding] = check(rule, topology({ tenants: [tenant("contoso", { spoofPairs: pairs(SPOOF_PAIR_LIMIT + 1) })] }));
    expect(finding.path).toBe("contoso");
    expect(finding.message).toContain("1025 spoof pairs");
  });

  test("exactly 1024 do not", () => {
    expect(check(rule, topology({ tenants: [tenant("contoso", { spoofPairs: pairs(SPOOF_PAIR_LIMIT) })] }))).toEqual([]);
  });

  test("the limit is per tenant: 1024 in each of two tenants is fine, but two declarations of one tenant add up", () => {
    expect(check(rule, topology({ tenants: [tenant("a", { spoofPairs: pairs(1024) }), tenant("b", { spoofPairs: pairs(1024) })] }))).toEqual([]);
    const split = [tenant("a", { spoofPairs: pairs(600) }), { ...tenant("a", { spoofPairs: pairs(600, "x") }), path: "other/a" }];
    expect(paths(rule, topology({ tenants: split }))).toEqual(["a", "other/a"]);
  });
});
