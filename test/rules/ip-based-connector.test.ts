import { ipBasedConnector as rule } from "../../lib/rules/ip-based-connector";
import { ipConnector, tenant, topology } from "../support/topology";
import { check } from "./check";

const withConnector = (p = {}) => topology({ tenants: [tenant("contoso", { inboundConnectors: [ipConnector("onprem", ["203.0.113.0/24"], p)] })] });

describe("ip-based-connector", () => {
  test("an enabled OnPremises connector identified by IP only fires", () => {
    const [finding] = check(rule, withConnector());
    expect(finding.path).toBe("inbound/onprem");
    expect(finding.message).toContain("203.0.113.0/24");
    expect(finding.message).toContain("contoso.onmicrosoft.com");
  });

  test("a connector with a certificate name as well does not", () => {
    expect(check(rule, withConnector({ tlsSenderCertificateName: "mail.contoso.com" }))).toEqual([]);
  });

  test("disabled and Partner connectors do not", () => {
    expect(check(rule, withConnector({ enabled: false }))).toEqual([]);
    expect(check(rule, withConnector({ connectorType: "Partner" }))).toEqual([]);
  });
});
