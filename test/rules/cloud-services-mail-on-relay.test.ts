/** cloud-services-mail-on-relay: CloudServicesMailEnabled is for Exchange Server hybrid only (domain.md section 2). */
import { cloudServicesMailOnRelay as rule } from "../../lib/rules/cloud-services-mail-on-relay";
import type { OnPremisesOrganizationModel } from "../../lib/model/topology";
import { certificate, inbound, organization, sendConnector, tenant, topology } from "../support/topology";
import { check } from "./check";

function estate(p: Partial<OnPremisesOrganizationModel>, cloudServicesMailEnabled: boolean, inboundCsme = cloudServicesMailEnabled) {
  return topology({
    tenants: [tenant("contoso", {
      domains: ["contoso.com"],
      inboundConnectors: [inbound({ name: "from-relay", path: "contoso/from-relay", tlsSenderCertificateName: "smtp.relay.contoso.com", cloudServicesMailEnabled: inboundCsme })],
    })],
    certificates: [certificate("relay-cert", ["smtp.relay.contoso.com"])],
    organizations: [organization("relay", { sendConnectors: [sendConnector({ name: "to-cloud", tenantPath: "contoso", certificatePath: "relay-cert", cloudServicesMailEnabled })], ...p })],
  });
}

describe("cloud-services-mail-on-relay", () => {
  test("a relay service with CloudServicesMailEnabled on both sides: both connectors are reported", () => {
    const findings = check(rule, estate({ senderKind: "relay-service" }, true));
    expect(findings.map((f) => f.path)).toEqual(["contoso/from-relay", "org/to-cloud"]);
    expect(findings[0].message).toContain("the only senders whose certificate it matches are relay services (relay");
    expect(findings[1].message).toContain('declared a relay service (senderKind "relay-service")');
  });

  test("compliant: a relay service without it", () => {
    expect(check(rule, estate({ senderKind: "relay-service" }, false))).toEqual([]);
  });

  test("compliant: an Exchange Server organization with it (the hybrid wizard's setting)", () => {
    expect(check(rule, estate({ senderKind: "exchange-server" }, true))).toEqual([]);
    expect(check(rule, estate({}, true))).toEqual([]);
  });
});
