/**
 * The part of an app's Topology that one stack's plan shows: the stack's own objects, and the objects of other stacks
 * they relate to (so a reviewer of one stack still sees a tenant its send connector targets, or a tenant of another
 * stack that trusts the same certificate or IP addresses).
 */
import { CertificateNameIndex } from "../../model/certificate-name-index";
import { parseIpv4Range, type Ipv4Range } from "../../model/ip";
import type { InboundConnectorModel, OnPremisesOrganizationModel, TenantModel, Topology } from "../../model/topology";

/** True when a construct path is the stack's own path or lies under it. */
export function isInStack(path: string, stackPath: string): boolean {
  return path === stackPath || path.startsWith(`${stackPath}/`);
}

/** True for the connectors that identify a customer's servers: enabled OnPremises connectors (domain.md section 3). */
export function identifiesSenders(connector: InboundConnectorModel): boolean {
  return connector.enabled && connector.connectorType === "OnPremises";
}

/**
 * The stack's slice of the Topology, in the Topology's own order:
 * - tenants: the stack's tenants; and tenants of other stacks that a send connector of the slice targets, that share an
 *   accepted domain with a tenant of the stack, whose OnPremises connectors match a certificate name of the stack (a
 *   connector's TlsSenderCertificateName or a DNS name of a certificate a send connector of the stack presents) or
 *   overlap an IP range of the stack (a connector's SenderIPAddresses or an organization's egress);
 * - organizations: the stack's organizations; and organizations of other stacks that send to a tenant of the stack,
 *   with only those send connectors;
 * - certificates: those declared in the stack and those the slice's send connectors present;
 * - expectations: those declared in the stack;
 * - suppressions: those applied in the stack or to one of its ancestors (which cover it).
 */
export function stackTopology(topology: Topology, stackPath: string): Topology {
  const ownTenants = topology.tenants.filter((t) => t.stack === stackPath);
  const ownTenantPaths = new Set(ownTenants.map((t) => t.path));
  const organizations: OnPremisesOrganizationModel[] = [];
  for (const organization of topology.organizations) {
    if (organization.stack === stackPath) {
      organizations.push(organization);
      continue;
    }
    const toStack = organization.sendConnectors.filter((s) => ownTenantPaths.has(s.tenantPath));
    if (toStack.length > 0) organizations.push({ ...organization, sendConnectors: toStack });
  }
  const sliceSendConnectors = organizations.flatMap((o) => o.sendConnectors);
  const presented = new Set(sliceSendConnectors.map((s) => s.certificatePath));
  const certificates = topology.certificates.filter((c) => isInStack(c.path, stackPath) || presented.has(c.path));

  const ownOrganizations = organizations.filter((o) => o.stack === stackPath);
  const ownPresented = new Set(ownOrganizations.flatMap((o) => o.sendConnectors.map((s) => s.certificatePath)));
  const targets = new Set(sliceSendConnectors.map((s) => s.tenantPath));
  const ownDomains = new Set(ownTenants.flatMap((t) => t.acceptedDomains.map((d) => d.domainName)));
  const ownCertificateNames = [
    ...ownTenants.flatMap((t) => t.inboundConnectors.filter(identifiesSenders).flatMap((c) => (c.tlsSenderCertificateName ? [c.tlsSenderCertificateName] : []))),
    ...certificates.filter((c) => ownPresented.has(c.path)).flatMap((c) => c.dnsNames),
  ].map((n) => n.toLowerCase());
  const ownRanges = new RangeSet([
    ...ownTenants.flatMap((t) => t.inboundConnectors.filter(identifiesSenders).flatMap((c) => c.senderIpAddresses)),
    ...ownOrganizations.flatMap((o) => o.egressIpAddresses),
  ].flatMap(rangeOf));

  // Certificate names match in either direction (a name of ours as the connector's or as the certificate's), looked up
  // through indexes so that a stack of thousands of tenants does not compare every pair.
  const others = topology.tenants.filter((t) => t.stack !== stackPath);
  const otherNames = others.flatMap((tenant) =>
    tenant.inboundConnectors.filter(identifiesSenders).flatMap((c) => (c.tlsSenderCertificateName ? [{ name: c.tlsSenderCertificateName.toLowerCase(), item: tenant }] : [])),
  );
  const byCertificate = new Set<TenantModel>(new CertificateNameIndex(otherNames).match(ownCertificateNames, []));
  const ownNameIndex = new CertificateNameIndex(ownCertificateNames.map((name) => ({ name, item: name })));
  for (const { name, item } of otherNames) if (ownNameIndex.match([name], []).length > 0) byCertificate.add(item);

  const relates = (tenant: TenantModel): boolean =>
    targets.has(tenant.path) ||
    byCertificate.has(tenant) ||
    tenant.acceptedDomains.some((d) => ownDomains.has(d.domainName)) ||
    tenant.inboundConnectors.some((c) => identifiesSenders(c) && c.senderIpAddresses.flatMap(rangeOf).some((r) => ownRanges.overlaps(r)));
  const tenants = topology.tenants.filter((t) => t.stack === stackPath || relates(t));

  const isAncestorOrSelf = (path: string) => path === "" || stackPath === path || stackPath.startsWith(`${path}/`);
  return {
    tenants,
    certificates,
    organizations,
    expectations: topology.expectations.filter((e) => isInStack(e.path, stackPath)),
    suppressions: topology.suppressions.filter((s) => isInStack(s.path, stackPath) || isAncestorOrSelf(s.path)),
  };
}

/** IPv4 ranges merged into sorted disjoint intervals, for overlap questions in logarithmic time. */
class RangeSet {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(ranges: readonly Ipv4Range[]) {
    for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
      const last = this.ends.length - 1;
      if (last >= 0 && range.start <= this.ends[last] + 1) this.ends[last] = Math.max(this.ends[last], range.end);
      else {
        this.starts.push(range.start);
        this.ends.push(range.end);
      }
    }
  }

  /** True when `range` shares an address with one of the intervals. */
  overlaps(range: Ipv4Range): boolean {
    // The first interval that ends at or after the range's start is the only candidate.
    let low = 0;
    let high = this.ends.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ends[middle] < range.start) low = middle + 1;
      else high = middle;
    }
    return low < this.ends.length && this.starts[low] <= range.end;
  }
}

/** The range of an IPv4 text, or none when it does not parse (the model validated it; a plan must not crash on it). */
function rangeOf(text: string): Ipv4Range[] {
  const parsed = parseIpv4Range(text);
  return parsed.ok ? [parsed.range] : [];
}
