/**
 * Spoof intelligence's domain pairs (domain.md section 3b, seed "Walkthrough - Spoof intelligence insight"): the pair a
 * message forms, and which of a tenant's Tenant Allow/Block List spoof entries covers it.
 *
 * An entry covers exactly one combination of spoofed sender and sending infrastructure: allowing `gmail.com` from
 * `tms.mx.com` allows neither gmail.com through other infrastructure nor other domains through `tms.mx.com`. The library
 * reports which entry covers a pair, or that none does; it never guesses SPF, DKIM, DMARC or composite authentication.
 */
import { addressDomain, isSameOrSubdomain } from "../model/domain-name";
import type { SpoofAction, SpoofPairModel, TenantModel } from "../model/topology";
import { parseIpv4Address } from "./envelope";

/** The spoof verdict of one message: its domain pair and the entry that covers it, if any. */
export interface SpoofVerdict {
  /** The tenant whose Tenant Allow/Block List was consulted, by initial domain. */
  readonly tenant: string;
  /** The 5322.From domain (lower case): the domain the message claims to come from. */
  readonly spoofedDomain: string;
  /**
   * The sending infrastructure: the PTR name of the source address (lower case, without a trailing dot), or, without a
   * PTR, the /24 containing the source address (`192.168.100.100` → `192.168.100.0/24`); absent when neither is known.
   */
  readonly infrastructure?: string;
  /** Path of the spoof entry that covers the pair; absent when none does. */
  readonly entry?: string;
  /** What the covering entry does; absent when none covers the pair (spoof intelligence decides). */
  readonly action?: SpoofAction;
  /** One line on why. */
  readonly reason: string;
}

/** What a message brings to the spoof decision. */
export interface SpoofInput {
  /** The 5322.From address (the one users see). */
  readonly headerFrom: string;
  /** The reverse DNS (PTR) name of the source address, when it has one. */
  readonly ptr?: string;
  /** The source IPv4 address. */
  readonly sourceIp?: string;
}

/**
 * The sending infrastructure of a message: its PTR name, else the /24 of its source address (domain.md 3b),
 * else undefined.
 */
