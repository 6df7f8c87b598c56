import type { Rule } from "./rule";

/** `MatchSubDomains` on an accepted domain that is not InternalRelay. */
export const matchSubDomainsRequiresInternalRelay: Rule = {
  id: "match-subdomains-requires-internal-relay",
  severity: "error",
  what: "An accepted domain sets MatchSubDomains but its DomainType is not InternalRelay.",
  why: "Exchange Online accepts MatchSubDomains $true only on InternalRelay domains, so Set-AcceptedDomain fails and subdomains are not accepted.",
  source: "Set-AcceptedDomain reference",
  fix: "Set DomainType InternalRelay (and route the domain to your servers with an OnPremises outbound connector), or turn MatchSubDomains off.",
  check(topology) {
    return topology.tenants.flatMap((tenant) =>
      tenant.acceptedDomains
        .filter((domain) => domain.matchSubDomains && domain.domainType !== "InternalRelay")
        .map((domain) => ({
          path: domain.path,
          message:
            `Accepted domain ${domain.domainName} of tenant ${tenant.initialDomain} sets MatchSubDomains, but its DomainType is ${domain.domainType}: ` +
            `Exchange Online allows MatchSubDomains on InternalRelay domains only. Set DomainType InternalRelay, or turn MatchSubDomains off.`,
        })),
    );
  },
};
