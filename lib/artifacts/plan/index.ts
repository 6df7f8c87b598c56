/**
 * The reviewable plan of a stack: plan.json (data, with a JSON Schema) and plan.md (the review document).
 */
export { buildPlan, renderPlanJson, type PlanContext } from "./build-plan";
export { PLAN_INDEX_COLUMNS, PLAN_INDEX_TENANT_THRESHOLD, forEachPlanMarkdownFile, isIndexedPlan, renderPlanMarkdown } from "./render-markdown";
export { PLAN_DETAIL_FOLDER, PlanSlicer, STACK_WIDE_FILE, organizationPlanFileName, planDetailFiles, tenantPlanFileName } from "./plan-slices";
export { REVIEW_ITEMS_PER_GROUP, REVIEW_MAX_EXPECTATIONS, REVIEW_MAX_ITEMS, reviewSection, type ReviewPointers } from "./review-section";
export { FLOW_NAMES, attributedTenants, flowOutcome, flowOutcomeOf, healthyOutcome, isUnhealthy, planFlows, unhealthyFlows, type FlowKind, type FlowOutcome, type PlanFlow } from "./flow-health";
export { mermaidDiagram, mermaidLabel, escapeMermaidText, MermaidIds } from "./mermaid";
export { cellCode, code as markdownCode, md as markdownText } from "./markdown-text";
export * from "./plan-schema";
export { isInStack, stackTopology } from "./stack-topology";
export { topologyFromPlan } from "./topology-from-plan";
export * from "./topology-schema";
export {
  DIFF_OBJECT_KINDS, diffPlans, isEmptyDiff, type DiffObjectKind, type ExpectationChange, type FindingChange, type FlowChange, type ObjectChange,
  type PlanDiff, type SettingChange,
} from "./plan-diff";
