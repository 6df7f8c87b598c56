import { ipv4Range, rangesOverlap } from "../model/ip";
import microsoftRanges from "../model/microsoft-ranges.json";
import { ipAddressSources } from "./ip-address-sources";
import type { Rule } from "./rule";

const MICROSOFT_IPV4_RANGES = microsoftRanges.ipv4.map((cidr) => ipv4Range(cidr));

/** A SenderIPAddresses range (or an organization's egress range) that overlaps a Microsoft-owned Exchange Online range. */
export const senderIpMicrosoftOwned: Rule = {
  id: "sender-ip-microsoft-owned",
  severity: "error",
  what: "A SenderIPAddresses range or an organization's egress range overlaps a Microsoft-owned Exchange Online range.",
  why:
    "Exchange Online's own servers send from these ranges for every tenant, so a connector that trusts them attributes other " +
    "customers' mail to this tenant and lets it relay; no customer's servers send from them.",
  source: `${microsoftRanges.source}, retrieved ${microsoftRanges.retrieved}`,
  fix: "Remove the range and list only the public addresses your own servers or relay service send from.",
  check(topology) {
    return ipAddressSources(topology).flatMap((source) => {
      const overlaps = source.ranges.flatMap((range) =>
        MICROSOFT_IPV4_RANGES.filter((microsoft) => rangesOverlap(range, microsoft)).map((microsoft) => `${range.cidr} overlaps ${microsoft.cidr}`),
      );
      if (overlaps.length === 0) return [];
      return [{
        path: source.path,
        message:
          `${source.description} overlap Microsoft-owned Exchange Online ranges: ${overlaps.join("; ")}. Exchange Online sends from these ranges ` +
          `for every tenant, so trusting them attributes other customers' mail to this tenant. Remove them and list only your own servers' public addresses.`,
      }];
    });
  },
};
