import * as ipaddr from "ipaddr.js";
import { ipv4Range, rangeContains, type Ipv4Range } from "../model/ip";
import { ipAddressSources } from "./ip-address-sources";
import type { Rule } from "./rule";

/** The ipaddr.js `range()` kinds that never appear as a public source address, as messages name them. */
const NON_PUBLIC_KINDS: Readonly<Record<string, string>> = {
  private: "private (RFC 1918)",
  loopback: "loopback",
  linkLocal: "link-local",
  carrierGradeNat: "shared address space (carrier-grade NAT, RFC 6598)",
  unspecified: "unspecified (0.0.0.0/8)",
  broadcast: "broadcast",
  multicast: "multicast",
  reserved: "reserved",
};

/** RFC 5737 documentation blocks: ipaddr.js calls them reserved, but examples and tests use them on purpose. */
const DOCUMENTATION_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"].map((cidr) => ipv4Range(cidr));

/** The kind of non-public space an address lies in, or undefined when it is public (or documentation). */
function nonPublicKind(address: number): string | undefined {
  // From octets rather than text: the same ipaddr.js classification without formatting and parsing the address.
  const kind = new ipaddr.IPv4([address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255]).range();
  if (kind === "reserved" && DOCUMENTATION_RANGES.some((range) => rangeContains(range, address))) return undefined;
  return NON_PUBLIC_KINDS[kind];
}

/**
 * The kind of non-public space a range touches. Special blocks are CIDR blocks of /24 or wider, so for a
 * range of /24 or narrower (every SenderIPAddresses entry) the kind of its first address decides; for wider
 * egress ranges its first and last addresses are checked, which misses a special block strictly inside it.
 */
function nonPublicKindOfRange(range: Ipv4Range): string | undefined {
  return nonPublicKind(range.start) ?? nonPublicKind(range.end);
}

/** A SenderIPAddresses range (or an organization's egress range) in private, loopback, link-local, CGNAT or other non-public space. */
export const senderIpPrivate: Rule = {
  id: "sender-ip-private",
  severity: "warning",
  what: "A SenderIPAddresses range or an organization's egress range is private, loopback, link-local, shared (CGNAT), multicast or reserved space.",
  why:
    "Exchange Online only ever sees the public address a message arrives from, so a non-public range never matches: " +
    "the connector identifies nothing, or the declared egress address is not the one Exchange Online sees.",
  source: "New-InboundConnector reference (SenderIPAddresses); RFC 1918; RFC 6598; RFC 3927",
  fix: "Use the public addresses your mail leaves from after NAT, as a recipient server sees them (for example in the Received header of a test message).",
  check(topology) {
    return ipAddressSources(topology).flatMap((source) => {
      const offending = source.ranges.flatMap((range) => {
        const kind = nonPublicKindOfRange(range);
        return kind === undefined ? [] : [`${range.cidr} is ${kind}`];
      });
      if (offending.length === 0) return [];
      return [{
        path: source.path,
        message:
          `${source.description} include non-public space: ${offending.join("; ")}. Exchange Online only sees public source addresses, ` +
          `so these never match. Replace them with the public addresses your mail leaves from after NAT.`,
      }];
    });
  },
};
