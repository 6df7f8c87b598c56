import type { Rule } from "./rule";
import { MINIMUM_REASON_LENGTH, suppressionProblems } from "./suppressions";

/**
 * A suppression with a reason shorter than the minimum, an unknown rule id, a rule id of a suppression rule, or a malformed
 * expiry: it does not suppress. The construct layer refuses these at call time; this rule keeps the pure layer from trusting its input.
 */
export const suppressionInvalid: Rule = {
  id: "suppression-invalid",
  severity: "error",
  what: `A suppression has a reason shorter than ${MINIMUM_REASON_LENGTH} characters, names an unknown rule id, or has an expiry that is not a YYYY-MM-DD date.`,
  why: "A suppression accepts a known risk on the record: without a real reason and an existing rule it documents nothing, so it is refused and suppresses nothing.",
  source: "cdktf-mailflow suppressions",
  fix: `Give a reason of at least ${MINIMUM_REASON_LENGTH} characters saying why the finding is accepted, a rule id from RULES.md, and an expiry written YYYY-MM-DD.`,
  check(topology) {
    return topology.suppressions.flatMap((suppression) => {
      const problems = suppressionProblems(suppression);
      if (problems.length === 0) return [];
      return [{
        path: suppression.path,
        message: `The suppression of ${String(suppression.ruleId)} on ${suppression.path} is invalid and suppresses nothing: ${problems.join("; ")}. ` +
          `Give a reason of at least ${MINIMUM_REASON_LENGTH} characters, a rule id from RULES.md, and an expiry written YYYY-MM-DD.`,
      }];
    });
  },
};
