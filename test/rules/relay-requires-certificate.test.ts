import { relayRequiresCertificate as rule } from "../../lib/rules/relay-requires-certificate";
import type { InboundConnectorModel, RelayFlow } from "../../lib/model/topology";
import { certificate, certificateConnector, ipConnector, organization, sendConnector, tenant, topology } from "../support/topology";
import { check } from "./check";

function scenario(relays: RelayFlow[], connectors: InboundConnectorModel[]) {
  return topology({
    tenants: [tenant("contoso", { domains: ["contoso.com"], inboundConnectors: connectors })],
    certificates: [certificate("org/cert", ["mail.contoso.com"])],
    organizations: [organization("org", {
      relays, egressIpAddresses: ["203.0.113.10"],
      sendConnectors: [sendConnector({ name: "to-cloud", tenantPath: "contoso", certificatePath: "org/cert" })],
    })],
  });
}

describe("relay-requires-certificate", () => {
  test("an organization relaying NDRs to a tenant that identifies it by IP only fires", () => {
    const [finding] = check(rule, scenario(["ndr", "forwarding"], [ipConnector("ip", ["203.0.113.0/24"])]));
    expect(finding.path).toBe("org/to-cloud");
    expect(finding.message).toContain("null-sender NDRs, messages forwarded to outside addresses");
    expect(finding.message).toContain("contoso.onmicrosoft.com");
    expect(finding.message).toContain("org/cert");
  });

  test("the same organization identified by its certificate does not", () => {
    expect(check(rule, scenario(["ndr"], [certificateConnector("cert", "mail.contoso.com")]))).toEqual([]);
  });

  test("an organization that relays nothing is not this rule's business", () => {
    expect(check(rule, scenario([], [ipConnector("ip", ["203.0.113.0/24"])]))).toEqual([]);
  });

  test("a matching but disabled certificate connector does not identify it", () => {
    expect(check(rule, scenario(["foreign-sender-domains"], [certificateConnector("cert", "mail.contoso.com", { enabled: false })]))).toHaveLength(1);
  });
});
