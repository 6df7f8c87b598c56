/** Renders the rule catalogue as RULES.md, the reference users read when a finding names a rule id. */
import { RULES } from "./catalogue";

/** Escapes prose for Markdown: `*` (as in `*.contoso.com`) would start emphasis. */
function prose(text: string): string {
  return text.replace(/\*/g, "\\*");
}

/** Escapes prose for a Markdown table cell: pipes would end the cell, line breaks the row. */
function tableCell(text: string): string {
  return prose(text).replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/**
 * The whole of RULES.md: a summary table, then one section per rule (id, severity, what, why, source, how to fix),
 * all sorted by id. Deterministic, so a test can compare it with the committed file.
 */
export function renderRulesMarkdown(): string {
  const lines: string[] = [
    "# Rules",
    "",
    "<!-- Generated from lib/rules by `npx ts-node scripts/generate-rules-md.ts`. Do not edit by hand. -->",
    "",
    "Every finding names one of these rules. Errors stop synthesis unless suppressed with a reason; warnings are reported.",
    "A suppression applies to findings of its rule on its construct and the construct's children: " +
      "`suppress(construct, ruleId, reason, { expires? })`.",
    "",
    "| Rule | Severity | What it finds |",
    "|---|---|---|",
    ...RULES.map((rule) => `| [\`${rule.id}\`](#${rule.id}) | ${rule.severity} | ${tableCell(rule.what)} |`),
    "",
  ];
  for (const rule of RULES) {
    lines.push(
      `## ${rule.id}`,
      "",
      `- **Severity:** ${rule.severity}`,
      `- **What:** ${prose(rule.what)}`,
      `- **Why:** ${prose(rule.why)}`,
      `- **Source:** ${prose(rule.source)}`,
      `- **How to fix:** ${prose(rule.fix)}`,
      "",
    );
  }
  return lines.join("\n");
}
