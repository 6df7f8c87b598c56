/**
 * Reading the SMTP envelope fast: the domain of a P1 address and the source IP as an integer,
 * with the same results as lib/model's `addressDomain` and `ipv4ToInt`, without regular expressions on the hot path.
 */
import { addressDomain } from "../model/domain-name";

/** True when MAIL FROM is the null sender (`""` or `<>`, optionally with surrounding spaces). */
export function isNullSender(mailFrom: string): boolean {
  const trimmed = mailFrom.trim();
  return trimmed === "" || trimmed === "<>";
}

/**
 * The lower-case domain of an envelope address (`user@Contoso.com` → `contoso.com`), undefined for the
 * null sender or an address ending in `@`. Same result as `addressDomain`; plain `local@domain` takes a fast path.
 */
export function envelopeDomain(address: string): string | undefined {
  const length = address.length;
  if (length === 0) return undefined;
  const first = address.charCodeAt(0);
  const last = address.charCodeAt(length - 1);
  // Spaces, angle brackets and non-ASCII at either end need the general parser (trim, `<…>`).
  if (first <= 32 || last <= 32 || first > 126 || last > 126 || first === 60 || last === 62) return addressDomain(address);
  const at = address.lastIndexOf("@");
  const domain = at < 0 ? address : address.slice(at + 1);
  return domain === "" ? undefined : domain.toLowerCase();
}

/**
 * A dotted-quad IPv4 address as an unsigned 32-bit integer, or -1 when the text is not one.
 * Accepts exactly what ipaddr.js's `isValidFourPartDecimal` accepts: four decimal parts 0–255 without leading zeros.
 */
export function parseIpv4Address(text: string): number {
  const length = text.length;
  if (length < 7 || length > 15) return -1;
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= length; i++) {
    const code = i < length ? text.charCodeAt(i) : 46;
    if (code === 46) {
      if (digits === 0 || part > 255) return -1;
      value = value * 256 + part;
      parts++;
      part = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57) {
      if (digits === 1 && part === 0) return -1; // leading zero
      part = part * 10 + (code - 48);
      if (++digits > 3) return -1;
    } else {
      return -1;
    }
  }
  return parts === 4 ? value : -1;
}
