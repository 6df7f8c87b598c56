import type { AcceptedDomainModel, TenantModel } from "../model/topology";
import type { Rule } from "./rule";
import { byCodeUnit } from "./topology-queries";

/**
 * A domain accepted in one tenant while a parent domain (any ancestor) is accepted in another. Microsoft Entra allows it
 * ("you can also verify the subdomain europe.contoso.com in a different Microsoft Entra organization"), but attribution
 * by MAIL FROM or RCPT TO then sends the subdomain to the other tenant (domain.md sections 2 and 3).
 */
export const subdomainInAnotherTenant: Rule = {
  id: "subdomain-in-another-tenant",
  severity: "warning",
  what: "A subdomain is an accepted domain of one tenant while its parent is an accepted domain of another tenant.",
  why:
    "Microsoft Entra allows verifying a subdomain in another organization than its parent, but Exchange Online then attributes mail from or to the " +
    "subdomain (by MAIL FROM or RCPT TO) to the subdomain's tenant: the parent's tenant no longer relays for it through MatchSubDomains, and its users " +
    "who send as the subdomain are attributed to the other tenant.",
  source: "Microsoft Entra: add a custom domain (subdomains in another organization); MC1226222 (attribution by MAIL FROM and RCPT TO)",
  fix:
    "If the subdomain belongs to the other tenant, make sure no user or relay of the parent's tenant sends as it and that the parent's " +
    "MatchSubDomains is not meant to cover it, then suppress with that reason; otherwise remove the subdomain from one of the tenants.",
  check(topology) {
    const owners = new Map<string, { tenant: TenantModel; domain: AcceptedDomainModel }[]>();
    for (const tenant of topology.tenants) {
      for (const domain of tenant.acceptedDomains) {
        const name = domain.domainName.toLowerCase();
        const list = owners.get(name);
        if (list === undefined) owners.set(name, [{ tenant, domain }]);
        else list.push({ tenant, domain });
      }
    }
    return topology.tenants.flatMap((tenant) =>
      tenant.acceptedDomains.flatMap((domain) => {
        const name = domain.domainName.toLowerCase();
        const parents: string[] = [];
        for (let at = name.indexOf("."); at >= 0 && name.indexOf(".", at + 1) >= 0; at = name.indexOf(".", at + 1)) {
          const parent = name.slice(at + 1);
          for (const owner of owners.get(parent) ?? []) {
            if (owner.tenant.initialDomain === tenant.initialDomain) continue;
            const relays = owner.domain.domainType === "InternalRelay" && owner.domain.matchSubDomains;
            parents.push(`${parent} (${owner.domain.path}) of tenant ${owner.tenant.initialDomain}${relays ? ", an InternalRelay domain with MatchSubDomains that would otherwise cover it" : ""}`);
          }
        }
        if (parents.length === 0) return [];
        return [{
          path: domain.path,
          message:
            `Accepted domain ${name} of tenant ${tenant.initialDomain} lies under ${[...new Set(parents)].sort(byCodeUnit).join("; ")}. Microsoft Entra allows a ` +
            `subdomain in another organization, but Exchange Online attributes mail from or to ${name} by MAIL FROM or RCPT TO to ${tenant.initialDomain}, ` +
            `not to the parent's tenant. If that is intended, check that no user or relay of the parent's tenant sends as ${name} and suppress with that reason; ` +
            "otherwise remove the subdomain from one of the tenants.",
        }];
      }),
    );
  },
};
