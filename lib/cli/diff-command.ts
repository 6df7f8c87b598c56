/**
 * `cdktf-mailflow diff OLD_PLAN NEW_PLAN`: the change set between two plan.json files of a stack (the base branch's and
 * a pull request's), as Markdown for a pull-request comment or as JSON.
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { FLOW_NAMES, diffPlans, isEmptyDiff, markdownCode as code, markdownText as md, type FindingChange, type FlowChange, type FlowOutcome, type ObjectChange, type PlanDiff } from "../artifacts/plan";
import { escapeForDisplay } from "../model/text";
import { readPlanFile } from "./plan-file";
import type { CliIo } from "./terminal";
import { UsageError } from "./usage-error";

/** Exit codes of `diff`. */
export const DIFF_EXIT = {
  /** Both plans were read and nothing changes. */
  ok: 0,
  /** Bad usage, or a plan that cannot be read or is not a plan.json. */
  usage: 1,
  /** Both plans were read and something changes. */
  changed: 2,
} as const;

/** How many entries each part of the Markdown lists before "…and N more" (the JSON lists all): a PR comment stays readable. */
export const DIFF_MARKDOWN_MAX_ITEMS = 50;

/** The help text of `cdktf-mailflow diff`. */
export const DIFF_HELP = `Usage: cdktf-mailflow diff <old plan.json> <new plan.json> [options]

Compares two plan.json files of a stack (cdktf.out/stacks/<stack>/mailflow/plan.json, synthesized from the base branch
and from a change) and prints what the change changes:
  objects       declared objects of the stack added, removed, or changed by setting (setting: old → new); objects are
                matched by construct path, so a renamed construct id shows as removed and added
  flows         simulated flows of both plans whose outcome changes (outcome, NDR, attributed tenant: old → new): each
                send connector's standard flows and each tenant's users' flows as on-premises routing sends them
  findings      findings new and resolved (the same rule id, construct path and message is the same finding), and
                findings whose suppression starts or ends
  expectations  expectations whose verdict or simulated outcome changes
Markdown is concise, for a pull-request comment; each part lists at most ${DIFF_MARKDOWN_MAX_ITEMS} entries (JSON lists all).

Options:
  --format <markdown|json>  Markdown (default; "text" is the same) or one JSON document
  --out <file>              write the diff to <file> instead of standard output
  -h, --help                print this help

Exit codes:
  0  nothing changes
  1  bad usage, or a plan that cannot be read or is not a plan.json (one line on stderr names the file)
  2  something changes
`;

/** Runs `diff` with its arguments (after the command name); returns the exit code. */
export function diffCommand(args: readonly string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { format: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message, "diff");
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(DIFF_HELP);
    return DIFF_EXIT.ok;
  }
  if (positionals.length !== 2) throw new UsageError(`give two plan.json files, the old one then the new one (got ${positionals.length})`, "diff");
  const format = values.format ?? "markdown";
  if (format !== "markdown" && format !== "text" && format !== "json") throw new UsageError(`--format must be markdown or json, not ${JSON.stringify(format)}`, "diff");
  const [oldFile, newFile] = positionals;
  const old = readPlanFile(oldFile).plan;
  const next = readPlanFile(newFile).plan;
  const diff = diffPlans(old, next);
  const output = format === "json" ? diffJson(diff, oldFile, newFile) : diffMarkdown(diff);
  if (values.out !== undefined) {
    try {
      fs.writeFileSync(values.out, output);
    } catch (error) {
      throw new UsageError(`cannot write the diff to ${values.out}: ${(error as Error).message}`);
    }
  } else io.stdout.write(output);
  return isEmptyDiff(diff) ? DIFF_EXIT.ok : DIFF_EXIT.changed;
}

function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** A setting's value in Markdown: a code span of the text, the list joined, or "(none)". */
function value(v: unknown): string {
  if (v === null || v === undefined) return "(none)";
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.length === 0 ? "(none)" : code(v.join(", "));
  return code(typeof v === "string" ? v : JSON.stringify(v));
}

