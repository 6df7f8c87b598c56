/**
 * Suppressions: when one is valid, whether it has expired, and which one covers a finding.
 * Shared by the two suppression rules and by the runner, so that a suppression reported as
 * expired or invalid is exactly one that does not suppress.
 */
import type { SuppressionModel } from "../model/topology";
import { isCalendarDate } from "./calendar-date";
import { isRuleId, SUPPRESSION_RULE_IDS } from "./rule-ids";
import { byCodeUnit } from "./topology-queries";

/** The shortest reason accepted, in characters after trimming. */
export const MINIMUM_REASON_LENGTH = 10;

/** Why a suppression is not valid (empty when it is): a short reason, an unknown or unsuppressible rule id, a malformed expiry. */
export function suppressionProblems(suppression: SuppressionModel): string[] {
  const problems: string[] = [];
  const reason = typeof suppression.reason === "string" ? suppression.reason.trim() : "";
  if (reason.length < MINIMUM_REASON_LENGTH) {
    problems.push(`its reason "${reason}" is shorter than ${MINIMUM_REASON_LENGTH} characters: say why the finding is accepted and who accepted it`);
  }
  if (typeof suppression.ruleId !== "string" || !isRuleId(suppression.ruleId)) {
    problems.push(`"${String(suppression.ruleId)}" is not a rule id of the catalogue (RULES.md lists them)`);
  } else if (SUPPRESSION_RULE_IDS.has(suppression.ruleId)) {
    problems.push(`findings of ${suppression.ruleId} cannot be suppressed: mend the suppression they are about instead`);
  }
  if (suppression.expires !== undefined && !isCalendarDate(suppression.expires)) {
    problems.push(`its expiry "${String(suppression.expires)}" is not a YYYY-MM-DD date`);
  }
  return problems;
}

/** True when the suppression has a valid expiry date before `now` (the expiry day itself still holds). */
export function isSuppressionExpired(suppression: SuppressionModel, now: string): boolean {
  return isCalendarDate(suppression.expires) && suppression.expires < now;
}

/** True when the suppression is valid and has not expired, so it suppresses findings. */
export function isSuppressionInForce(suppression: SuppressionModel, now: string): boolean {
  return suppressionProblems(suppression).length === 0 && !isSuppressionExpired(suppression, now);
}

/**
 * A total order of suppressions, comparing code units: path, rule id, reason, then expiry (none last). Suppressions that
 * compare equal are equal in every field, so the plan lists them in the same order whatever order they were declared in.
 */
export function compareSuppressions(a: SuppressionModel, b: SuppressionModel): number {
  return byCodeUnit(a.path, b.path) || byCodeUnit(a.ruleId, b.ruleId) || byCodeUnit(a.reason, b.reason) || byCodeUnit(a.expires ?? "\uFFFF", b.expires ?? "\uFFFF");
}

function key(ruleId: string, path: string): string {
  return `${ruleId}\u0000${path}`;
}

/** The path and every ancestor path, most specific first, ending with the root `""`. */
function selfAndAncestorPaths(path: string): string[] {
  const paths = [path];
  for (let slash = path.lastIndexOf("/"); slash > 0; slash = path.lastIndexOf("/", slash - 1)) paths.push(path.slice(0, slash));
  if (path !== "") paths.push("");
  return paths;
}

/**
 * Finds the suppression in force that covers a finding: same rule id, and a path equal to the
 * finding's or an ancestor of it (`a/b` covers `a/b/c`, not `a/bc`; `""` is the app root and covers
 * all). The most specific path wins; among several on one path, the longest-lasting, then by reason.
 */
export class SuppressionLookup {
  private readonly byRuleAndPath = new Map<string, SuppressionModel[]>();

  /** Indexes the suppressions that are in force on `now`. */
  public constructor(suppressions: readonly SuppressionModel[], now: string) {
    for (const suppression of suppressions) {
      if (!isSuppressionInForce(suppression, now)) continue;
      const k = key(suppression.ruleId, suppression.path);
      const list = this.byRuleAndPath.get(k);
      if (list) list.push(suppression);
      else this.byRuleAndPath.set(k, [suppression]);
    }
    for (const list of this.byRuleAndPath.values()) list.sort(longestLastingFirst);
  }

  /** The suppression covering a finding of `ruleId` at `path`, or undefined. */
  public find(ruleId: string, path: string): SuppressionModel | undefined {
    for (const candidate of selfAndAncestorPaths(path)) {
      const found = this.byRuleAndPath.get(key(ruleId, candidate));
      if (found) return found[0];
    }
    return undefined;
  }
}

function longestLastingFirst(a: SuppressionModel, b: SuppressionModel): number {
  const expiresA = a.expires ?? "9999-99-99";
  const expiresB = b.expires ?? "9999-99-99";
  if (expiresA !== expiresB) return expiresA < expiresB ? 1 : -1;
  return a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0;
}
