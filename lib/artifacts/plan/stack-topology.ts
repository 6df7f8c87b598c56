/**
 * The part of an app's Topology that one stack's plan shows: the stack's own objects, and the objects of other stacks
 * they relate to (so a reviewer of one stack still sees a tenant its send connector targets, or a tenant of another
 * stack that trusts the same certificate or IP addresses).
 */
import { certificateNameMatches } from "../../model/domain-name";
import { parseIpv4Range, rangesOverlap, type Ipv4Range } from "../../model/ip";
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
  const targets = new Set(sliceSendConnectors.map((s) => s.tenantPath));
  const ownDomains = new Set(ownTenants.flatMap((t) => t.acceptedDomains.map((d) => d.domainName)));
  const ownCertificateNames = [
    ...ownTenants.flatMap((t) => t.inboundConnectors.filter(identifiesSenders).flatMap((c) => (c.tlsSenderCertificateName ? [c.tlsSenderCertificateName] : []))),
    ...certificates
      .filter((c) => ownOrganizations.some((o) => o.sendConnectors.some((s) => s.certificatePath === c.path)))
      .flatMap((c) => c.dnsNames),
  ].map((n) => n.toLowerCase());
  const ownRanges = [
    ...ownTenants.flatMap((t) => t.inboundConnectors.filter(identifiesSenders).flatMap((c) => c.senderIpAddresses)),
    ...ownOrganizations.flatMap((o) => o.egressIpAddresses),
  ].flatMap(rangeOf);

  const relates = (tenant: TenantModel): boolean => {
    if (targets.has(tenant.path)) return true;
    if (tenant.acceptedDomains.some((d) => ownDomains.has(d.domainName))) return true;
    for (const connector of tenant.inboundConnectors.filter(identifiesSenders)) {
      const name = connector.tlsSenderCertificateName?.toLowerCase();
      if (name !== undefined && ownCertificateNames.some((own) => certificateNameMatches(name, own) || certificateNameMatches(own, name))) return true;
      if (connector.senderIpAddresses.flatMap(rangeOf).some((range) => ownRanges.some((own) => rangesOverlap(range, own)))) return true;
    }
    return false;
  };
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

/** The range of an IPv4 text, or none when it does not parse (the model validated it; a plan must not crash on it). */
function rangeOf(text: string): Ipv4Range[] {
  const parsed = parseIpv4Range(text);
  return parsed.ok ? [parsed.range] : [];
}
