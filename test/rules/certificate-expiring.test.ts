import { certificateExpiring as rule } from "../../lib/rules/certificate-expiring";
import { certificate, topology } from "../support/topology";
import { check } from "./check";

const NOW = "2026-01-01";
const withExpiry = (notAfter: string) => topology({ certificates: [certificate("org/cert", ["mail.contoso.com"], { notAfter })] });

describe("certificate-expiring", () => {
  test("expiry on day 29 fires and says how many days are left", () => {
    const [finding] = check(rule, withExpiry("2026-01-30"), NOW);
    expect(finding.path).toBe("org/cert");
    expect(finding.message).toContain("29 days after the synthesis date 2026-01-01");
  });

  test("expiry on day 30 still fires, day 31 does not", () => {
    expect(check(rule, withExpiry("2026-01-31"), NOW)).toHaveLength(1);
    expect(check(rule, withExpiry("2026-02-01"), NOW)).toEqual([]);
  });

  test("counting across a month end and a leap day stays exact", () => {
    expect(check(rule, withExpiry("2028-03-30"), "2028-02-29")).toHaveLength(1);
    expect(check(rule, withExpiry("2028-03-31"), "2028-02-29")).toEqual([]);
  });

  test("expiry today fires; an expired certificate is certificate-expired's, not this rule's", () => {
    expect(check(rule, withExpiry(NOW), NOW)).toHaveLength(1);
    expect(check(rule, withExpiry("2025-12-31"), NOW)).toEqual([]);
  });
});
