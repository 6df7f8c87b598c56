/**
 * The properties catch a broken escaper: with psLiteral replaced by one that doubles only the ASCII
 * apostrophe (not ’ ‘ ‚ ‛, which PowerShell also reads as single quotes), fast-check must find a value
 * whose script breaks out of its string literal, and shrink it to a Unicode quote.
 */
import fc from "fast-check";

jest.mock("../../lib/artifacts/powershell/literal", () => {
  const actual = jest.requireActual("../../lib/artifacts/powershell/literal");
  return {
    ...actual,
    // The bug: only the ASCII apostrophe is doubled.
    psLiteral: (value: string) => {
      const problem = actual.unsafeCharacterProblem(value, { multiline: true });
      if (problem !== undefined) throw new Error(`Refusing to write a value into a PowerShell script: it ${problem}`);
      return `'${value.replace(/'/g, "''")}'`;
    },
  };
});

// Imported after the mock, so the script generators use the broken escaper.
import { baselinesOf, checkValue } from "./harness/check-prop";
import { STRING_PROPS } from "./harness/props";

test("the property over InboundConnector.name finds the broken escaper's counterexample: a Unicode single quote", async () => {
  const prop = STRING_PROPS.find((p) => p.name === "InboundConnector.name")!;
  const baselines = await baselinesOf(prop);
  const details = await fc.check(fc.asyncProperty(prop.values, (value) => checkValue(prop, baselines, value)), { numRuns: 2000, seed: 42 });
  expect(details.failed).toBe(true);
  const [counterexample] = details.counterexample!;
  expect(counterexample).toMatch(/[\u2018\u2019\u201A\u201B]/);
  // Either the literal ends early (PowerShell would read code after it) or it reads as another value.
  expect(String(details.errorInstance)).toMatch(/PowerShell ends .* early|a literal reads as/);
});
