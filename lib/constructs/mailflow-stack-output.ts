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
    fs.rmSync(root, { recursive: true, force: true });
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
    });
  }
}
