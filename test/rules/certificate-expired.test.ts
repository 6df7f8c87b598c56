import { certificateExpired as rule } from "../../lib/rules/certificate-expired";
import { certificate, organization, sendConnector, topology } from "../support/topology";
import { check } from "./check";

const withExpiry = (notAfter: string | undefined) =>
  topology({
    certificates: [certificate("org/cert", ["mail.contoso.com"], { notAfter, thumbprint: "AB".repeat(20) })],
    organizations: [organization("org", { sendConnectors: [sendConnector({ name: "to-cloud", tenantPath: "contoso", certificatePath: "org/cert" })] })],
  });

describe("certificate-expired", () => {
  test("an expiry the day before the synthesis date fires, naming the certificate and who presents it", () => {
    const [finding] = check(rule, withExpiry("2026-02-28"), "2026-03-01");
    expect(finding.path).toBe("org/cert");
    expect(finding.message).toContain("expired on 2026-02-28");
    expect(finding.message).toContain("ABABAB");
    expect(finding.message).toContain("send connector org/to-cloud");
  });

  test("a certificate expiring on the synthesis date itself has not expired yet", () => {
    expect(check(rule, withExpiry("2026-03-01"), "2026-03-01")).toEqual([]);
  });

  test("a certificate without an expiry is not checked", () => {
    expect(check(rule, withExpiry(undefined))).toEqual([]);
  });
});
