import { describeValue } from "../../lib/model/validation";

/** Objects that share children: JSON.stringify would visit 2^depth paths. */
function shared(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { a: value, b: [value] };
  return value;
}

describe("describeValue (values in InvalidPropsError messages)", () => {
  test.each([
    ["undefined", undefined, "(missing)"],
    ["null", null, "null"],
    ["a string", "it's", '"it\'s"'],
    ["NaN", NaN, "(the number NaN)"],
    ["a BigInt", BigInt(7), "(the BigInt 7n)"],
    ["a symbol", Symbol("s"), "(a symbol)"],
    ["a function", () => 1, "(a function)"],
    ["an invalid Date", new Date(NaN), "Date(invalid)"],
    ["a Date", new Date(0), "Date(1970-01-01T00:00:00.000Z)"],
    ["an object without prototype", Object.create(null), "{}"],
    ["a class instance", new Map(), "(a Map)"],
    ["an array", [1, "a", null], '[1,"a",null]'],
  ])("describes %s", (_what, value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });

  test("stops at cycles and depth, and bounds its work on shared structures", () => {
    const cyclic: Record<string, unknown> = { name: "x" };
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('{"name":"x","self":(a cycle)}');
    const started = Date.now();
    expect(describeValue(shared(80))).toMatch(/^\{"a":\{"a":\{"a":\{…\}/);
    expect(Date.now() - started).toBeLessThan(100);
  });

  test("never runs the caller's code: getters and toJSON are not called", () => {
    const value = {
      get name(): string {
        throw new Error("getter ran");
      },
      toJSON() {
        throw new Error("toJSON ran");
      },
    };
    expect(describeValue(value)).toBe('{"name":(a getter),"toJSON":(a function)}');
  });

  test("keeps messages short", () => {
    expect(describeValue("x".repeat(1000))).toBe(`"${"x".repeat(200)}…"`);
    expect(describeValue(Array.from({ length: 1000 }, (_, i) => i)).length).toBeLessThanOrEqual(201);
  });
});
