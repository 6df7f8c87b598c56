/**
 * Which names a tenant accepts, and the certificate domain of a certificate name (domain.md section 4).
 * Shared by the rules and the simulator so both read the same facts the same way.
 */
import { isSameOrSubdomain, isWildcardName, parentDomain } from "./domain-name";
import type { AcceptedDomainModel, TenantModel } from "./topology";

/**
 * The accepted domain of the tenant that covers `domainName`: an exact accepted domain, or an
 * InternalRelay domain with `MatchSubDomains` that the name lies under. Lower-case input.
 */
export function acceptedDomainFor(tenant: Pick<TenantModel, "acceptedDomains">, domainName: string): AcceptedDomainModel | undefined {
  let bySubdomain: AcceptedDomainModel | undefined;
  for (const domain of tenant.acceptedDomains) {
    if (domain.domainName === domainName) return domain;
    if (domain.matchSubDomains && domain.domainType === "InternalRelay" && isSameOrSubdomain(domainName, domain.domainName)) {
      bySubdomain ??= domain;
    }
  }
  return bySubdomain;
}

/** True when the tenant accepts `domainName` (see {@link acceptedDomainFor}). */
export function isAcceptedDomain(tenant: Pick<TenantModel, "acceptedDomains">, domainName: string): boolean {
  return acceptedDomainFor(tenant, domainName) !== undefined;
}

/**
 * The certificate domain of a certificate name in a tenant, or undefined when it has none:
 * `*.d` → `d` when accepted; a host name → itself when accepted, else its parent when accepted
 * (KB 4019940: `host.sub.contoso.com` needs `sub.contoso.com`; `contoso.com` alone is not enough).
 */
export function certificateDomain(tenant: Pick<TenantModel, "acceptedDomains">, certificateName: string): string | undefined {
  const name = certificateName.toLowerCase();
  if (isWildcardName(name)) {
    const base = name.slice(2);
    return isAcceptedDomain(tenant, base) ? base : undefined;
  }
  if (isAcceptedDomain(tenant, name)) return name;
  const parent = parentDomain(name);
  return parent !== undefined && isAcceptedDomain(tenant, parent) ? parent : undefined;
}