export function sendingInfrastructureOf(ptr: string | undefined, sourceIp: string | undefined): string | undefined {
  const name = ptr?.trim().toLowerCase().replace(/\.$/, "");
  if (name !== undefined && name !== "") return name;
  const ip = sourceIp === undefined ? -1 : parseIpv4Address(sourceIp);
  if (ip < 0) return undefined;
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.0/24`;
}

/**
 * True when an entry's sending infrastructure covers a message's: `*` covers all; `x.x.x.x/24` covers the /24 holding that address; a domain `d`
 * covers a PTR name that is `d` or lies under it, label-aligned (**model**, domain.md 3b: the seed's `tms.mx.com` and
 * the organizational domain `mx.com` both cover a PTR `tms.mx.com`).
 */
export function infrastructureCovers(entry: string, infrastructure: string | undefined): boolean {
  if (entry === "*") return true;
  if (infrastructure === undefined) return false;
  if (entry.endsWith("/24") || infrastructure.endsWith("/24")) {
    // Microsoft writes an address with its mask (192.168.100.100/24): the /24 containing it.
    const a = parseIpv4Address(entry.slice(0, -3));
    const b = parseIpv4Address(infrastructure.slice(0, -3));
    return a >= 0 && b >= 0 && entry.endsWith("/24") && infrastructure.endsWith("/24") && a >>> 8 === b >>> 8;
  }
  return isSameOrSubdomain(infrastructure, entry);
}

/**
 * True when an entry's spoofed user covers a 5322.From address (both lower case): `*` covers all; an address covers
 * that address; a domain covers addresses of exactly that domain (**model**: Microsoft documents no subdomain match).
 */
export function spoofedUserCovers(entry: string, headerFrom: string, spoofedDomain: string): boolean {
  if (entry === "*") return true;
  if (entry.includes("@")) return entry === headerFrom;
  return entry === spoofedDomain;
}

/**
 * How specific an entry is, for choosing among several that cover one message (**model**: Microsoft documents none of
 * this; the most specific entry decides, a Block over an Allow of equal specificity, then the path).
 */
function specificity(pair: SpoofPairModel): [number, number] {
  const user = pair.spoofedUser === "*" ? 0 : pair.spoofedUser.includes("@") ? 2 : 1;
  const infrastructure = pair.sendingInfrastructure === "*" ? 0 : pair.sendingInfrastructure.length;
  return [user, infrastructure];
}

/** Orders covering entries: most specific first, Block before Allow, then path (ordinally), so the verdict is total. */
function compareCovering(a: SpoofPairModel, b: SpoofPairModel): number {
  const [ua, ia] = specificity(a);
  const [ub, ib] = specificity(b);
  if (ua !== ub) return ub - ua;
  if (ia !== ib) return ib - ia;
  if (a.action !== b.action) return a.action === "Block" ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * The spoof verdict of a message in `tenant`: the pair it forms and the covering entry, or none.
 * Returns undefined when the 5322.From address has no domain (nothing to pair).
 */
export function spoofVerdict(tenant: TenantModel, input: SpoofInput): SpoofVerdict | undefined {
  const from = input.headerFrom.trim().replace(/^<|>$/g, "").toLowerCase();
  const spoofedDomain = addressDomain(from);
  if (spoofedDomain === undefined) return undefined;
  const infrastructure = sendingInfrastructureOf(input.ptr, input.sourceIp);
  const covering = tenant.spoofPairs.filter(
    (pair) => spoofedUserCovers(pair.spoofedUser, from, spoofedDomain) && infrastructureCovers(pair.sendingInfrastructure, infrastructure),
  );
  const pairText = `${spoofedDomain} / ${infrastructure ?? "unknown infrastructure (no PTR, no IPv4 source address)"}`;
  const base = { tenant: tenant.initialDomain, spoofedDomain, ...(infrastructure !== undefined ? { infrastructure } : {}) };
  if (covering.length === 0) {
    return {
      ...base,
      reason: `spoof: pair ${pairText} is covered by no spoof entry of ${tenant.initialDomain}: spoof intelligence decides (the library does not model SPF, DKIM, DMARC or composite authentication)`,
    };
  }
  const sorted = [...covering].sort(compareCovering);
  const entry = sorted[0];
  const others = sorted.length > 1 ? ` (also covered by ${sorted.slice(1).map((p) => `${p.path} (${p.action})`).join(", ")}; the most specific entry decides, Block before Allow: a model, Microsoft documents no precedence)` : "";
  return {
    ...base,
    entry: entry.path,
    action: entry.action,
    reason:
      `spoof: pair ${pairText} is covered by ${entry.path} (${entry.spoofedUser} / ${entry.sendingInfrastructure}, ${entry.action}) of ` +
      `${tenant.initialDomain}: ${entry.action === "Allow" ? "allowed to spoof" : "blocked as spoofing"}${others}`,
  };
}

/**
 * What a spoof entry allows (or blocks), and in words what it does not: the same domain through other infrastructure,
 * other domains through this infrastructure (the walkthrough's exact-pair semantics).
 */
export function describeSpoofPair(pair: SpoofPairModel): { readonly covers: string; readonly doesNotCover: string } {
  const verb = pair.action === "Allow" ? "allows" : "blocks";
  const user = pair.spoofedUser === "*"
    ? "any sender"
    : pair.spoofedUser.includes("@") ? `From ${pair.spoofedUser}` : `From addresses @${pair.spoofedUser}`;
  const infrastructure = pair.sendingInfrastructure === "*"
    ? "from any sending infrastructure"
    : pair.sendingInfrastructure.endsWith("/24")
      ? `from sources in ${pair.sendingInfrastructure} without a PTR name`
      : `from sources whose PTR name is ${pair.sendingInfrastructure} or lies under it`;
  const notSame = pair.sendingInfrastructure === "*" ? undefined : `${user === "any sender" ? "any sender" : user} through other infrastructure`;
  const notOther = pair.spoofedUser === "*" ? undefined : `other senders through ${pair.sendingInfrastructure === "*" ? "any infrastructure" : pair.sendingInfrastructure}`;
  const not = [notSame, notOther].filter((s): s is string => s !== undefined);
  return {
    covers: `${verb} ${user} ${infrastructure}`,
    doesNotCover: not.length === 0 ? "nothing else is implied" : `not ${not.join("; not ")}: spoof intelligence decides those`,
  };
}
