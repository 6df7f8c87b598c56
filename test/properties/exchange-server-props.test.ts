/**
 * Every string prop that reaches an Exchange Management Shell script, for 2,000 generated values each:
 * refused with the construct path and the prop, or written inside string literals only (see harness/check-prop.ts).
 */
import { RUNS_PER_PROP, checkStringProp } from "./harness/check-prop";
import { STRING_PROPS } from "./harness/props";

describe.each(STRING_PROPS.filter((p) => p.script === "ems").map((p) => [p.name, p] as const))("%s", (_name, prop) => {
  test(`${RUNS_PER_PROP} hostile values: refused with path and prop, or only inside string literals`, () => checkStringProp(prop));
});
