/** Writes RULES.md at the repository root from the rule catalogue: `npx ts-node scripts/generate-rules-md.ts`. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderRulesMarkdown } from "../lib/rules/rules-markdown";

/** Where the generated catalogue lives. */
const RULES_MD = join(__dirname, "..", "RULES.md");

writeFileSync(RULES_MD, renderRulesMarkdown());
console.log(`wrote ${RULES_MD}`);
