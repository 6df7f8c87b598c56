import { suppressionExpired as rule } from "../../lib/rules/suppression-expired";
import { topology } from "../support/topology";
import { check } from "./check";

const withSuppression = (expires?: string) =>
  topology({ suppressions: [{ path: "contoso/onprem", ruleId: "ip-based-connector", reason: "legacy relay until migration", ...(expires ? { expires } : {}) }] });

describe("suppression-expired", () => {
  test("an expiry the day before the synthesis date fires, naming the rule, the reason and the date", () => {
    const [finding] = check(rule, withSuppression("2026-02-28"), "2026-03-01");
    expect(finding.path).toBe("contoso/onprem");
    expect(finding.message).toContain("ip-based-connector");
    expect(finding.message).toContain("legacy relay until migration");
    expect(finding.message).toContain("2026-02-28");
    expect(finding.message).toMatch(/renew/);
  });

  test("the expiry day itself still holds, and no expiry never expires", () => {
    expect(check(rule, withSuppression("2026-03-01"), "2026-03-01")).toEqual([]);
    expect(check(rule, withSuppression(), "2099-01-01")).toEqual([]);
  });
});
