import { suppressionInvalid as rule } from "../../lib/rules/suppression-invalid";
import type { SuppressionModel } from "../../lib/model/topology";
import { topology } from "../support/topology";
import { check } from "./check";

const valid: SuppressionModel = { path: "contoso/onprem", ruleId: "ip-based-connector", reason: "legacy relay until migration" };
const withSuppression = (p: Partial<SuppressionModel>) => topology({ suppressions: [{ ...valid, ...p }] });

describe("suppression-invalid", () => {
  test("a valid suppression passes; a reason of exactly 10 characters is enough", () => {
    expect(check(rule, withSuppression({}))).toEqual([]);
    expect(check(rule, withSuppression({ reason: "0123456789" }))).toEqual([]);
  });

  test.each<[string, Partial<SuppressionModel>, string]>([
    ["a 9-character reason", { reason: "012345678" }, "shorter than 10 characters"],
    ["a reason that is padding", { reason: "   ok      " }, "shorter than 10 characters"],
    ["an unknown rule id", { ruleId: "ip-based" }, '"ip-based" is not a rule id'],
    ["a suppression rule's id", { ruleId: "suppression-expired" }, "cannot be suppressed"],
    ["a malformed expiry", { expires: "2026-02-30" }, 'expiry "2026-02-30" is not a YYYY-MM-DD date'],
  ])("%s fires", (_, p, expected) => {
    const [finding] = check(rule, withSuppression(p));
    expect(finding.path).toBe("contoso/onprem");
    expect(finding.message).toContain(expected);
  });
});
