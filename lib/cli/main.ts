#!/usr/bin/env node
/**
 * The command-line tool `cdktf-mailflow`. Its commands work on the files synthesis writes (plan.json), never on the
 * construct tree: lib/cli imports lib/artifacts, lib/simulate and lib/model, not cdktf.
 */
import { escapeForDisplay } from "../model/text";
import { AUDIT_HELP, auditCommand } from "./audit-command";
import { DIFF_HELP, diffCommand } from "./diff-command";
import { DRIFT_HELP, driftCommand } from "./drift-command";
import { EXPORT_SCRIPT_HELP, exportScriptCommand } from "./export-script-command";
import { IMPORT_HELP, importCommand } from "./import-command";
import { EXIT, SIMULATE_HELP, simulateCommand } from "./simulate-command";
import type { CliIo } from "./terminal";
import { UsageError } from "./usage-error";

export { EXIT, SIMULATE_HELP } from "./simulate-command";
export type { CliIo } from "./terminal";

/** The commands of the tool. */
const COMMANDS = ["simulate", "export-script", "audit", "import", "drift", "diff"];

/** The help text of `cdktf-mailflow`. */
export const HELP = `Usage: cdktf-mailflow <command> [options]

Commands:
  simulate       simulate how Exchange Online attributes and relays a file of messages, against a plan.json
  export-script  write read-only PowerShell scripts that export a tenant or an on-premises organization
  audit          check every rule across the tenants and organizations of live exports
  import         write a cdktf app that declares the exported estate
  drift          compare a stack's plan.json with the live estate's exports, per object and setting
  diff           the change set between two plan.json files of a stack, for a pull-request comment

Run "cdktf-mailflow <command> --help" for a command's options.

${SIMULATE_HELP}
${EXPORT_SCRIPT_HELP}
${AUDIT_HELP}
${IMPORT_HELP}
${DRIFT_HELP}
${DIFF_HELP}`;

/**
 * Runs the tool with `args` (the arguments after the program name) and resolves to the exit code; never throws.
 * Bad usage and unusable files print one line on stderr and give 1; so does an unexpected error (never a stack trace,
 * unless CDKTF_MAILFLOW_DEBUG=1). Control characters in what is echoed are escaped.
 */
export async function runCli(args: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === undefined) {
      io.stderr.write(HELP);
      return EXIT.usage;
    }
    if (command === "--help" || command === "-h" || command === "help") {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    if (command === "simulate") return await simulateCommand(rest, io);
    if (command === "export-script") return exportScriptCommand(rest, io);
    if (command === "audit") return auditCommand(rest, io);
    if (command === "import") return importCommand(rest, io);
    if (command === "drift") return driftCommand(rest, io);
    if (command === "diff") return diffCommand(rest, io);
    throw new UsageError(`unknown command ${JSON.stringify(command)}: the commands are: ${COMMANDS.join(", ")}`, "");
  } catch (error) {
    if (error instanceof UsageError) {
      const help = error.helpFor === undefined ? "" : ` (see cdktf-mailflow ${error.helpFor ? `${error.helpFor} ` : ""}--help)`;
      io.stderr.write(`cdktf-mailflow: ${escapeForDisplay(error.message)}${help}\n`);
      return EXIT.usage;
    }
    // Never a stack trace: one line, and where to look further.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`cdktf-mailflow: internal error: ${escapeForDisplay(message)} (please report it; set CDKTF_MAILFLOW_DEBUG=1 to see where it happened)\n`);
    if (process.env.CDKTF_MAILFLOW_DEBUG === "1" && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return EXIT.usage;
  }
}

if (require.main === module) {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    // The reader went away (as with `| head`): stop quietly, as other command-line tools do.
    if (error.code === "EPIPE") process.exit(EXIT.ok);
    throw error;
  });
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
