import { treatMessagesAsInternalConflict as rule } from "../../lib/rules/treat-messages-as-internal-conflict";
import { inbound, tenant, topology } from "../support/topology";
import { check } from "./check";

const withConnector = (p: Parameters<typeof inbound>[0]) => topology({ tenants: [tenant("contoso", { inboundConnectors: [inbound(p)] })] });

describe("treat-messages-as-internal-conflict", () => {
  test("TreatMessagesAsInternal with CloudServicesMailEnabled fires", () => {
    const [finding] = check(rule, withConnector({ name: "onprem", treatMessagesAsInternal: true, cloudServicesMailEnabled: true }));
    expect(finding.path).toBe("inbound/onprem");
    expect(finding.message).toContain("CloudServicesMailEnabled is true");
  });

  test("TreatMessagesAsInternal on a Partner connector fires", () => {
    const [finding] = check(rule, withConnector({ name: "partner", connectorType: "Partner", treatMessagesAsInternal: true, cloudServicesMailEnabled: false }));
    expect(finding.message).toContain("Partner connector");
  });

  test("TreatMessagesAsInternal on an OnPremises connector without CloudServicesMailEnabled does not", () => {
    expect(check(rule, withConnector({ name: "onprem", treatMessagesAsInternal: true, cloudServicesMailEnabled: false }))).toEqual([]);
  });
});
