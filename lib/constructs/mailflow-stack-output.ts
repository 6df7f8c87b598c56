/**
 * The per-stack writer of the `mailflow/` folder next to `cdk.tf.json`: deployment scripts and the plan.
 */
import * as fs from "fs";
import * as path from "path";
import { TerraformStack, ISynthesisSession } from "cdktf";
// Not re-exported from the package root, but the documented hook custom synthesis (e.g. TerraformAsset) uses.
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { Construct } from "constructs";
import {
  PLAN_FILES, SCRIPTS_FOLDER, buildPlan, exchangeOnlineScript, exchangeOnlineScriptFileName, exchangeServerScript, exchangeServerScriptFileName,
  planJsonSchema, renderPlanJson, renderPlanMarkdown, renderStackArtifacts, type StackArtifactsContext,
} from "../artifacts";
import type { Topology } from "../model/topology";
import { synthesisDateOf } from "./context";
import { findingsOf, topologyOf } from "./findings";

const ID = "Mailflow";

/** Writes a stack's `mailflow/` folder at synthesis; created once per stack by the first mail object in it. */
export class MailflowStackOutput extends Construct {
  /** The stack's writer, created on first use. */
  public static of(stack: TerraformStack): MailflowStackOutput {
    return (stack.node.tryFindChild(ID) as MailflowStackOutput | undefined) ?? new MailflowStackOutput(stack, ID);
  }

  private constructor(private readonly stack: TerraformStack, id: string) {
    super(stack, id);
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

/**
 * The files of `renderStackArtifacts`, handed to `emit` one at a time as each is rendered, so that a stack of thousands
 * of tenants never holds its whole folder (hundreds of MB) in memory at once: at 5,000 tenants, holding it took the
 * synthesis process to about 2.3 GiB at its peak; streaming, plan first, to about 1.35 GiB. Same names and contents
 * (a test compares the two). When two objects would write one script, `renderStackArtifacts` itself runs, so that its
 * error names them.
 */
function forEachStackArtifact(topology: Topology, stackPath: string, context: StackArtifactsContext, emit: (relative: string, content: string) => void): void {
  const tenants = topology.tenants.filter((t) => t.stack === stackPath);
  const organizations = topology.organizations.filter((o) => o.stack === stackPath);
  const names = [...tenants.map((t) => exchangeOnlineScriptFileName(t.initialDomain)), ...organizations.map((o) => exchangeServerScriptFileName(o.path))];
  if (new Set(names).size !== names.length) {
    for (const [relative, content] of renderStackArtifacts(topology, stackPath, context)) emit(relative, content);
    return;
  }
  emitPlan(topology, stackPath, context, emit);
  const scriptsFolder = SCRIPTS_FOLDER.slice("mailflow/".length);
  for (const tenant of tenants) {
    const script = exchangeOnlineScript(topology, tenant);
    emit(`${scriptsFolder}/${script.fileName}`, script.content);
  }
  for (const organization of organizations) {
    const script = exchangeServerScript(topology, organization);
    emit(`${scriptsFolder}/${script.fileName}`, script.content);
  }
}

/** The plan files. A function of its own so the plan (and its large texts) is garbage once they are written. */
function emitPlan(topology: Topology, stackPath: string, context: StackArtifactsContext, emit: (relative: string, content: string) => void): void {
  const plan = buildPlan(topology, stackPath, context);
  emit(PLAN_FILES.markdown, renderPlanMarkdown(plan));
  emit(PLAN_FILES.json, renderPlanJson(plan));
  emit(PLAN_FILES.schema, `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
}
