/**
 * Everything synthesis writes into a stack's `mailflow/` folder, as pure functions of the Topology.
 */
import type { Topology } from "../model/topology";
import type { Finding } from "../rules";
import { buildPlan, forEachPlanMarkdownFile, planJsonSchema, renderPlanJson } from "./plan";
import { SCRIPTS_FOLDER, exchangeOnlineScript, exchangeOnlineScriptFileName, exchangeServerScript, exchangeServerScriptFileName } from "./powershell";

export * from "./plan";
export * from "./powershell";

/** The plan files of a stack's `mailflow/` folder. */
export const PLAN_FILES = { markdown: "plan.md", json: "plan.json", schema: "plan.schema.json" } as const;

/** What the artifact writers need besides the Topology. */
export interface StackArtifactsContext {
  /** Every finding of the app (all stacks), suppressed ones included. */
  readonly findings: readonly Finding[];
  /**
   * The synthesis date, `YYYY-MM-DD`. Not written into any file, so that artifacts do not change from day to day;
   * it reaches them through the certificate-expiry findings.
   */
  readonly synthesisDate: string;
}

/**
 * The files of one stack's `mailflow/` folder, handed to `emit` one at a time as each is rendered (paths relative to that
 * folder): the plan first (plan.md, for a stack of more than `PLAN_INDEX_TENANT_THRESHOLD` tenants its detail files under
 * `plan/`, then plan.json and its JSON Schema plan.schema.json), then one Exchange Online script per
 * tenant of the stack and one Exchange Management Shell script per on-premises organization. Streaming keeps a stack of
 * thousands of tenants from holding its whole folder (hundreds of MB) in memory: at 5,000 tenants, the synthesis
 * process peaked at about 2.3 GiB holding it, about 1.35 GiB streaming with the plan first.
 * Throws, before emitting anything, when two objects of the stack would write the same file. With `scripts: false`, only
 * the plan (for a topology with errors, which must not be deployed).
 */
export function forEachStackArtifact(
  topology: Topology, stackPath: string, context: StackArtifactsContext, emit: (relative: string, content: string) => void, options: { readonly scripts?: boolean } = {},
): void {
  const tenants = topology.tenants.filter((t) => t.stack === stackPath);
  const organizations = topology.organizations.filter((o) => o.stack === stackPath);
  const owners = new Map<string, string>();
  const scripts = [
    ...tenants.map((t) => [t.path, exchangeOnlineScriptFileName(t.initialDomain)] as const),
    ...organizations.map((o) => [o.path, exchangeServerScriptFileName(o.path)] as const),
  ];
  for (const [owner, fileName] of scripts) {
    const previous = owners.get(fileName);
    if (previous !== undefined) {
      throw new Error(`[${owner}] its script ${fileName} would overwrite the one of ${previous}: give one of them another construct id (or initial domain), or move it to another stack`);
    }
    owners.set(fileName, owner);
  }
  forEachPlanFile(topology, stackPath, context, emit);
  if (options.scripts === false) return;
  const folder = SCRIPTS_FOLDER.slice("mailflow/".length);
  for (const tenant of tenants) {
    const script = exchangeOnlineScript(topology, tenant);
    emit(`${folder}/${script.fileName}`, script.content);
  }
  for (const organization of organizations) {
    const script = exchangeServerScript(topology, organization);
    emit(`${folder}/${script.fileName}`, script.content);
  }
}

/**
 * The plan files of a stack (plan.md, plan.json, plan.schema.json), handed to `emit` one at a time; for a stack of more
 * than `PLAN_INDEX_TENANT_THRESHOLD` tenants, plan.md is an index and the detail files under `plan/` follow it (see
 * `forEachPlanMarkdownFile`). A function of its own so the plan (and its large texts) is garbage once they are written;
 * `audit` writes the same files for a live estate. Throws, before emitting anything, when two tenants or organizations
 * would get the same detail file.
 */
export function forEachPlanFile(topology: Topology, stackPath: string, context: Pick<StackArtifactsContext, "findings">, emit: (relative: string, content: string) => void): void {
  const plan = buildPlan(topology, stackPath, context);
  forEachPlanMarkdownFile(plan, emit);
  emit(PLAN_FILES.json, renderPlanJson(plan));
  emit(PLAN_FILES.schema, `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
}

/**
 * The files of one stack's `mailflow/` folder as one map, paths relative to that folder → content, sorted by path
 * (see {@link forEachStackArtifact}). Throws when two objects of the stack would write the same file.
 */
export function renderStackArtifacts(topology: Topology, stackPath: string, context: StackArtifactsContext): Map<string, string> {
  const files: [string, string][] = [];
  forEachStackArtifact(topology, stackPath, context, (relative, content) => files.push([relative, content]));
  return new Map(files.sort(([a], [b]) => (a < b ? -1 : 1)));
}
