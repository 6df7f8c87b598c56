/**
 * The per-stack writer of the `mailflow/` folder next to `cdk.tf.json` (deployment scripts and the plan), which also
 * puts the stack's mail object resources into its Terraform configuration.
 */
import * as fs from "fs";
import * as path from "path";
import { TerraformStack, ISynthesisSession } from "cdktf";
// Not re-exported from the package root, but the documented hook custom synthesis (e.g. TerraformAsset) uses.
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { Construct } from "constructs";
import { forEachStackArtifact, renderStackArtifacts, type StackArtifactsContext } from "../artifacts";
import { synthesisDateOf } from "./context";
import { findingsOf, topologyOf } from "./findings";
import { includeMailResources, writeMailResourcesForHcl } from "./mail-object-resource";

const ID = "Mailflow";

/** Writes a stack's `mailflow/` folder at synthesis; created once per stack by the first mail object in it. */
export class MailflowStackOutput extends Construct {
  /** The stack's writer, created on first use. */
  public static of(stack: TerraformStack): MailflowStackOutput {
    return (stack.node.tryFindChild(ID) as MailflowStackOutput | undefined) ?? new MailflowStackOutput(stack, ID);
  }

  private constructor(private readonly stack: TerraformStack, id: string) {
    super(stack, id);
    includeMailResources(stack);
    addCustomSynthesis(this, { onSynthesize: (session: ISynthesisSession) => this.write(session) });
  }

  /** The files of this stack's `mailflow/` folder: relative path → content. */
  public files(): Map<string, string> {
    return renderStackArtifacts(topologyOf(this), this.stack.node.path, this.context());
  }

  private context(): StackArtifactsContext {
    return { findings: findingsOf(this), synthesisDate: synthesisDateOf(this) };
  }

  private write(session: ISynthesisSession): void {
    const stackDir = path.join(session.outdir, session.manifest.forStack(this.stack).workingDirectory);
    writeMailResourcesForHcl(this.stack, session, stackDir);
    const root = path.join(stackDir, "mailflow");
    // Files are overwritten in place and only the stale ones deleted afterwards, rather than the folder emptied first:
    // `cdktf synth` keeps a stack's folder between runs, and on a file system that discards freed blocks online (as this
    // project's 2-core VM does) deleting and re-creating a thousand scripts made every later file creation slower.
    const written = new Set<string>();
    const made = new Set<string>();
    forEachStackArtifact(topologyOf(this), this.stack.node.path, this.context(), (relative, content) => {
      const file = path.join(root, relative);
      const dir = path.dirname(file);
      // One mkdir per folder, not per file: a stack of thousands of tenants writes thousands of scripts into one folder.
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      fs.writeFileSync(file, content);
      written.add(file);
    });
    removeStale(root, written);
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
