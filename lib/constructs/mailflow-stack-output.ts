/**
 * The per-stack writer of the `mailflow/` folder next to `cdk.tf.json`: deployment scripts and the plan.
 */
import * as fs from "fs";
import * as path from "path";
import { Construct, type ISynthesisSession, type TerraformStack, addCustomSynthesis } from "./engine";
import { forEachStackArtifact, renderStackArtifacts, type StackArtifactsContext } from "../artifacts";
import type { Finding } from "../rules";
import { synthesisDateOf } from "./context";
import { findingsOf, topologyOf } from "./findings";

const ID = "Mailflow";

/** The file a stack's `mailflow/` folder holds instead of scripts when the app's topology has unsuppressed errors. */
export const NO_SCRIPTS_FILE = "NO-SCRIPTS.md";

/** The apps whose errors were already printed (one list per app, not per stack). */
const printed = new WeakSet<object>();

/** Writes a stack's `mailflow/` folder at synthesis; created once per stack by the first mail object in it. */
export class MailflowStackOutput extends Construct {
  /** The stack's writer, created on first use. */
  public static of(stack: TerraformStack): MailflowStackOutput {
    const existing = stack.node.tryFindChild(ID);
    if (existing === undefined) return new MailflowStackOutput(stack, ID);
    if (existing instanceof MailflowStackOutput) return existing;
    throw new Error(`[${existing.node.path}] the construct id "${ID}" is where cdktf-mailflow writes stack "${stack.node.path}"'s mailflow/ folder: give this construct another id`);
  }

  private constructor(private readonly stack: TerraformStack, id: string) {
    super(stack, id);
    addCustomSynthesis(this, { onSynthesize: (session: ISynthesisSession) => this.write(session) });
  }

  private printErrors(errors: readonly Finding[]): void {
    const root = this.node.root;
    const list = printed.has(root) ? "" : errors.map((f) => `\n  ${errorLine(f)}`).join("");
    printed.add(root);
    console.error(
      `cdktf-mailflow: no deployment scripts written for stack "${this.stack.node.path}" (its mailflow/${NO_SCRIPTS_FILE} says why): ` +
        `the mail flow has ${errors.length} unsuppressed error${errors.length === 1 ? "" : "s"}${list === "" ? " (listed above)" : ":"}${list}`,
    );
  }

  /** The files of this stack's `mailflow/` folder: relative path → content. */
  public files(): Map<string, string> {
    return renderStackArtifacts(topologyOf(this), this.stack.node.path, this.context());
  }

  private context(): StackArtifactsContext {
    return { findings: findingsOf(this), synthesisDate: synthesisDateOf(this) };
  }

  /**
   * Writes the plan and the scripts. When the app's topology has unsuppressed errors (synthesis only gets here with
   * them when validation was skipped, e.g. cdktf's `skipValidation`), writes the plan and NO-SCRIPTS.md instead of
   * scripts, and prints the errors: a script must never deploy a topology the rules reject.
   */
  private write(session: ISynthesisSession): void {
    const errors = findingsOf(this).filter((f) => f.severity === "error" && !f.suppressed);
    const stackDir = path.join(session.outdir, session.manifest.forStack(this.stack).workingDirectory);
    const root = path.join(stackDir, "mailflow");
    // Files are overwritten in place and only the stale ones deleted afterwards, rather than the folder emptied first:
    // `cdktf synth` keeps a stack's folder between runs, and on a file system that discards freed blocks online,
    // deleting and re-creating thousands of scripts slows every file creation that follows.
    const written = new Set<string>();
    const made = new Set<string>();
    forEachStackArtifact(topologyOf(this), this.stack.node.path, this.context(), (relative, content) => {
      const file = path.join(root, relative);
      const dir = path.dirname(file);
      // One check per folder, not per file: a stack of thousands of tenants writes thousands of scripts into one folder.
      if (!made.has(dir)) {
        ensureDirectory(stackDir, dir);
        made.add(dir);
      }
      writeFile(file, content);
      written.add(file);
    }, { scripts: errors.length === 0 });
    if (errors.length > 0) {
      const file = path.join(root, NO_SCRIPTS_FILE);
      writeFile(file, noScriptsText(this.stack.node.path, errors));
      written.add(file);
      this.printErrors(errors);
    }
    removeStale(root, written);
  }
}

function errorLine(finding: Finding): string {
  return `[${finding.path}] ${finding.ruleId}: ${finding.message}`;
}

function noScriptsText(stackPath: string, errors: readonly Finding[]): string {
  return [
    "# No deployment scripts",
    "",
    `cdktf-mailflow wrote no deployment scripts for stack "${stackPath}": the app's mail flow breaks ${errors.length} rule${errors.length === 1 ? "" : "s"} ` +
      "with an unsuppressed error, and synthesis ran without validation (cdktf's `skipValidation`), which would otherwise have stopped it. " +
      "The Terraform resources of cdk.tf.json run scripts that are not here, so applying it fails before anything changes in Exchange.",
    "",
    "Fix each error below (RULES.md tells how), or accept one with `suppress(construct, ruleId, reason)`, then synthesize again. " +
      "plan.md shows the topology these errors come from.",
    "",
    ...errors.map((f) => `- ${errorLine(f)}`),
    "",
  ].join("\n");
}

function lstatOf(target: string): fs.Stats | undefined {
  return fs.lstatSync(target, { throwIfNoEntry: false });
}

/**
 * Makes `dir` (inside `base`) a real folder: a file or a symbolic link found on the way is deleted first, so nothing is
 * written through a link into another folder (and that folder's files are never taken for stale ones).
 */
function ensureDirectory(base: string, dir: string): void {
  let current = base;
  for (const part of path.relative(base, dir).split(path.sep)) {
    current = path.join(current, part);
    const stat = lstatOf(current);
    if (stat !== undefined && !stat.isDirectory()) fs.rmSync(current, { force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
}

/** Writes `file`, replacing a folder, a symbolic link or a read-only file found at its place. */
function writeFile(file: string, content: string): void {
  const stat = lstatOf(file);
  if (stat !== undefined && !stat.isFile()) fs.rmSync(file, { recursive: true, force: true });
  try {
    fs.writeFileSync(file, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EACCES" && code !== "EPERM") throw error;
    fs.rmSync(file, { force: true });
    fs.writeFileSync(file, content);
  }
}

/** Deletes what `root` holds besides the `written` files (a deleted tenant's script, say), then the folders left empty. */
function removeStale(root: string, written: ReadonlySet<string>): void {
  const visit = (dir: string): boolean => {
    let empty = true;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && visit(full)) {
        fs.rmdirSync(full);
      } else if (entry.isDirectory() || written.has(full)) {
        empty = false;
      } else {
        fs.rmSync(full, { force: true });
      }
    }
    return empty;
  };
  if (fs.existsSync(root)) visit(root);
}
