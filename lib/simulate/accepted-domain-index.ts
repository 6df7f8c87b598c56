/**
 * Accepted domain → tenant across the whole topology, so attribution by MAIL FROM and RCPT TO is a hash lookup.
 */
import type { AcceptedDomainModel } from "../model/topology";
import type { IndexedTenant } from "./tenant-index";

/** The tenants that accept a domain through one accepted domain, in topology order. */
export interface DomainOwners {
  /** The accepted domain that covers the looked-up name (the name itself, or a MatchSubDomains parent). */
  readonly domain: AcceptedDomainModel;
  /** Every tenant that declares it; more than one is the `accepted-domain-in-multiple-tenants` error. */
  readonly tenants: readonly IndexedTenant[];
  /** True when the name lies under `domain` rather than equalling it. */
  readonly bySubdomain: boolean;
}

/** Finds which tenant accepts a domain name. */
export class AcceptedDomainIndex {
  private readonly exact = new Map<string, DomainOwners>();
  private readonly subdomain = new Map<string, DomainOwners>();

  /** Indexes every accepted domain of `tenants` (in topology order). */
  constructor(tenants: readonly IndexedTenant[]) {
    const exact = new Map<string, { domain: AcceptedDomainModel; tenants: IndexedTenant[] }>();
    const subdomain = new Map<string, { domain: AcceptedDomainModel; tenants: IndexedTenant[] }>();
    for (const tenant of tenants) {
      for (const domain of tenant.acceptedDomains) {
        addOwner(exact, domain, tenant);
        if (domain.matchSubDomains && domain.domainType === "InternalRelay") addOwner(subdomain, domain, tenant);
      }
    }
    for (const [name, owners] of exact) this.exact.set(name, { ...owners, bySubdomain: false });
    for (const [name, owners] of subdomain) this.subdomain.set(name, { ...owners, bySubdomain: true });
  }

  /**
   * Who accepts `domainName` (lower case): tenants with it as an accepted domain; otherwise the tenants whose
   * nearest InternalRelay parent with MatchSubDomains covers it (the most specific declaration wins). Undefined when none.
   */
  lookup(domainName: string): DomainOwners | undefined {
    const exact = this.exact.get(domainName);
    if (exact !== undefined || this.subdomain.size === 0) return exact;
    for (let at = domainName.indexOf("."); at >= 0; at = domainName.indexOf(".", at + 1)) {
      const owners = this.subdomain.get(domainName.slice(at + 1));
      if (owners !== undefined) return owners;
    }
    return undefined;
  }
}

function addOwner(
  map: Map<string, { domain: AcceptedDomainModel; tenants: IndexedTenant[] }>, domain: AcceptedDomainModel, tenant: IndexedTenant,
): void {
  const owners = map.get(domain.domainName);
  if (owners === undefined) map.set(domain.domainName, { domain, tenants: [tenant] });
  else if (!owners.tenants.includes(tenant)) owners.tenants.push(tenant);
}
