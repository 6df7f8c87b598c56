/**
 * Everything synthesis writes into a stack's `mailflow/` folder, as pure functions of the Topology.
 */
import type { Topology } from "../model/topology";
import type { Finding } from "../rules";
import { exchangeOnlineScript, exchangeServerScript } from "./powershell";
import { SCRIPTS_FOLDER } from "./powershell";

export * from "./powershell";

/** What the artifact writers need besides the Topology. */
export interface StackArtifactsContext {
  /** Every finding of the app (all stacks), suppressed ones included. */
  readonly findings: readonly Finding[];
  /** The synthesis date, `YYYY-MM-DD`. */
  readonly synthesisDate: string;
}

/**
 * The files of one stack's `mailflow/` folder, as paths relative to that folder → content: one Exchange Online
 * script per tenant of the stack and one Exchange Management Shell script per on-premises organization.
 * Throws when two objects of the stack would write the same file.
 */
export function renderStackArtifacts(topology: Topology, stackPath: string, _context: StackArtifactsContext): Map<string, string> {
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
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
