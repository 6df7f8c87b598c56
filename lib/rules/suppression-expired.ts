import type { Rule } from "./rule";
import { isSuppressionExpired } from "./suppressions";

/** A suppression whose expiry date is before the synthesis date: it no longer suppresses, and says so. */
export const suppressionExpired: Rule = {
  id: "suppression-expired",
  severity: "error",
  what: "A suppression's expiry date is before the synthesis date.",
  why:
    "A suppression with an expiry is a decision to revisit a finding by that date; once past, it suppresses nothing, " +
    "and this error makes sure the decision is taken again rather than forgotten.",
  source: "cdktf-mailflow suppressions",
  fix: "Fix the finding and remove the suppression, or renew it with a new expiry date and a current reason.",
  check(topology, context) {
    return topology.suppressions
      .filter((suppression) => isSuppressionExpired(suppression, context.now))
      .map((suppression) => ({
        path: suppression.path,
        message:
          `The suppression of ${suppression.ruleId} ("${suppression.reason}") expired on ${suppression.expires} (synthesis date ${context.now}) ` +
          `and no longer suppresses. Fix the finding and remove the suppression, or renew it with a new expiry date.`,
      }));
  },
};
