/**
 * IPv4 addresses and ranges, parsed with ipaddr.js and reduced to integer intervals
 * so that overlap and containment are plain comparisons.
 */
import * as ipaddr from "ipaddr.js";

/** An IPv4 range as an inclusive interval of 32-bit unsigned integers. */
export interface Ipv4Range {
  /** Normalized CIDR text, `a.b.c.d/nn` with the host bits cleared. */
  readonly cidr: string;
  /** First address, as an unsigned 32-bit integer. */
  readonly start: number;
  /** Last address, as an unsigned 32-bit integer. */
  readonly end: number;
  /** Prefix length, 0–32. */
  readonly prefix: number;
}

/** The result of parsing a user's range: the range, or why it is not one. */
export type ParsedRange = { readonly ok: true; readonly range: Ipv4Range } | { readonly ok: false; readonly reason: string };

/** Four decimal parts without leading zeros: the form of ipaddr.js's `isValidFourPartDecimal` (which also needs each part ≤ 255). */
const FOUR_PART_DECIMAL = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/**
 * The unsigned 32-bit value of a dotted-quad address, or undefined when the text is not one. Accepts exactly what
 * ipaddr.js's `isValidFourPartDecimal` accepts, without its parser: rules parse every range of thousands of tenants.
 */
function fourPartDecimalToInt(text: string): number | undefined {
  if (typeof text !== "string") return undefined;
  const match = FOUR_PART_DECIMAL.exec(text);
  if (match === null) return undefined;
  let value = 0;
  for (let part = 1; part <= 4; part++) {
    // A long digit run is a number above 255 (or Infinity), refused like ipaddr.js refuses it.
    const octet = Number(match[part]);
    if (!(octet <= 255)) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Converts a dotted IPv4 address that ipaddr.js accepts into an unsigned 32-bit integer. */
export function ipv4ToInt(address: string): number {
  const value = fourPartDecimalToInt(address);
  if (value !== undefined) return value;
  // Shorthand, octal and hexadecimal forms: ipaddr.js reads them (or throws).
  const bytes = ipaddr.IPv4.parse(address).toByteArray();
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

/** Converts an unsigned 32-bit integer to dotted IPv4 text. */
export function intToIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** True when the text is a dotted-quad IPv4 address (four decimal parts, no shorthand). */
export function isIpv4Address(text: string): boolean {
  return fourPartDecimalToInt(text) !== undefined;
}

/**
 * Parses an IPv4 address or CIDR range with a prefix between `minPrefix` and 32.
 * A bare address is a /32. IPv6, `a-b` ranges and shorthand forms are refused with a reason.
 */
export function parseIpv4Range(text: string, minPrefix = 0): ParsedRange {
  if (typeof text !== "string" || text.trim() !== text || text === "") {
    return { ok: false, reason: "expected an IPv4 address or CIDR range without spaces" };
  }
  if (text.includes(":")) return { ok: false, reason: "IPv6 is not supported: IPv4 only" };
  if (/^[^/]*-/.test(text)) return { ok: false, reason: "address ranges (a-b) are not supported: use CIDR notation" };
  const [address, prefixText, ...rest] = text.split("/");
  const value = rest.length > 0 ? undefined : fourPartDecimalToInt(address);
  if (value === undefined) {
    return { ok: false, reason: "expected a dotted IPv4 address such as 203.0.113.10 or a CIDR range such as 203.0.113.0/24" };
  }
  let prefix = 32;
  if (prefixText !== undefined) {
    if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) {
      return { ok: false, reason: `prefix "/${prefixText}" is not a number from 0 to 32` };
    }
    prefix = Number(prefixText);
  }
  if (prefix < minPrefix) return { ok: false, reason: `prefix /${prefix} is too wide: the allowed prefixes are /${minPrefix} to /32` };
  const size = 2 ** (32 - prefix);
  const start = Math.floor(value / size) * size;
  const end = start + size - 1;
  return { ok: true, range: { cidr: `${intToIpv4(start)}/${prefix}`, start, end, prefix } };
}

/** Parses a range known to be valid (already checked by a schema); throws if it is not. */
export function ipv4Range(text: string): Ipv4Range {
  const parsed = parseIpv4Range(text);
  if (!parsed.ok) throw new Error(`invalid IPv4 range "${text}": ${parsed.reason}`);
  return parsed.range;
}

/** True when two ranges share at least one address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** True when the address (an unsigned integer) lies in the range. */
export function rangeContains(range: Ipv4Range, address: number): boolean {
  return range.start <= address && address <= range.end;
}
