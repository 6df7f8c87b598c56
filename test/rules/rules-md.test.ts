import * as fs from "fs";
import * as path from "path";
import { renderRulesMarkdown } from "../../lib/rules/rules-markdown";

test("RULES.md is generated from the current catalogue", () => {
  const committed = fs.readFileSync(path.join(__dirname, "..", "..", "RULES.md"), "utf8");
  if (committed !== renderRulesMarkdown()) {
    throw new Error("RULES.md is out of date with lib/rules: regenerate it with `npx ts-node scripts/generate-rules-md.ts` and commit it.");
  }
});
