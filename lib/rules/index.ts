/**
 * The synth-time rule catalogue as pure functions over the Topology: `runRules` runs every rule,
 * applies suppressions, and returns the findings in a deterministic order.
 */
import type { Topology } from "../model/topology";
import { isCalendarDate } from "./calendar-date";
import { RULES } from "./catalogue";
import type { Finding, RuleContext } from "./rule";
import { SUPPRESSION_RULE_IDS } from "./rule-ids";
import { SuppressionLookup } from "./suppressions";

export { RULES } from "./catalogue";
export { RULE_IDS, isRuleId, type RuleId } from "./rule-ids";
export type { Finding, RawFinding, Rule, RuleContext, Severity } from "./rule";
export { renderRulesMarkdown } from "./rules-markdown";

/** Orders findings by path, then rule id, then message, comparing code units so the order is the same in every locale. */
export function compareFindings(a: Finding, b: Finding): number {
  // Written out rather than looped over pairs: thousands of findings are sorted, and this runs per comparison.
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  if (a.message !== b.message) return a.message < b.message ? -1 : 1;
  return 0;
}

/**
 * Runs every rule of the catalogue over the topology and returns all findings, sorted by (path, rule id, message).
 * A finding covered by a valid suppression in force stays in the list with `suppressed: true` and the suppression's
 * reason; expired and invalid suppressions suppress nothing and are findings themselves.
 * Each message ends with the rule's source.
 *
 * @param context.now the synthesis date, `YYYY-MM-DD`
 * @throws Error when `context.now` is not a `YYYY-MM-DD` date
 */
export function runRules(topology: Topology, context: RuleContext): Finding[] {
  if (!isCalendarDate(context.now)) throw new Error(`runRules: context.now must be a YYYY-MM-DD date, got "${String(context.now)}"`);
  const suppressions = new SuppressionLookup(topology.suppressions, context.now);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const suppressible = !SUPPRESSION_RULE_IDS.has(rule.id);
    for (const raw of rule.check(topology, context)) {
      const suppression = suppressible ? suppressions.find(rule.id, raw.path) : undefined;
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        path: raw.path,
        message: `${raw.message} (source: ${rule.source})`,
        suppressed: suppression !== undefined,
        ...(suppression ? { suppressionReason: suppression.reason } : {}),
        ...(suppression?.expires ? { suppressionExpires: suppression.expires } : {}),
      });
    }
  }
  return findings.sort(compareFindings);
}
