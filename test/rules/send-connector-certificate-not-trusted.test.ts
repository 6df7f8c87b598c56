import { sendConnectorCertificateNotTrusted as rule } from "../../lib/rules/send-connector-certificate-not-trusted";
import type { InboundConnectorModel } from "../../lib/model/topology";
import { certificate, certificateConnector, ipConnector, organization, sendConnector, tenant, topology } from "../support/topology";
import { check } from "./check";

function scenario(connectors: InboundConnectorModel[], egress: string[] = [], sendOptions = {}) {
  return topology({
    tenants: [tenant("contoso", { domains: ["contoso.com"], inboundConnectors: connectors })],
    certificates: [certificate("org/cert", ["mail.contoso.com"])],
    organizations: [organization("org", {
      egressIpAddresses: egress,
      sendConnectors: [sendConnector({ name: "to-cloud", tenantPath: "contoso", certificatePath: "org/cert", ...sendOptions })],
    })],
  });
}

describe("send-connector-certificate-not-trusted", () => {
  test("a certificate connector that matches the certificate: no finding", () => {
    expect(check(rule, scenario([certificateConnector("onprem", "mail.contoso.com")]))).toEqual([]);
    expect(check(rule, scenario([certificateConnector("onprem", "*.contoso.com")]))).toEqual([]);
  });

  test("no matching certificate connector and no egress addresses fires, naming tenant, send connector and certificate", () => {
    const [finding] = check(rule, scenario([certificateConnector("onprem", "other.contoso.com")]));
    expect(finding.path).toBe("org/to-cloud");
    expect(finding.message).toContain("contoso.onmicrosoft.com");
    expect(finding.message).toContain("org/cert");
    expect(finding.message).toContain("declares no egress addresses");
  });

  test("an IP connector that covers all egress addresses identifies the organization: no finding", () => {
    expect(check(rule, scenario([ipConnector("ip", ["203.0.113.0/25", "203.0.113.128/25"])], ["203.0.113.0/24"]))).toEqual([]);
  });

  test("egress addresses only partly covered fire, naming the uncovered ones", () => {
    const [finding] = check(rule, scenario([ipConnector("ip", ["203.0.113.0/24"])], ["203.0.113.10", "198.51.100.10"]));
    expect(finding.message).toContain("egress addresses 198.51.100.10/32");
    expect(finding.message).not.toContain("203.0.113.10/32");
  });

  test("a disabled matching connector does not count; a disabled send connector is not checked", () => {
    expect(check(rule, scenario([certificateConnector("onprem", "mail.contoso.com", { enabled: false })]))).toHaveLength(1);
    expect(check(rule, scenario([], [], { enabled: false }))).toEqual([]);
  });
});
