/**
 * An inbound connector's `SenderDomains` entries (domain.md section 2, New-InboundConnector reference): `*` (every
 * sender), `*.contoso.com` (the domain and all its subdomains) or `contoso.com`, optionally in the address-space form
 * the admin center and the hybrid wizard write, `smtp:*;1` (`[type:]address[;cost]`, type SMTP, cost 1–100).
 */
import { certificateNameProblem, isSameOrSubdomain } from "./domain-name";

/** A parsed `SenderDomains` entry. */
export interface SenderDomainPattern {
  /** `*` for every sender, else the domain (lower case). */
  readonly domain: string;
  /** True for `*.domain`: the domain and every name under it. */
  readonly subdomains: boolean;
}

const ADDRESS_SPACE = /^(?:([^:;]*):)?([^:;]*)(?:;(.*))?$/;

/** Why `text` is not a valid `SenderDomains` entry, or undefined when it is one. */
export function senderDomainProblem(text: string): string | undefined {
  return parse(text).problem;
}

/** The entry as a pattern; throws on an invalid entry (validated at construction, see {@link senderDomainProblem}). */
export function parseSenderDomain(text: string): SenderDomainPattern {
  const parsed = parse(text);
  if (parsed.pattern === undefined) throw new Error(`invalid SenderDomains entry "${text}": ${parsed.problem}`);
  return parsed.pattern;
}

/**
 * True when a sender domain (the P1 MAIL FROM domain, lower case; undefined for the null sender) is covered by the
 * pattern. **Model** (domain.md section 2: Microsoft does not say whether P1 or P2 is matched, nor how the null sender
 * is treated): `*` covers every sender, the null sender included; a domain pattern needs a domain.
 */
export function senderDomainMatches(pattern: SenderDomainPattern, senderDomain: string | undefined): boolean {
  if (pattern.domain === "*") return true;
  if (senderDomain === undefined) return false;
  return pattern.subdomains ? isSameOrSubdomain(senderDomain, pattern.domain) : senderDomain === pattern.domain;
}

function parse(text: string): { pattern?: SenderDomainPattern; problem?: string } {
  if (typeof text !== "string" || text === "") return { problem: "expected *, *.contoso.com, contoso.com or the address-space form smtp:*;1" };
  const match = ADDRESS_SPACE.exec(text.trim());
  if (match === null || text.trim() !== text) {
    return { problem: "expected *, *.contoso.com, contoso.com or the address-space form smtp:*;1 (one optional smtp: prefix, one optional ;cost)" };
  }
  const [, type, address, cost] = match;
  if (type !== undefined && type.toLowerCase() !== "smtp") return { problem: `address type "${type}" is not allowed: sender domains are SMTP (smtp:contoso.com;1)` };
  if (cost !== undefined && !/^(?:[1-9]\d?|100)$/.test(cost)) return { problem: `cost "${cost}" is not allowed: a whole number from 1 to 100, as in smtp:*;1` };
  const lower = address.toLowerCase();
  if (lower === "*") return { pattern: { domain: "*", subdomains: true } };
  const problem = certificateNameProblem(lower);
  if (problem !== undefined) return { problem: `${problem} (allowed: *, *.contoso.com, contoso.com, optionally as smtp:<domain>;<cost>)` };
  return lower.startsWith("*.") ? { pattern: { domain: lower.slice(2), subdomains: true } } : { pattern: { domain: lower, subdomains: false } };
}
