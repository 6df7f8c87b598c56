import type { Ipv4Range } from "../model/ip";
import { IntervalOverlapIndex, type TaggedInterval } from "./ip-interval-sweep";
import type { Rule } from "./rule";
import {
  boundedListForMessage, byCodeUnit, describeConnector, groupBy, identifyingConnectors, MESSAGE_LIST_LIMIT, parsedRanges, type TenantConnector,
} from "./topology-queries";

/** One range of one identifying connector. */
interface ConnectorRange {
  readonly entry: TenantConnector;
  readonly range: Ipv4Range;
}

/**
 * An address that an enabled OnPremises connector of one tenant accepts and that an enabled OnPremises
 * connector of another tenant also accepts. Reported on both connectors, one finding each naming its first overlaps and
 * counting the rest, so that each tenant's owner sees the problem on their own object.
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
    const connectors = identifyingConnectors(topology);
    // A connector's ranges once each: "1.2.3.4" and "1.2.3.4/32" are one range.
    const intervals: TaggedInterval<ConnectorRange>[] = connectors.flatMap((entry) =>
      [...new Map(parsedRanges(entry.connector.senderIpAddresses).map((range) => [range.cidr, range])).values()]
        .map((range) => ({ start: range.start, end: range.end, tag: { entry, range } })),
    );
    const tenantOf = (interval: TaggedInterval<ConnectorRange>): string => interval.tag.entry.tenant.initialDomain;
    const order = (a: TaggedInterval<ConnectorRange>, b: TaggedInterval<ConnectorRange>): number =>
      byCodeUnit(tenantOf(a), tenantOf(b)) || byCodeUnit(a.tag.entry.connector.path, b.tag.entry.connector.path);
    // Overlaps with other tenants = all overlaps - the tenant's own: two counts, never the pairs themselves.
    const everyTenant = new IntervalOverlapIndex(intervals, order);
    const perTenant = new Map([...groupBy(intervals, tenantOf)].map(([tenantName, own]) => [tenantName, new IntervalOverlapIndex(own)]));

    const overlapsByConnector = new Map<string, { entry: TenantConnector; total: number; first: string[] }>();
    for (const interval of intervals) {
      const mine = interval.tag;
      const tenantName = tenantOf(interval);
      const others = everyTenant.count(mine.range.start, mine.range.end) - perTenant.get(tenantName)!.count(mine.range.start, mine.range.end);
      if (others === 0) continue;
      const key = mine.entry.connector.path;
      let slot = overlapsByConnector.get(key);
      if (!slot) overlapsByConnector.set(key, (slot = { entry: mine.entry, total: 0, first: [] }));
      slot.total += others;
      const first = slot.first;
      let named = 0;
      everyTenant.forEachOverlap(mine.range.start, mine.range.end, (theirs) => {
        if (tenantOf(theirs) === tenantName) return true;
        first.push(`${mine.range.cidr} overlaps ${theirs.tag.range.cidr} of ${describeConnector(theirs.tag.entry)}`);
        return ++named < MESSAGE_LIST_LIMIT;
      });
    }

    return [...overlapsByConnector.values()].map(({ entry, total, first }) => ({
      path: entry.connector.path,
      message:
        `${describeConnector(entry)} accepts sender addresses that another tenant's connector also accepts: ` +
        `${boundedListForMessage(first.sort(byCodeUnit).slice(0, MESSAGE_LIST_LIMIT), total)}. Exchange Online cannot tell these tenants apart by source address, ` +
        `so mail may be attributed to the wrong tenant and relay fails with 550 5.7.64. Identify each tenant's senders by a certificate ` +
        `unique to that tenant (TlsSenderCertificateName), or give each tenant its own egress addresses.`,
    }));
  },
};
