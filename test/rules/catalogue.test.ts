import * as fs from "fs";
import * as path from "path";
import { RULE_IDS } from "../../lib/rules/rule-ids";
import { RULES } from "../../lib/rules/catalogue";

describe("the rule catalogue", () => {
  test("RULES is sorted by id and has the same ids as RULE_IDS", () => {
    const ids = RULES.map((rule) => rule.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual([...RULE_IDS]);
  });

  test.each(RULES.map((rule) => [rule.id, rule] as const))("%s lives in its own file, is documented, and has a test", (id, rule) => {
    const source = path.join(__dirname, "..", "..", "lib", "rules", `${id}.ts`);
    expect(fs.existsSync(source)).toBe(true);
    expect(Object.values(require(source))).toContain(rule);
    expect(fs.existsSync(path.join(__dirname, `${id}.test.ts`))).toBe(true);
    for (const field of [rule.what, rule.why, rule.source, rule.fix]) expect(field.trim().length).toBeGreaterThan(5);
    expect(rule.what).not.toContain("\n");
  });
});
