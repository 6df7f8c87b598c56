/**
 * The places where a Topology declares the public addresses Exchange Online sees mail come from:
 * inbound connectors' `SenderIPAddresses` and on-premises organizations' egress addresses.
 */
import type { Ipv4Range } from "../model/ip";
import type { Topology } from "../model/topology";
import { describeConnector, inboundConnectors, parsedRanges } from "./topology-queries";

/** One object's declared addresses, with how a message names them. */
export interface IpAddressSource {
  /** Construct path of the object that declares the addresses. */
  readonly path: string;
  /** How a message names the list, e.g. `SenderIPAddresses of inbound connector "x" (…) of tenant y`. */
  readonly description: string;
  readonly ranges: readonly Ipv4Range[];
}

/** Sources per Topology: three rules read them, and parsing every range of thousands of tenants once is enough. */
const sourcesOf = new WeakMap<Topology, readonly IpAddressSource[]>();

/** Every inbound connector's SenderIPAddresses (any type, enabled or not) and every organization's egress addresses. */
export function ipAddressSources(topology: Topology): readonly IpAddressSource[] {
  let sources = sourcesOf.get(topology);
  if (sources === undefined) {
    sources = collectSources(topology);
    sourcesOf.set(topology, sources);
  }
  return sources;
}

function collectSources(topology: Topology): IpAddressSource[] {
  return [
    ...inboundConnectors(topology).map((entry) => ({
      path: entry.connector.path,
      description: `SenderIPAddresses of ${describeConnector(entry)}`,
      ranges: parsedRanges(entry.connector.senderIpAddresses),
    })),
    ...topology.organizations.map((organization) => ({
      path: organization.path,
      description: `egress addresses of on-premises organization ${organization.path}`,
      ranges: parsedRanges(organization.egressIpAddresses),
    })),
  ].filter((source) => source.ranges.length > 0);
}
