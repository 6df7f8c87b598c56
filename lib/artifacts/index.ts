/**
 * Everything synthesis writes into a stack's `mailflow/` folder, as pure functions of the Topology.
 */
import type { Topology } from "../model/topology";
import type { Finding } from "../rules";
import { buildPlan, planJsonSchema, renderPlanJson, renderPlanMarkdown } from "./plan";
import { exchangeOnlineScript, exchangeServerScript } from "./powershell";
import { SCRIPTS_FOLDER } from "./powershell";

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
 * The files of one stack's `mailflow/` folder, as paths relative to that folder → content: the plan (plan.md,
 * plan.json and its JSON Schema plan.schema.json), one Exchange Online script per tenant of the stack and one
 * Exchange Management Shell script per on-premises organization.
 * Throws when two objects of the stack would write the same file.
 */
export function renderStackArtifacts(topology: Topology, stackPath: string, context: StackArtifactsContext): Map<string, string> {
  const files = new Map<string, string>();
  const owners = new Map<string, string>();
  const add = (owner: string, fileName: string, content: string) => {
    const relative = `${SCRIPTS_FOLDER.slice("mailflow/".length)}/${fileName}`;
    const previous = owners.get(relative);
    if (previous !== undefined) {
      throw new Error(`[${owner}] its script ${fileName} would overwrite the one of ${previous}: give one of them another construct id (or initial domain), or move it to another stack`);
    }
    owners.set(relative, owner);
    files.set(relative, content);
  };
  for (const tenant of topology.tenants.filter((t) => t.stack === stackPath)) {
    const script = exchangeOnlineScript(topology, tenant);
    add(tenant.path, script.fileName, script.content);
  }
  for (const organization of topology.organizations.filter((o) => o.stack === stackPath)) {
    const script = exchangeServerScript(topology, organization);
    add(organization.path, script.fileName, script.content);
  }
  const plan = buildPlan(topology, stackPath, context);
  files.set(PLAN_FILES.markdown, renderPlanMarkdown(plan));
  files.set(PLAN_FILES.json, renderPlanJson(plan));
  files.set(PLAN_FILES.schema, `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
