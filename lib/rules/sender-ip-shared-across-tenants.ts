import type { Ipv4Range } from "../model/ip";
import { overlappingPairs, type TaggedInterval } from "./ip-interval-sweep";
import type { Rule } from "./rule";
import { byCodeUnit, describeConnector, identifyingConnectors, listForMessage, parsedRanges, type TenantConnector } from "./topology-queries";

/** One range of one identifying connector. */
interface ConnectorRange {
  readonly entry: TenantConnector;
  readonly range: Ipv4Range;
}

/**
 * An address that an enabled OnPremises connector of one tenant accepts and that an enabled OnPremises
 * connector of another tenant also accepts. Reported on both connectors, one finding each listing all its
 * overlaps, so that each tenant's owner sees the problem on their own object.
 * Tenants are told apart by initial domain, so one tenant declared twice does not collide with itself.
 */
export const senderIpSharedAcrossTenants: Rule = {
  id: "sender-ip-shared-across-tenants",
  severity: "error",
  what: "An address in one tenant's OnPremises connector (SenderIPAddresses) lies in a range of another tenant's OnPremises connector.",
  why:
    "Exchange Online cannot tell from the source address which tenant a message belongs to, so it may attribute it to the wrong one; " +
    "the connection works until Microsoft moves a tenant, then mail fails with 550 5.7.64 TenantAttribution; Relay Access Denied.",
  source: "MC1226222",
  fix:
    "Identify each tenant's senders by a certificate unique to that tenant (TlsSenderCertificateName), " +
    "or give each tenant its own egress addresses and list only those.",
  check(topology) {
    const intervals: TaggedInterval<ConnectorRange>[] = identifyingConnectors(topology).flatMap((entry) =>
      parsedRanges(entry.connector.senderIpAddresses).map((range) => ({ start: range.start, end: range.end, tag: { entry, range } })),
    );
    const pairs = overlappingPairs(intervals, (a, b) => a.tag.entry.tenant.initialDomain !== b.tag.entry.tenant.initialDomain);

    const overlapsByConnector = new Map<string, { entry: TenantConnector; overlaps: Set<string> }>();
    const record = (mine: ConnectorRange, theirs: ConnectorRange): void => {
      const key = mine.entry.connector.path;
      let slot = overlapsByConnector.get(key);
      if (!slot) overlapsByConnector.set(key, (slot = { entry: mine.entry, overlaps: new Set() }));
      slot.overlaps.add(`${mine.range.cidr} overlaps ${theirs.range.cidr} of ${describeConnector(theirs.entry)}`);
    };
    for (const [a, b] of pairs) {
      record(a.tag, b.tag);
      record(b.tag, a.tag);
    }

    return [...overlapsByConnector.values()].map(({ entry, overlaps }) => ({
      path: entry.connector.path,
      message:
        `${describeConnector(entry)} accepts sender addresses that another tenant's connector also accepts: ` +
        `${listForMessage([...overlaps].sort(byCodeUnit))}. Exchange Online cannot tell these tenants apart by source address, ` +
        `so mail may be attributed to the wrong tenant and relay fails with 550 5.7.64. Identify each tenant's senders by a certificate ` +
        `unique to that tenant (TlsSenderCertificateName), or give each tenant its own egress addresses.`,
    }));
  },
};
