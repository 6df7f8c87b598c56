import type { AcceptedDomainModel, TenantModel } from "../model/topology";
import type { Rule } from "./rule";
import { byCodeUnit, groupBy } from "./topology-queries";

/** Where a domain is accepted: a declared accepted domain, or a tenant's initial domain (which has no object of its own). */
interface DomainHolder {
  readonly tenant: TenantModel;
  readonly acceptedDomain?: AcceptedDomainModel;
}

/**
 * The same domain accepted in two tenants (told apart by initial domain), or a tenant accepting another tenant's
 * initial domain. Reported on each declared accepted domain involved; initial domains only count as the other side.
 */
export const acceptedDomainInMultipleTenants: Rule = {
  id: "accepted-domain-in-multiple-tenants",
  severity: "error",
  what: "The same domain is an accepted domain of two tenants.",
  why:
    "A domain can be added to and verified in one tenant only, so the deployment fails for all but one of them; and attribution by MAIL FROM " +
    "or RCPT TO, which looks the domain up among all tenants' accepted domains, would be ambiguous.",
  source: "Add a domain to Microsoft 365 (a domain belongs to one tenant); MC1226222",
  fix: "Keep the domain in the one tenant that owns it and remove it from the others; give other tenants subdomains or domains of their own.",
  check(topology) {
    const holders = groupBy(
      topology.tenants.flatMap((tenant): DomainHolder[] => [{ tenant }, ...tenant.acceptedDomains.map((acceptedDomain) => ({ tenant, acceptedDomain }))]),
      (holder) => holder.acceptedDomain?.domainName.toLowerCase() ?? holder.tenant.initialDomain,
    );
    const describe = (holder: DomainHolder): string =>
      holder.acceptedDomain ? `tenant ${holder.tenant.initialDomain} (${holder.acceptedDomain.path})` : `tenant ${holder.tenant.initialDomain} (its initial domain)`;

    return [...holders.entries()].flatMap(([domainName, list]) =>
      list.flatMap((holder) => {
        if (!holder.acceptedDomain) return [];
        const others = [...new Set(list.filter((other) => other.tenant.initialDomain !== holder.tenant.initialDomain).map(describe))].sort(byCodeUnit);
        if (others.length === 0) return [];
        return [{
          path: holder.acceptedDomain.path,
          message:
            `Accepted domain ${domainName} of tenant ${holder.tenant.initialDomain} is also accepted in ${others.join(", ")}. ` +
            `A domain can be verified in one tenant only, and attribution by sender or recipient domain would be ambiguous. ` +
            `Keep ${domainName} in the tenant that owns it and remove it from the others.`,
        }];
      }),
    );
  },
};
