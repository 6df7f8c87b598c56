import type { Topology } from "../model/topology";
import { runRules, type Finding } from "../rules";
import { simulatorOf } from "./simulator";

/**
 * Runs the whole rule catalogue, mail-flow expectations included (they need the simulator, which sits above the
 * rules, as does flow-attributed-to-another-tenant to name the tenant a routed flow is attributed to), and returns
 * every finding, sorted, suppressed ones included.
 *
 * @param context.now the synthesis date, `YYYY-MM-DD`
 * @param context.userMailFlowsUnknown organizations (by path) whose users' mailbox placement is unknown (see RuleContext)
 * @default context.userMailFlowsUnknown - none
 */
export function checkRules(topology: Topology, context: { readonly now: string; readonly userMailFlowsUnknown?: ReadonlySet<string> }): Finding[] {
  const needsSimulator = topology.expectations.length > 0 || topology.organizations.some((o) => o.sendConnectors.length > 0);
  const simulator = needsSimulator ? simulatorOf(topology) : undefined;
  return runRules(topology, {
    now: context.now,
    ...(simulator ? { simulator } : {}),
    ...(context.userMailFlowsUnknown !== undefined && context.userMailFlowsUnknown.size > 0 ? { userMailFlowsUnknown: context.userMailFlowsUnknown } : {}),
  });
}
