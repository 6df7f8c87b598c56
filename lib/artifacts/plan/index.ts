/**
 * The reviewable plan of a stack: plan.json (data, with a JSON Schema) and plan.md (the review document).
 */
export { buildPlan, renderPlanJson, type PlanContext } from "./build-plan";
export { renderPlanMarkdown } from "./render-markdown";
export { mermaidDiagram, mermaidLabel, escapeMermaidText, MermaidIds } from "./mermaid";
export { cellCode, code as markdownCode, md as markdownText } from "./markdown-text";
export * from "./plan-schema";
export { isInStack, stackTopology } from "./stack-topology";
export { topologyFromPlan } from "./topology-from-plan";
export * from "./topology-schema";
