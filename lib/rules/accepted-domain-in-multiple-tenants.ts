import type { AcceptedDomainModel, TenantModel } from "../model/topology";
import type { RawFinding, Rule } from "./rule";
import { boundedListForMessage, byCodeUnit, groupBy, MESSAGE_LIST_LIMIT } from "./topology-queries";

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

    const findings: RawFinding[] = [];
    for (const [domainName, list] of holders) {
      // Each holder's description once, sorted; a holder's "others" are that list without its own tenant's entries,
      // named up to a limit and counted: thousands of tenants accepting one domain cost a count each, not a list each.
      const described = [...new Map(list.map((holder) => [describe(holder), holder.tenant.initialDomain])).entries()].sort(([a], [b]) => byCodeUnit(a, b));
      if (new Set(described.map(([, tenantName]) => tenantName)).size < 2) continue;
      const perTenant = new Map<string, number>();
      for (const [, tenantName] of described) perTenant.set(tenantName, (perTenant.get(tenantName) ?? 0) + 1);
      for (const holder of list) {
        if (!holder.acceptedDomain) continue;
        const own = holder.tenant.initialDomain;
        const first: string[] = [];
        for (let at = 0; at < described.length && first.length < MESSAGE_LIST_LIMIT; at++) if (described[at][1] !== own) first.push(described[at][0]);
        findings.push({
          path: holder.acceptedDomain.path,
          message:
            `Accepted domain ${domainName} of tenant ${own} is also accepted in ${boundedListForMessage(first, described.length - perTenant.get(own)!, ", ")}. ` +
            `A domain can be verified in one tenant only, and attribution by sender or recipient domain would be ambiguous. ` +
            `Keep ${domainName} in the tenant that owns it and remove it from the others.`,
        });
      }
    }
    return findings;
  },
};
