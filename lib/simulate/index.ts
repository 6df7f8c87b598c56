/**
 * The attribution and relay simulator: pure code over a Topology (no cdktf, no constructs).
 */
export type { AttributedBy, RecipientResult, SimulatedMessage, SimulateOptions, SimulationResult } from "./message";
export { NDR_DIRECT_SEND, NDR_RELAY_DENIED } from "./ndr";
export { MailFlowSimulator, simulate } from "./simulator";
export { standardFlows, type StandardFlow, type StandardFlowKind } from "./standard-flows";
