/**
 * The SMTP connection a send connector opens to Exchange Online, derived from the declared topology.
 */
import { intToIpv4, ipv4Range } from "./ip";
import type { Topology } from "./topology";
import { topologyPaths } from "./topology-paths";

/** What Exchange Online sees of a connection: its source IP and the client certificate's DNS names. */
export interface Connection {
  /** Source IPv4 address. */
  readonly sourceIp?: string;
  /** DNS names (CN and SANs) of the certificate presented. */
  readonly certificateNames?: readonly string[];
}

/**
 * The connection a send connector opens: source IP = the first address of its organization's first egress range
 * (none when the organization declares no egress), certificate names = the DNS names of its certificate (none when
 * the certificate path names no certificate). Undefined when no organization has a send connector at that path.
 */
export function sendConnectorConnection(topology: Topology, sendConnectorPath: string): Connection | undefined {
  const paths = topologyPaths(topology);
  const entry = paths.sendConnectors.get(sendConnectorPath);
  if (entry === undefined) return undefined;
  const certificate = paths.certificates.get(entry.sendConnector.certificatePath);
  const egress = entry.organization.egressIpAddresses[0];
  return {
    ...(egress !== undefined ? { sourceIp: intToIpv4(ipv4Range(egress).start) } : {}),
    ...(certificate !== undefined && certificate.dnsNames.length > 0 ? { certificateNames: [...certificate.dnsNames] } : {}),
  };
}
