import type { Rule } from "./rule";
import { groupBy } from "./topology-queries";

/** The most spoof entries Exchange Online keeps in one tenant's Tenant Allow/Block List. */
export const SPOOF_PAIR_LIMIT = 1024;

/** More than {@link SPOOF_PAIR_LIMIT} spoof pairs in one tenant (all declarations of one initial domain together). */
export const spoofPairLimit: Rule = {
  id: "spoof-pair-limit",
  severity: "error",
  what: `A tenant has more than ${SPOOF_PAIR_LIMIT} spoof pairs.`,
  why: `The Tenant Allow/Block List holds at most ${SPOOF_PAIR_LIMIT} spoof entries per tenant, so the entries beyond the limit cannot be created.`,
  source: "Manage spoofed senders using the Tenant Allow/Block List",
  fix: "Merge pairs (one organizational domain or /24 covers many hosts) and remove entries that are no longer needed.",
  check(topology) {
    const byTenant = groupBy(topology.tenants, (tenant) => tenant.initialDomain);
    return [...byTenant.entries()].flatMap(([initialDomain, declarations]) => {
      const count = declarations.reduce((sum, tenant) => sum + tenant.spoofPairs.length, 0);
      if (count <= SPOOF_PAIR_LIMIT) return [];
      return declarations.map((tenant) => ({
        path: tenant.path,
        message:
          `Tenant ${initialDomain} declares ${count} spoof pairs${declarations.length > 1 ? ` across ${declarations.length} declarations` : ""}, ` +
          `more than the ${SPOOF_PAIR_LIMIT} the Tenant Allow/Block List holds. Merge pairs (one organizational domain or /24 covers many hosts) ` +
          `and remove those no longer needed.`,
      }));
    });
  },
};