function stackTitle(diff: PlanDiff): string {
  return diff.stack.old === diff.stack.new ? `stack ${code(diff.stack.new)}` : `stack ${code(diff.stack.old)} → ${code(diff.stack.new)}`;
}

/** The counts in one line. */
function summaryLine(diff: PlanDiff): string {
  const count = (change: ObjectChange["change"]) => diff.objects.filter((o) => o.change === change).length;
  const findings = (change: FindingChange["change"]) => diff.findings.filter((f) => f.change === change).length;
  const suppression = findings("suppressed") + findings("unsuppressed");
  return [
    `${plural(count("changed"), "object")} changed, ${count("added")} added, ${count("removed")} removed`,
    `${plural(diff.flows.length, "flow")} ${diff.flows.length === 1 ? "changes" : "change"} outcome`,
    `${plural(findings("new"), "new finding")}, ${findings("resolved")} resolved${suppression > 0 ? `, ${suppression} suppression ${suppression === 1 ? "change" : "changes"}` : ""}`,
    `${plural(diff.expectations.length, "expectation")} ${diff.expectations.length === 1 ? "changes" : "change"} result`,
  ].join("; ");
}

/** At most {@link DIFF_MARKDOWN_MAX_ITEMS} entries' lines, then how many more. */
function bounded<T>(items: readonly T[], lines: (item: T) => string[]): string[] {
  const shown = items.slice(0, DIFF_MARKDOWN_MAX_ITEMS).flatMap(lines);
  return items.length > DIFF_MARKDOWN_MAX_ITEMS ? [...shown, `- …and ${items.length - DIFF_MARKDOWN_MAX_ITEMS} more (\`--format json\` lists them all)`] : shown;
}

function objectLines(o: ObjectChange): string[] {
  const what = `${o.kind} ${code(o.path)}${o.name !== undefined && o.kind !== "tenant" ? ` (${md(o.name)})` : ""}${o.tenant !== undefined && o.kind !== "tenant" ? ` of ${code(o.tenant)}` : ""}`;
  if (o.change !== "changed") return [`- ${o.change} ${what}`];
  const settings = o.settings ?? [];
  const setting = (s: NonNullable<ObjectChange["settings"]>[number]) => `${md(s.setting)}: ${value(s.old)} → ${value(s.new)}`;
  if (settings.length === 1) return [`- changed ${what}: ${setting(settings[0])}`];
  return [`- changed ${what}:`, ...settings.map((s) => `  - ${setting(s)}`)];
}

/** A flow's outcome in Markdown: the recipients' outcomes (rejected in bold), the NDR as code, the attributed tenant. */
function outcome(o: FlowOutcome): string {
  if (o.outcomes.length === 0) return md(o.text);
  const outcomes = o.outcomes.map((x) => (x === "rejected" ? "**rejected**" : x)).join(", ");
  const ndrs = o.ndrs.length > 0 ? ` ${o.ndrs.map((n) => code(n)).join(", ")}` : "";
  return `${outcomes}${ndrs} (${o.attributedTo.length > 0 ? `attributed to ${o.attributedTo.map((t) => code(t)).join(", ")}` : "not attributed"})`;
}

/** Where a flow goes: through a send connector to its tenant, or a tenant's users' mail as routing sends it. */
function flowPlace(f: FlowChange): string {
  return f.source === "standard"
    ? `through ${code(f.sendConnector ?? "")} → ${code(f.tenant)}`
    : `users of ${code(f.tenant)} in ${code(f.organization)}${f.server !== undefined ? ` on ${code(f.server)}` : ""}${f.sendConnector !== undefined ? ` through ${code(f.sendConnector)}` : ""}`;
}

/** Flow changes with the same kind and the same outcomes before and after, as one entry listing where. */
interface FlowGroup {
  readonly first: FlowChange;
  readonly places: string[];
}

function groupFlows(flows: readonly FlowChange[]): FlowGroup[] {
  const groups = new Map<string, FlowGroup>();
  for (const f of flows) {
    const key = [f.flow, f.declared, f.old.text, f.new.text].join("\u0000");
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { first: f, places: [flowPlace(f)] });
    else group.places.push(flowPlace(f));
  }
  return [...groups.values()];
}

