import { wildcardCertificateName as rule } from "../../lib/rules/wildcard-certificate-name";
import { certificateConnector, tenant, topology } from "../support/topology";
import { check } from "./check";

const withName = (name: string, p = {}) => topology({ tenants: [tenant("contoso", { inboundConnectors: [certificateConnector("onprem", name, p)] })] });

describe("wildcard-certificate-name", () => {
  test("*.contoso.com fires", () => {
    const [finding] = check(rule, withName("*.contoso.com"));
    expect(finding.path).toBe("inbound/onprem");
    expect(finding.message).toContain('"*.contoso.com"');
    expect(finding.message).toContain("contoso.onmicrosoft.com");
    expect(finding.message).toContain("does not recommend it (2023 relay FAQ)");
    expect(finding.message).toContain("no other certificate under contoso.com may then be used elsewhere");
    expect(finding.message).toContain("the safest form");
  });

  test("an exact host name does not", () => {
    expect(check(rule, withName("mail.contoso.com"))).toEqual([]);
  });

  test("a Partner connector's wildcard is not checked", () => {
    expect(check(rule, withName("*.fabrikam.com", { connectorType: "Partner" }))).toEqual([]);
  });
});
