/**
 * cdktf-mailflow: CDK for Terraform constructs for Exchange Online and Exchange Server mail flow.
 * @packageDocumentation
 */
export * from "./constructs";
export * from "./model/topology";
export { InvalidPropsError } from "./model/validation";
export type { PropProblem } from "./model/validation";
export { MailFlowSimulator, simulate, standardFlows, checkRules, describeSpoofPair, NDR_DIRECT_SEND, NDR_RELAY_DENIED } from "./simulate";
export type {
  AttributedBy, RecipientResult, SimulatedMessage, SimulateOptions, SimulationResult, SpoofVerdict, StandardFlow, StandardFlowKind,
} from "./simulate";
export { RULES, runRules } from "./rules";
export type { Finding, Rule, RuleId, Severity } from "./rules";
export { buildPlan, renderPlanJson, renderPlanMarkdown, planSchema, planJsonSchema, PLAN_SCHEMA_VERSION, topologyFromPlan } from "./artifacts/plan";
export type { Plan, PlanContext } from "./artifacts/plan";