function flowLines({ first: f, places }: FlowGroup): string[] {
  const verdict = f.healthyBefore === f.healthyAfter ? "" : f.healthyAfter ? " (fixed)" : " (**broken**)";
  const shown = places.slice(0, 5);
  const more = places.length > shown.length ? ` and ${places.length - shown.length} more` : "";
  return [`- ${FLOW_NAMES[f.flow]}${f.declared ? "" : " (not declared)"}: ${outcome(f.old)} → ${outcome(f.new)}${verdict}; ${shown.join("; ")}${more}`];
}

function findingLines(f: FindingChange): string[] {
  const severity = f.severity === "error" ? "**error**" : "warning";
  const suppressed = f.suppressed ? ` (suppressed: ${md(f.suppressionReason ?? "no reason recorded")})` : "";
  const label = f.change === "suppressed" ? "now suppressed" : f.change === "unsuppressed" ? "no longer suppressed" : f.change;
  return [`- ${label} ${severity} ${code(f.ruleId)} at ${code(f.path)}${f.change === "resolved" ? "" : `: ${md(f.message)}`}${f.change === "new" ? suppressed : f.change === "suppressed" ? ` (${md(f.suppressionReason ?? "no reason recorded")})` : ""}`];
}

/**
 * The diff as Markdown for a pull-request comment: a heading, the counts, then each part that has changes. User values
 * are escaped for Markdown; control and invisible characters are written as `\u{…}`.
 */
export function diffMarkdown(diff: PlanDiff): string {
  const title = `### Mail flow changes: ${stackTitle(diff)}`;
  if (isEmptyDiff(diff)) return `${title}\n\nNo changes: the declared objects, the simulated flows, the findings and the expectations are the same.\n`;
  const lines = [title, "", `${summaryLine(diff)}.`];
  if (diff.objects.length > 0) lines.push("", "**Objects**", "", ...bounded(diff.objects, objectLines));
  if (diff.flows.length > 0) lines.push("", "**Flows whose simulated outcome changes**", "", ...bounded(groupFlows(diff.flows), flowLines));
  if (diff.findings.length > 0) lines.push("", "**Findings**", "", ...bounded(diff.findings, findingLines));
  if (diff.expectations.length > 0) {
    lines.push("", "**Expectations**", "", ...bounded(diff.expectations, (e) => [
      `- ${code(e.path)}: ${e.old.passed ? "met" : "not met"} → ${e.new.passed ? "met" : "**not met**"} (simulated: ${md(e.old.outcome)} → ${md(e.new.outcome)})` +
        `${e.new.passed ? "" : `: ${md(e.new.mismatches.join("; "))}`}`,
    ]));
  }
  // Control and invisible characters of user values (a comment, a name) are shown as escapes, in a terminal or a comment.
  return `${lines.map(escapeForDisplay).join("\n")}\n`;
}

/** The diff as one JSON document: the files, whether anything changes, counts, and every change. */
function diffJson(diff: PlanDiff, oldFile: string, newFile: string): string {
  const count = (change: string) => diff.objects.filter((o) => o.change === change).length;
  const findings = (change: string) => diff.findings.filter((f) => f.change === change).length;
  return `${JSON.stringify({
    old: { file: oldFile, stack: diff.stack.old },
    new: { file: newFile, stack: diff.stack.new },
    changed: !isEmptyDiff(diff),
    summary: {
      objectsAdded: count("added"), objectsRemoved: count("removed"), objectsChanged: count("changed"),
      flowsChanged: diff.flows.length,
      findingsNew: findings("new"), findingsResolved: findings("resolved"), suppressionsChanged: findings("suppressed") + findings("unsuppressed"),
      expectationsChanged: diff.expectations.length,
    },
    objects: diff.objects,
    flows: diff.flows,
    findings: diff.findings,
    expectations: diff.expectations,
  }, null, 2)}\n`;
}
