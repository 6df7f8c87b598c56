/**
 * `cdktf-mailflow drift --plan plan.json PATH...`: what differs between a stack's declarations (its plan.json) and the
 * live estate's exports, per object and setting, after normalizing Exchange's many forms of the same value.
 */
import { computeDrift, type DriftEntry } from "../live/drift";
import { INPUTS_HELP, LIVE_EXIT, parseCommandArgs, formatOption, readEstate, readSummary } from "./live-input";
import { readPlanFile } from "./plan-file";
import type { CliIo } from "./terminal";
import { UsageError } from "./usage-error";

/** The help text of `cdktf-mailflow drift`. */
export const DRIFT_HELP = `Usage: cdktf-mailflow drift --plan <plan.json> <export file or folder>... [options]

Compares the tenants and on-premises organizations a stack declares (the plan.json cdktf synth wrote, in
cdktf.out/stacks/<stack>/mailflow/) with the live estate's exports, per object and setting:
  changed     a setting whose live value differs from the declared one
  missing     a declared object the exports do not have
  undeclared  a live object of a declared tenant or organization that is not declared; connectors say whether they
              carry the library's marker ([managed-by:cdktf-mailflow path=...] in Comment) and which path it names
Values are compared after normalization, so equal settings never show as drift: address spaces (smtp:*;1 is *),
null versus empty, the case of domain names, the order of multi-valued settings, IP forms (1.2.3.4 is 1.2.3.4/32).
Connectors are matched by their marker, else by name. Live tenants the plan does not declare are not compared.

Options:
  --plan <file>          the plan.json of the stack to compare
  --format <text|json>   readable text (default) or one JSON document
  --verbose              also list, on stderr, the objects left out on purpose (send connectors to the internet)
  -h, --help             print this help

${INPUTS_HELP}

Exit codes:
  0  no drift
  1  bad usage, or some input could not be read (the rest was compared and reported)
  2  drift: something is changed, missing or undeclared
`;

/** Runs `drift` with its arguments (after the command name); returns the exit code. */
export function driftCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(args, "drift", { plan: { type: "string" }, format: { type: "string" } });
  if (values.help) {
    io.stdout.write(DRIFT_HELP);
    return LIVE_EXIT.ok;
  }
  if (values.plan === undefined) throw new UsageError("--plan <plan.json> is required: the plan.json of the stack to compare", "drift");
  const format = formatOption(values.format, "drift");
  const { plan, topology } = readPlanFile(values.plan);
  const estate = readEstate(positionals, io, "drift", { verbose: values.verbose });
  const entries = computeDrift(topology, plan.stack, estate);
  io.stdout.write(format === "json" ? driftJson(plan.stack, entries) : driftText(readSummary(estate), plan.stack, entries));
  if (estate.problems.length > 0) return LIVE_EXIT.usage;
  return entries.length > 0 ? LIVE_EXIT.found : LIVE_EXIT.ok;
}

function tally(entries: readonly DriftEntry[]) {
  return {
    changed: entries.filter((e) => e.kind === "changed").length,
    missing: entries.filter((e) => e.kind === "missing").length,
    undeclared: entries.filter((e) => e.kind === "undeclared").length,
  };
}

function value(v: unknown): string {
  if (v === null || v === undefined) return "(none)";
  if (Array.isArray(v)) return v.map((x) => String(x)).join(", ");
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** Drift as text: a summary line, then changed settings grouped by object, then missing and undeclared objects. */
function driftText(summary: string, stack: string, entries: readonly DriftEntry[]): string {
  const t = tally(entries);
  const lines = [summary, entries.length === 0 ? `no drift: the live estate matches stack ${stack}` : `drift in stack ${stack}: ${t.changed} changed setting${t.changed === 1 ? "" : "s"}, ${t.missing} missing, ${t.undeclared} undeclared`];
  let last: string | undefined;
  for (const e of entries) {
    if (e.kind === "changed") {
      if (last !== e.object) {
        lines.push("", `changed ${e.object}`, `  declared at ${e.declaredPath}${e.source ? `; read from ${e.source}` : ""}`);
        last = e.object;
      }
      lines.push(`  ${e.setting}: declared ${value(e.declared)}, live ${value(e.live)}`);
      continue;
    }
    last = undefined;
    if (e.kind === "missing") lines.push("", `missing ${e.object}`, `  declared at ${e.declaredPath}, not in the exports`);
    else {
      const marker = e.marker !== undefined
        ? `carries the cdktf-mailflow marker of ${e.marker}, which this plan does not declare (removed from the code, or declared in another stack)`
        : "no cdktf-mailflow marker (made by hand or by another tool)";
      lines.push("", `undeclared ${e.object}`, `  ${e.source ? `read from ${e.source}; ` : ""}${e.object.startsWith("accepted domain") || e.object.startsWith("spoof pair") || e.object.startsWith("on-premises") ? "not declared" : marker}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function driftJson(stack: string, entries: readonly DriftEntry[]): string {
  return `${JSON.stringify({ stack, summary: tally(entries), entries }, null, 2)}\n`;
}
