import type { Rule } from "./rule";
import { describeConnector, inboundConnectors } from "./topology-queries";

/** `TreatMessagesAsInternal` together with `CloudServicesMailEnabled` or on a Partner connector. */
export const treatMessagesAsInternalConflict: Rule = {
  id: "treat-messages-as-internal-conflict",
  severity: "error",
  what: "An inbound connector sets TreatMessagesAsInternal together with CloudServicesMailEnabled, or on a Partner connector.",
  why:
    "Exchange Online refuses TreatMessagesAsInternal unless the connector is of type OnPremises and CloudServicesMailEnabled is false, " +
    "so the deployment script would fail at New-/Set-InboundConnector.",
  source: "New-InboundConnector reference",
  fix: "Use either TreatMessagesAsInternal (OnPremises connector, CloudServicesMailEnabled false) or CloudServicesMailEnabled, not both.",
  check(topology) {
    return inboundConnectors(topology)
      .filter(({ connector }) => connector.treatMessagesAsInternal && (connector.cloudServicesMailEnabled || connector.connectorType === "Partner"))
      .map((entry) => {
        const conflicts = [
          ...(entry.connector.connectorType === "Partner" ? ["it is a Partner connector (TreatMessagesAsInternal needs OnPremises)"] : []),
          ...(entry.connector.cloudServicesMailEnabled ? ["CloudServicesMailEnabled is true (the two cannot be combined)"] : []),
        ];
        return {
          path: entry.connector.path,
          message:
            `${describeConnector(entry)} sets TreatMessagesAsInternal, but ${conflicts.join(" and ")}. ` +
            `Exchange Online refuses this combination: turn TreatMessagesAsInternal off, or use an OnPremises connector with CloudServicesMailEnabled false.`,
        };
      });
  },
};
