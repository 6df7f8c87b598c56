/**
 * cdktf-mailflow: CDK for Terraform constructs for Exchange Online and Exchange Server mail flow.
 * @packageDocumentation
 */
export * from "./constructs";
export * from "./model/topology";
export { InvalidPropsError } from "./model/validation";
export type { PropProblem } from "./model/validation";
export {
  MailFlowSimulator, simulate, standardFlows, checkRules, describeSpoofPair, organizationRouting, simulateFromOrganization, NDR_DIRECT_SEND, NDR_RELAY_DENIED,
} from "./simulate";
export type {
  AttributedBy, OrganizationMessage, OrganizationRouting, RecipientResult, RoutedFlow, RoutedLeg, SimulatedMessage, SimulateOptions, SimulationResult,
  SpoofVerdict, StandardFlow, StandardFlowKind, TenantRouting,
} from "./simulate";
export { RULES, runRules } from "./rules";
export type { Finding, Rule, RuleId, Severity } from "./rules";
export {
  buildPlan, renderPlanJson, renderPlanMarkdown, forEachPlanMarkdownFile, PLAN_INDEX_TENANT_THRESHOLD, planSchema, planJsonSchema, PLAN_SCHEMA_VERSION,
  topologyFromPlan, diffPlans, isEmptyDiff, unhealthyFlows,
} from "./artifacts/plan";
export type { Plan, PlanContext, PlanDiff, ObjectChange, SettingChange, FlowChange, FindingChange, ExpectationChange, PlanFlow, FlowOutcome } from "./artifacts/plan";
export { readLiveEstate, formatProblem, LIVE_STACK } from "./live";
export type { LiveEstate, LiveProblem } from "./live";
export { computeDrift } from "./live/drift";
export type { DriftEntry } from "./live/drift";
export { renderImportApp } from "./live/import-app";
