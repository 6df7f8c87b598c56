/** Runs one rule over a topology, the way the rule tests need it. */
import type { Topology } from "../../lib/model/topology";
import type { RawFinding, Rule } from "../../lib/rules/rule";

/** The default synthesis date of the rule tests. */
export const NOW = "2026-03-01";

/** The rule's findings, sorted by path then message so tests can compare them directly. */
export function check(rule: Rule, topology: Topology, now = NOW): RawFinding[] {
  return rule.check(topology, { now }).sort((a, b) => (a.path + a.message < b.path + b.message ? -1 : 1));
}

/** The paths of the rule's findings, sorted. */
export function paths(rule: Rule, topology: Topology, now = NOW): string[] {
  return check(rule, topology, now).map((finding) => finding.path);
}
