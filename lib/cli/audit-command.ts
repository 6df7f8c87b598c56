/**
 * `cdktf-mailflow audit PATH...`: every rule of the catalogue across every tenant and organization of a live estate's
 * exports, the standard flows, and the same plan.md / plan.json a synthesis writes.
 */
import * as fs from "fs";
import * as path from "path";
import { forEachPlanFile } from "../artifacts";
import { LIVE_STACK, type LiveEstate } from "../live";
import type { Finding } from "../rules";
import { checkRules } from "../simulate";
import { INPUTS_HELP, LIVE_EXIT, parseCommandArgs, dateOption, formatOption, readEstate, readSummary } from "./live-input";
import type { CliIo } from "./terminal";
import { UsageError } from "./usage-error";

/** The help text of `cdktf-mailflow audit`. */
export const AUDIT_HELP = `Usage: cdktf-mailflow audit <export file or folder>... [options]

Checks every rule of the catalogue (RULES.md: MC1226222's anti-patterns, relay and attribution rules) across every
tenant and on-premises organization found in the exports, as synthesis checks declared ones, and prints the findings
with the live objects' names and where each was read from.

Options:
  --out <dir>            also write plan.md, plan.json and plan.schema.json for the estate into <dir> (the reviewable
                         plan synthesis writes: tenants, connectors, certificate and IP tables, standard flows, findings;
                         past 25 tenants plan.md is an index and each tenant's detail is in <dir>/plan/)
  --format <text|json>   findings as readable text (default) or one JSON document
  --date <YYYY-MM-DD>    the date certificate expiry is checked against (default: today, UTC)
  --verbose              also list, on stderr, the objects left out on purpose (send connectors to the internet)
  -h, --help             print this help

${INPUTS_HELP}

Exit codes:
  0  everything was read, no finding of severity error
  1  bad usage, or some input could not be read (the rest was audited and reported)
  2  everything was read, and there are findings of severity error
`;

/** Runs `audit` with its arguments (after the command name); returns the exit code. */
export function auditCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(args, "audit", { out: { type: "string" }, format: { type: "string" }, date: { type: "string" } });
  if (values.help) {
    io.stdout.write(AUDIT_HELP);
    return LIVE_EXIT.ok;
  }
  const format = formatOption(values.format, "audit");
  const now = dateOption(values.date, "audit");
  const estate = readEstate(positionals, io, "audit", { verbose: values.verbose });
  const findings = checkRules(estate.topology, { now, userMailFlowsUnknown: new Set(estate.userMailFlowsUnknown.keys()) });
  if (values.out !== undefined) writePlan(estate, findings, values.out);
  const errors = findings.filter((f) => f.severity === "error" && !f.suppressed).length;
  io.stdout.write(format === "json" ? auditJson(estate, findings) : auditText(estate, findings, values.out));
  if (estate.problems.length > 0) return LIVE_EXIT.usage;
  return errors > 0 ? LIVE_EXIT.found : LIVE_EXIT.ok;
}

function writePlan(estate: LiveEstate, findings: readonly Finding[], out: string): void {
  try {
    fs.mkdirSync(out, { recursive: true });
    forEachPlanFile(estate.topology, LIVE_STACK, { findings }, (relative, content) => {
      // A large estate's plan.md is an index; its detail files go under plan/.
      const file = path.join(out, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    });
  } catch (error) {
    throw new UsageError(`cannot write the plan into ${out}: ${(error as Error).message}`);
  }
}

function counts(findings: readonly Finding[]) {
  return {
    errors: findings.filter((f) => f.severity === "error" && !f.suppressed).length,
    warnings: findings.filter((f) => f.severity === "warning" && !f.suppressed).length,
  };
}

/** The findings as text: a summary line, then one block per finding with where its object was read from. */
function auditText(estate: LiveEstate, findings: readonly Finding[], out: string | undefined): string {
  const { errors, warnings } = counts(findings);
  const lines = [readSummary(estate), `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`];
  // What could not be checked for want of input is said in the report itself, not only with --verbose.
  for (const [organization, why] of estate.userMailFlowsUnknown) lines.push(`note: ${organization}: ${why}`);
  for (const finding of findings) {
    lines.push("", `${finding.severity} ${finding.ruleId} [${finding.path}]`, `  ${finding.message}`);
    const source = estate.sources.get(finding.path);
    if (source !== undefined) lines.push(`  read from ${source}`);
  }
  if (out !== undefined) lines.push("", `plan written to ${path.join(out, "plan.md")} and plan.json`);
  return `${lines.join("\n")}\n`;
}

/** The findings as one JSON document. */
function auditJson(estate: LiveEstate, findings: readonly Finding[]): string {
  const t = estate.topology;
  return `${JSON.stringify({
    summary: {
      files: estate.files,
      tenants: t.tenants.length,
      organizations: t.organizations.length,
      sendConnectors: t.organizations.reduce((n, o) => n + o.sendConnectors.length, 0),
      problems: estate.problems.length,
      ...counts(findings),
    },
    findings: findings.map((f) => ({ ...f, ...(estate.sources.has(f.path) ? { source: estate.sources.get(f.path) } : {}) })),
    mailboxPlacementUnknown: [...estate.userMailFlowsUnknown].map(([organization, reason]) => ({ organization, reason })),
    problems: estate.problems,
    notes: estate.notes,
  }, null, 2)}\n`;
}
