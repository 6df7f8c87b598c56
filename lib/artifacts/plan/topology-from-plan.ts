/**
 * The Topology a plan was built from, read back from plan.json: what the command-line tool simulates messages against.
 */
import type { Topology } from "../../model/topology";
import type { Plan } from "./plan-schema";
import { topologySchema } from "./topology-schema";

/**
 * The stack's Topology as `stackTopology` gave it to `buildPlan`: the model fields of the plan's tenants, certificates,
 * organizations and expectations (the plan's own additions, such as `fromOtherStack` and simulated results, are
 * dropped), and its suppressions.
 * @throws Error (a zod error naming the path of the bad value) when the plan's model data is not well formed
 */
export function topologyFromPlan(plan: Plan): Topology {
  return topologySchema.parse({
    tenants: plan.tenants,
    certificates: plan.certificates,
    organizations: plan.organizations,
    expectations: plan.expectations,
    suppressions: plan.suppressions,
  });
}
