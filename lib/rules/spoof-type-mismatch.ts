import { isAcceptedDomain } from "../model/accepted-domains";
import { addressDomain } from "../model/domain-name";
import type { AcceptedDomainModel, SpoofPairModel } from "../model/topology";
import type { RawFinding, Rule } from "./rule";
import { groupBy } from "./topology-queries";

/** Why a pair's spoof type disagrees with its spoofed user in a tenant accepting `accepted`, or undefined. */
function mismatch(pair: SpoofPairModel, accepted: Pick<{ acceptedDomains: readonly AcceptedDomainModel[] }, "acceptedDomains">, initialDomain: string): string | undefined {
  if (pair.spoofedUser === "*") return undefined;
  const domain = addressDomain(pair.spoofedUser)!;
  // A tenant's initial domain is one of its accepted domains, declared or not.
  const own = domain === initialDomain || isAcceptedDomain(accepted, domain);
  if (pair.spoofType === "Internal" && !own) {
    return `is Internal, but ${domain} is not an accepted domain of ${initialDomain}: Internal is for the tenant's own domains; use External`;
  }
  if (pair.spoofType === "External" && own) {
    return `is External, but ${domain} is an accepted domain of ${initialDomain}: spoofing of the tenant's own domains is Internal; use Internal with the full address`;
  }
  if (pair.spoofType === "Internal" && !pair.spoofedUser.includes("@")) {
    return `is Internal with the spoofed user ${pair.spoofedUser}, a domain: for domains inside the organization name the full email address (what Exchange does with a domain here is not documented)`;
  }
  return undefined;
}

/**
 * A spoof pair whose `SpoofType` disagrees with its spoofed domain (Internal for a domain the tenant does not accept,
 * External for one it does), or an Internal entry whose spoofed user is a domain rather than a full address.
 * Accepted domains of every declaration of the tenant (same initial domain) count.
 */
export const spoofTypeMismatch: Rule = {
  id: "spoof-type-mismatch",
  severity: "warning",
  what: "A spoof pair's SpoofType disagrees with its spoofed domain (Internal for a domain the tenant does not accept, External for one it does), or an Internal pair names a domain instead of an address.",
  why:
    "SpoofType is Internal when the spoofed domain is one of the tenant's accepted domains and External otherwise, and for domains inside the " +
    "organization the spoofed user should be the full email address. What Exchange does with a mismatch is not documented (Microsoft's own cmdlet " +
    "example pairs bob@contoso.com with External), so the entry may not cover the mail it was meant for.",
  source: "Manage spoofed senders using the Tenant Allow/Block List; New-TenantAllowBlockListSpoofItems reference; seed \"Walkthrough - Spoof intelligence insight\"",
  fix: "Use Internal for the tenant's own domains with the full address of the spoofed user, and External for other domains.",
  check(topology) {
    const findings: RawFinding[] = [];
    for (const [initialDomain, declarations] of groupBy(topology.tenants, (tenant) => tenant.initialDomain)) {
      const accepted = { acceptedDomains: declarations.flatMap((tenant) => tenant.acceptedDomains) };
      for (const tenant of declarations) {
        for (const pair of tenant.spoofPairs) {
          const problem = mismatch(pair, accepted, initialDomain);
          if (problem === undefined) continue;
          findings.push({
            path: pair.path,
            message: `Spoof pair ${pair.spoofedUser} / ${pair.sendingInfrastructure} (${pair.action}) of tenant ${initialDomain} ${problem}.`,
          });
        }
      }
    }
    return findings;
  },
};
