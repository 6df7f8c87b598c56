import type { SpoofPairModel } from "../model/topology";
import type { RawFinding, Rule } from "./rule";
import { groupBy } from "./topology-queries";

/** The identity of a spoof entry in its tenant: spoofed user, sending infrastructure and spoof type (lower-case model values). */
function pairKey(pair: SpoofPairModel): string {
  return `${pair.spoofedUser}\n${pair.sendingInfrastructure}\n${pair.spoofType}`;
}

/**
 * One tenant (every declaration of one initial domain) declares the same spoof pair twice, whatever the actions:
 * every declaration of the pair is reported, naming the others.
 */
export const spoofPairDuplicate: Rule = {
  id: "spoof-pair-duplicate",
  severity: "error",
  what: "One tenant declares the same spoof pair (spoofed user, sending infrastructure, spoof type) more than once, whatever the actions.",
  why:
    "The Tenant Allow/Block List keeps one entry per pair: Microsoft documents only switching that entry between Allow and Block, so two " +
    "declarations either fail at deployment or overwrite each other, and which action wins is undefined.",
  source: "Manage spoofed senders using the Tenant Allow/Block List; New-/Set-TenantAllowBlockListSpoofItems reference",
  fix: "Keep one declaration of the pair with the action you want, and delete the others.",
  check(topology) {
    const findings: RawFinding[] = [];
    for (const [initialDomain, declarations] of groupBy(topology.tenants, (tenant) => tenant.initialDomain)) {
      const pairs = declarations.flatMap((tenant) => tenant.spoofPairs);
      for (const group of groupBy(pairs, pairKey).values()) {
        if (group.length < 2) continue;
        for (const pair of group) {
          const others = group.filter((other) => other !== pair).map((other) => `${other.path} (${other.action})`);
          findings.push({
            path: pair.path,
            message:
              `Spoof pair ${pair.spoofedUser} / ${pair.sendingInfrastructure} (${pair.spoofType}, ${pair.action}) of tenant ${initialDomain} is also ` +
              `declared by ${others.join(", ")}. Keep one declaration with the action you want.`,
          });
        }
      }
    }
    return findings;
  },
};
