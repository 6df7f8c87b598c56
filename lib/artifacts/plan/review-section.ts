/**
 * The "For review" section that opens plan.md: what a reviewer must see before anything else (unsuppressed errors and
 * warnings, declared flows whose simulated outcome is not the healthy one, expectations with the failed ones first),
 * bounded so that it stays short for a stack of thousands of tenants.
 */
import { FLOW_NAMES, attributedTenants, healthyOutcome, unhealthyFlows, type PlanFlow } from "./flow-health";
import { code, count, md } from "./markdown-text";
import type { Plan, PlanExpectation, PlanFinding } from "./plan-schema";

/** How many objects the review lists under one rule (or one kind of unhealthy flow) before "…and N more". */
export const REVIEW_ITEMS_PER_GROUP = 5;

/**
 * How many objects the review lists in all under its errors and warnings (and as many under its flows); groups past
 * that show their count only. With at most one group per rule of the catalogue, the section stays bounded whatever the
 * number of tenants.
 */
export const REVIEW_MAX_ITEMS = 40;

/** How many expectations the review lists (the failed ones first) before "…and N more". */
export const REVIEW_MAX_EXPECTATIONS = 10;

/** Where the review points for what it leaves out: Markdown for the end of a sentence, e.g. `under [Findings](#findings)`. */
export interface ReviewPointers {
  /** Where every finding is listed. */
  readonly findings: string;
  /** Where every simulated flow is listed. */
  readonly flows: string;
  /** Where every expectation is listed. */
  readonly expectations: string;
}

interface Group<T> {
  readonly heading: string;
  readonly items: readonly T[];
}

/** Groups `items` by `key`, keeping the first item's order for groups and the given order inside each. */
function groupBy<T>(items: readonly T[], key: (item: T) => string, heading: (item: T) => string): Group<T>[] {
  const groups = new Map<string, { heading: string; items: T[] }>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, { heading: heading(item), items: [item] });
    else group.items.push(item);
  }
  return [...groups.values()];
}

/** Group lines: a bullet per group, its first items nested, "…and N more" after them; groups past the budget show their count only. */
function groupLines<T>(groups: readonly Group<T>[], item: (entry: T) => string, more: string): string[] {
  const lines: string[] = [];
  let budget = REVIEW_MAX_ITEMS;
  for (const group of groups) {
    lines.push(`- ${group.heading}`);
    const shown = group.items.slice(0, Math.min(REVIEW_ITEMS_PER_GROUP, budget));
    budget -= shown.length;
    lines.push(...shown.map((entry) => `  - ${item(entry)}`));
    if (group.items.length > shown.length) lines.push(`  - …and ${group.items.length - shown.length} more ${more}`);
  }
  return lines;
}

function findingsLines(plan: Plan, pointers: ReviewPointers): string[] {
  const open = plan.findings.filter((f) => !f.suppressed);
  if (open.length === 0) return [];
  const errors = open.filter((f) => f.severity === "error").length;
  const warnings = open.length - errors;
  // Errors first, then by rule id; each rule's objects in the plan's (path) order.
  const ordered = [...open].sort((a, b) => (a.severity === b.severity ? (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) : a.severity === "error" ? -1 : 1));
  const groups = groupBy(
    ordered,
    (f) => `${f.severity} ${f.ruleId}`,
    (f) => {
      const n = open.filter((x) => x.ruleId === f.ruleId && x.severity === f.severity).length;
      return `${f.severity === "error" ? "**error**" : "warning"} ${code(f.ruleId)}: ${count(n, "object")}`;
    },
  );
  return [
    "",
    `### Errors and warnings: ${errors > 0 ? `**${count(errors, "error")}**` : "no error"}, ${count(warnings, "warning")}`,
    "",
    ...groupLines(groups, (f: PlanFinding) => `${code(f.path)}: ${md(f.message)}`, pointers.findings),
  ];
}

