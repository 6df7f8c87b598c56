import type { TenantModel } from "../model/topology";
import type { RawFinding, Rule } from "./rule";
import { byCodeUnit, groupBy } from "./topology-queries";

/** One declared object of a tenant that must be unique there, and how a message names it. */
interface Named {
  readonly path: string;
  readonly key: string;
  readonly label: string;
}

/** Findings for every object whose key another object of the same list shares, naming the others. */
function duplicates(tenant: TenantModel, kind: string, items: readonly Named[], consequence: string, fix: string): RawFinding[] {
  return [...groupBy(items, (item) => item.key).values()].flatMap((group) => {
    if (group.length < 2) return [];
    return group.map((item) => {
      const others = group.filter((other) => other !== item).map((other) => `${other.label} (${other.path})`).sort(byCodeUnit);
      return {
        path: item.path,
        message: `${item.label} of tenant ${tenant.initialDomain} is declared ${group.length} times ignoring capitalization: also ${others.join(", ")}. ` +
          `${kind} ${consequence} ${fix}`,
      };
    });
  });
}

/**
 * Two inbound (or two outbound) connectors of one tenant whose names differ only in capitalization, or one domain declared
 * twice as an accepted domain: Exchange Online treats them as one object (domain.md section 2), so deployment fails or
 * the last script to run wins.
 */
export const duplicateInTenant: Rule = {
  id: "duplicate-in-tenant",
  severity: "error",
  what: "Two connectors of one tenant share a name ignoring capitalization, or one domain is declared twice as an accepted domain of a tenant.",
  why:
    "Exchange Online compares connector names case-insensitively and keeps one accepted domain per domain name however it is capitalized: " +
    "the second New-InboundConnector fails, or each run's Set-* overwrites the other's settings so the connector flips between two configurations.",
  source: "New-InboundConnector / New-OutboundConnector reference (Name: unique); Set-AcceptedDomain reference; domain.md section 2",
  fix: "Keep one declaration: merge the two connectors' settings into one, or give them names that differ in more than capitalization; declare each domain once.",
  check(topology) {
    return topology.tenants.flatMap((tenant) => [
      ...duplicates(
        tenant, "Connector names are unique per tenant case-insensitively:",
        tenant.inboundConnectors.map((c) => ({ path: c.path, key: c.name.toLowerCase(), label: `inbound connector "${c.name}"` })),
        "both declarations address one connector, so deployment fails or the two settings overwrite each other on each run.",
        "Merge them into one connector or rename one of them.",
      ),
      ...duplicates(
        tenant, "Connector names are unique per tenant case-insensitively:",
        tenant.outboundConnectors.map((c) => ({ path: c.path, key: c.name.toLowerCase(), label: `outbound connector "${c.name}"` })),
        "both declarations address one connector, so deployment fails or the two settings overwrite each other on each run.",
        "Merge them into one connector or rename one of them.",
      ),
      ...duplicates(
        tenant, "A domain is one accepted domain however it is capitalized:",
        tenant.acceptedDomains.map((d) => ({ path: d.path, key: d.domainName.toLowerCase(), label: `accepted domain ${d.domainName.toLowerCase()}` })),
        "the two declarations set DomainType, MatchSubDomains and OutboundOnly of the same domain, and the last to run wins.",
        "Declare the domain once.",
      ),
    ]);
  },
};
