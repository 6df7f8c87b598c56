/**
 * Lookups by construct path over a Topology, built once per Topology object: the plan simulates the standard flows
 * of every send connector, and a scan of every organization, tenant and certificate per send connector made that
 * quadratic in the number of tenants. Topology data is read-only by contract, so an index never goes stale.
 */
import type { CertificateModel, OnPremisesOrganizationModel, SendConnectorModel, TenantModel, Topology } from "./topology";

/** A send connector with the organization that declares it. */
export interface SendConnectorEntry {
  readonly organization: OnPremisesOrganizationModel;
  readonly sendConnector: SendConnectorModel;
}

/** The objects of a Topology by path; where a path occurs twice, the first in topology order (what a scan finds). */
export interface TopologyPaths {
  readonly tenants: ReadonlyMap<string, TenantModel>;
  readonly certificates: ReadonlyMap<string, CertificateModel>;
  readonly sendConnectors: ReadonlyMap<string, SendConnectorEntry>;
}

const indexes = new WeakMap<Topology, TopologyPaths>();

function firstByPath<T>(map: Map<string, T>, path: string, value: T): void {
  if (!map.has(path)) map.set(path, value);
}

/** The path index of `topology`, built on first use. */
export function topologyPaths(topology: Topology): TopologyPaths {
  let index = indexes.get(topology);
  if (index === undefined) {
    const tenants = new Map<string, TenantModel>();
    const certificates = new Map<string, CertificateModel>();
    const sendConnectors = new Map<string, SendConnectorEntry>();
    for (const tenant of topology.tenants) firstByPath(tenants, tenant.path, tenant);
    for (const certificate of topology.certificates) firstByPath(certificates, certificate.path, certificate);
    for (const organization of topology.organizations) {
      for (const sendConnector of organization.sendConnectors) firstByPath(sendConnectors, sendConnector.path, { organization, sendConnector });
    }
    index = { tenants, certificates, sendConnectors };
    indexes.set(topology, index);
  }
  return index;
}
