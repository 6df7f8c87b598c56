/**
 * Values a Topology read from a file can hold although its shape is right: an address that is not one, a reference to
 * an object that is not there. The constructs never produce them; a plan.json edited by hand, or a reader of live
 * exports, can. Checking them first turns what would be a crash deep in the simulator into one clear message.
 */
import { parseIpv4Range } from "./ip";
import type { Topology } from "./topology";
import { topologyPaths } from "./topology-paths";

/** One invalid value: where it is (the field's place in the Topology and the object's construct path) and what is wrong. */
export interface TopologyProblem {
  /** The field, such as `tenants[0].inboundConnectors[1].senderIpAddresses[0]`. */
  readonly field: string;
  /** The construct path of the object holding it. */
  readonly path: string;
  /** What is wrong, with the value. */
  readonly message: string;
}

/**
 * Every IPv4 range that does not parse (connectors' `senderIpAddresses`, organizations' `egressIpAddresses`) and every
 * send connector whose `tenantPath` or `certificatePath` names no tenant or certificate of the Topology, in Topology order.
 */
export function topologyValueProblems(topology: Topology): TopologyProblem[] {
  const problems: TopologyProblem[] = [];
  const ranges = (texts: readonly string[], field: string, path: string) =>
    texts.forEach((text, k) => {
      const parsed = parseIpv4Range(text);
      if (!parsed.ok) problems.push({ field: `${field}[${k}]`, path, message: `${JSON.stringify(text)} is not an IPv4 address or CIDR range: ${parsed.reason}` });
    });
  topology.tenants.forEach((tenant, t) =>
    tenant.inboundConnectors.forEach((connector, c) => ranges(connector.senderIpAddresses, `tenants[${t}].inboundConnectors[${c}].senderIpAddresses`, connector.path)));
  const paths = topologyPaths(topology);
  topology.organizations.forEach((organization, o) => {
    ranges(organization.egressIpAddresses, `organizations[${o}].egressIpAddresses`, organization.path);
    organization.sendConnectors.forEach((sendConnector, s) => {
      const field = `organizations[${o}].sendConnectors[${s}]`;
      if (!paths.tenants.has(sendConnector.tenantPath)) {
        problems.push({ field: `${field}.tenantPath`, path: sendConnector.path, message: `${JSON.stringify(sendConnector.tenantPath)} is not the path of a tenant in the file` });
      }
      if (!paths.certificates.has(sendConnector.certificatePath)) {
        problems.push({ field: `${field}.certificatePath`, path: sendConnector.path, message: `${JSON.stringify(sendConnector.certificatePath)} is not the path of a certificate in the file` });
      }
    });
  });
  return problems;
}
