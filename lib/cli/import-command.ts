/**
 * `cdktf-mailflow import PATH... --out DIR`: writes a TypeScript cdktf app that declares the exported estate with the
 * library's constructs, to start managing existing connectors as code.
 */
import * as fs from "fs";
import * as path from "path";
import { renderImportApp } from "../live/import-app";
import { INPUTS_HELP, LIVE_EXIT, parseCommandArgs, readEstate, readSummary } from "./live-input";
import type { CliIo } from "./terminal";
import { UsageError } from "./usage-error";

/** The help text of `cdktf-mailflow import`. */
export const IMPORT_HELP = `Usage: cdktf-mailflow import <export file or folder>... --out <dir> [options]

Writes a TypeScript cdktf app that declares the exported tenants and on-premises organizations with the library's
constructs: main.ts, estate.ts (the stack), tenants/<tenant>.ts, organizations/<organization>.ts, certificates.ts and
cdktf.json. The output is deterministic: the same exports give the same files. Synthesizing the app gives the
exports' own topology, so "cdktf-mailflow drift" of its plan.json against the same exports finds nothing.
Synthesis fails while the estate has findings of severity error: fix them in the code, or suppress each with a reason.

Options:
  --out <dir>            the folder to write the app into (created; must be empty unless --force)
  --force                write into a folder that is not empty (files of the same names are overwritten)
  --verbose              also list, on stderr, the objects left out on purpose (send connectors to the internet)
  -h, --help             print this help

${INPUTS_HELP}

Exit codes:
  0  the app was written from everything read
  1  bad usage, or some input could not be read (the app declares the rest)
`;

/** Runs `import` with its arguments (after the command name); returns the exit code. */
export function importCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(args, "import", { out: { type: "string" }, force: { type: "boolean", default: false } });
  if (values.help) {
    io.stdout.write(IMPORT_HELP);
    return LIVE_EXIT.ok;
  }
  if (values.out === undefined) throw new UsageError("--out <dir> is required: the folder to write the app into", "import");
  const out = values.out;
  if (!values.force && fs.existsSync(out) && (!fs.statSync(out).isDirectory() || fs.readdirSync(out).length > 0)) {
    throw new UsageError(`${out} exists and is not an empty folder: choose another --out, or pass --force to write into it`);
  }
  const estate = readEstate(positionals, io, "import", { verbose: values.verbose });
  const files = renderImportApp(estate.topology, { source: positionals.join(" ") });
  try {
    for (const [relative, content] of files) {
      const file = path.join(out, ...relative.split("/"));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  } catch (error) {
    throw new UsageError(`cannot write the app into ${out}: ${(error as Error).message}`);
  }
  io.stdout.write(`${readSummary(estate)}\nwrote ${files.size} files into ${out}: ${[...files.keys()].join(", ")}\n`);
  return estate.problems.length > 0 ? LIVE_EXIT.usage : LIVE_EXIT.ok;
}