/** A flow's place in words: the send connector and tenant, or the tenant's users and the server they are routed on. */
function flowPlace(flow: PlanFlow): string {
  const through = flow.sendConnector !== undefined ? ` through ${code(flow.sendConnector)}` : "";
  if (flow.source === "standard") return `${code(flow.sendConnector ?? "")} → ${code(flow.tenant)}`;
  return `users of ${code(flow.tenant)} in ${code(flow.organization)}${flow.server !== undefined ? ` on ${code(flow.server)}` : ""}${through}`;
}

function flowsLines(plan: Plan, pointers: ReviewPointers): string[] {
  const flows = unhealthyFlows(plan);
  if (flows.length === 0) return [];
  const wrongTenant = (f: PlanFlow) => {
    const tenants = attributedTenants(f.result!);
    return tenants.length !== 1 || tenants[0] !== f.tenant;
  };
  const outcome = (f: PlanFlow) => {
    const r = f.result!;
    const outcomes = [...new Set(r.recipients.map((x) => x.outcome))].map((o) => (o === "rejected" ? "**rejected**" : o)).join(", ");
    const ndrs = [...new Set(r.recipients.flatMap((x) => (x.ndr ? [x.ndr] : [])))].map((n) => code(n)).join(", ");
    const attribution = !wrongTenant(f) ? "" : attributedTenants(r).length === 0 ? ", attributed to no tenant" : ", attributed to another tenant";
    return `${outcomes}${ndrs ? ` ${ndrs}` : ""}${attribution}`;
  };
  const groups = groupBy(
    flows,
    (f) => `${f.flow}\u0000${outcome(f)}`,
    (f) => `${FLOW_NAMES[f.flow]} (healthy: ${healthyOutcome(f.flow)}): ${outcome(f)}; ${count(flows.filter((x) => x.flow === f.flow && outcome(x) === outcome(f)).length, "flow")}`,
  );
  const item = (f: PlanFlow) => {
    const tenants = attributedTenants(f.result!);
    return `${flowPlace(f)}${wrongTenant(f) && tenants.length > 0 ? `, attributed to ${tenants.map((t) => code(t)).join(", ")}` : ""}`;
  };
  return [
    "",
    `### Flows not healthy: ${count(flows.length, "flow")}`,
    "",
    "Declared flows whose simulated outcome is not the healthy one: relayed to the internet (delivered, for mail to the " +
      "tenant's own domain) and attributed to the tenant whose mail it is.",
    "",
    ...groupLines(groups, item, pointers.flows),
  ];
}

function expectationLine(e: PlanExpectation): string {
  return e.passed ? `met: ${code(e.path)}` : `**not met**: ${code(e.path)}: ${md(e.mismatches.join("; "))}`;
}

function expectationsLines(plan: Plan, pointers: ReviewPointers): string[] {
  if (plan.expectations.length === 0) return [];
  const ordered = [...plan.expectations.filter((e) => !e.passed), ...plan.expectations.filter((e) => e.passed)];
  const failed = plan.summary.expectationsFailed;
  const shown = ordered.slice(0, REVIEW_MAX_EXPECTATIONS);
  return [
    "",
    `### Expectations: ${count(plan.expectations.length, "expectation")}, ${failed > 0 ? `**${failed} not met**` : "all met"}`,
    "",
    ...shown.map((e) => `- ${expectationLine(e)}`),
    ...(ordered.length > shown.length ? [`- …and ${ordered.length - shown.length} more ${pointers.expectations}`] : []),
  ];
}

/** The "For review" section of a plan (or of a tenant's or organization's slice of it). */
export function reviewSection(plan: Plan, pointers: ReviewPointers): string[] {
  const findings = findingsLines(plan, pointers);
  const flows = flowsLines(plan, pointers);
  const expectations = expectationsLines(plan, pointers);
  const lines = ["## For review"];
  if (findings.length === 0 && flows.length === 0 && plan.summary.expectationsFailed === 0) {
    lines.push(
      "",
      "Nothing needs review: no unsuppressed error or warning, every declared flow gets its healthy outcome" +
        `${plan.expectations.length > 0 ? ", and every expectation is met" : ""}.`,
    );
    if (plan.expectations.length === 0) return lines;
    return [...lines, ...expectations];
  }
  return [...lines, ...findings, ...flows, ...expectations];
}
