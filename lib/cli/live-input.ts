/**
 * What the live-estate commands (audit, import, drift) share: reading the exports named on the command line, reporting
 * what could not be read on stderr (one line each), and the options they have in common.
 */
import { parseArgs, type ParseArgsConfig } from "util";
import { formatProblem, readLiveEstate, type LiveEstate } from "../live";
import type { CliIo } from "./terminal";
import { UsageError } from "./usage-error";

/** Exit codes of the live-estate commands. */
export const LIVE_EXIT = {
  /** Everything was read and nothing was found. */
  ok: 0,
  /** Bad usage, or some input could not be read (what could be read was still used and reported). */
  usage: 1,
  /** Findings of severity error (audit), or drift (drift). */
  found: 2,
} as const;

/** The help lines on inputs, shared by the commands' help texts. */
export const INPUTS_HELP = `Inputs: files or folders (walked for *.json, *.xml, *.clixml). The files of one folder describe one tenant and/or one
on-premises organization: the export scripts' folders (cdktf-mailflow export-script), ConvertTo-Json output of the same
cmdlets (one object or a list, any file names), Export-Clixml files, and CISA ScubaGear's ProviderSettingsExport.json
(one tenant per file). A file, record or field that cannot be read is reported on stderr as one line
(file: record: field: problem) and skipped; everything else is still read.`;

/**
 * Reads the estate at `paths`; problems go to stderr, one line each. Throws a usage error when no path is given or
 * nothing at all could be read.
 */
export function readEstate(paths: readonly string[], io: CliIo, command: string, options: { readonly verbose?: boolean } = {}): LiveEstate {
  if (paths.length === 0) throw new UsageError("give at least one export file or folder", command);
  const estate = readLiveEstate(paths);
  const lines = estate.problems.map((p) => `${formatProblem(p)}\n`);
  if (options.verbose) lines.push(...estate.notes.map((n) => `note: ${n}\n`));
  if (lines.length > 0) io.stderr.write(lines.join(""));
  if (estate.topology.tenants.length === 0 && estate.topology.organizations.length === 0) {
    throw new UsageError(
      estate.files === 0
        ? `no export files (*.json, *.xml, *.clixml) in ${paths.join(", ")}`
        : `no tenant or organization could be read from ${estate.files} file${estate.files === 1 ? "" : "s"} (see the lines above)`,
    );
  }
  return estate;
}

/** `--format`'s value, checked. */
export function formatOption(value: string | undefined, command: string): "text" | "json" {
  const format = value ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not ${JSON.stringify(format)}`, command);
  return format;
}

/** Today's date in UTC, `YYYY-MM-DD`, or `--date`'s value, checked. */
export function dateOption(value: string | undefined, command: string): string {
  if (value === undefined) return new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new UsageError(`--date must be a date YYYY-MM-DD, not ${JSON.stringify(value)}`, command);
  return value;
}

/** A one-line count of what was read: `read 6 files: 1 tenant, 1 organization, 1 send connector`. */
export function readSummary(estate: LiveEstate): string {
  const t = estate.topology;
  const sendConnectors = t.organizations.reduce((n, o) => n + o.sendConnectors.length, 0);
  const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
  return `read ${plural(estate.files, "file")}: ${plural(t.tenants.length, "tenant")}, ${plural(t.organizations.length, "organization")}, ${plural(sendConnectors, "send connector")}` +
    `${estate.problems.length > 0 ? `; ${plural(estate.problems.length, "problem")} (on stderr)` : ""}${estate.notes.length > 0 ? `; ${plural(estate.notes.length, "object")} not checked (--verbose lists them)` : ""}`;
}

/** Options every live-estate command takes. */
const COMMON_OPTIONS = {
  verbose: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/**
 * A command's arguments parsed strictly with `options` plus `--verbose` and `-h/--help`, input paths as positionals;
 * an unknown option or a missing value is a usage error pointing to the command's help.
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: readonly string[],
  command: string,
  options: T,
): ReturnType<typeof parseArgs<{ options: T & typeof COMMON_OPTIONS; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: [...args], options: { ...options, ...COMMON_OPTIONS }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, command);
  }
}
