/**
 * Send-connector address spaces (domain.md section 2): `[type:]address[;cost]`, where the address is `*`, `*.com`,
 * `*.contoso.com` or `contoso.com` (never `*contoso.com`), the type `SMTP` by default and the cost 1–100 (default 1),
 * e.g. `SMTP:*.contoso.com;10`. Source: New-SendConnector reference (AddressSpaces); "Send connectors in Exchange Server".
 */
import { domainNameProblem } from "./domain-name";

/** One parsed address space. */
export interface AddressSpace {
  /** The address, lower case: `*`, `*.<labels>` or a domain. */
  readonly address: string;
  /** The address-space cost, 1–100. */
  readonly cost: number;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Why `address` (without type and cost) is not a send-connector address, or undefined. */
function addressProblem(address: string): string | undefined {
  if (address === "*") return undefined;
  if (address.startsWith("*.")) {
    const rest = address.slice(2);
    if (rest.includes("*")) return "only one leading wildcard label (*.) is allowed";
    const labels = rest.split(".");
    // `*.com` is allowed: a wildcard over a top-level domain.
    if (labels.length === 1) return LABEL.test(rest) ? undefined : `label "${rest}" is not allowed: labels are 1–63 letters, digits or hyphens`;
    return domainNameProblem(rest);
  }
  if (address.includes("*")) return "a wildcard is allowed only as a whole leading label, as in *.contoso.com (not *contoso.com)";
  return domainNameProblem(address);
}

/** Parses `[SMTP:]address[;cost]`; a reason instead when the text is not one. */
export function parseAddressSpace(text: string): { ok: true; space: AddressSpace } | { ok: false; reason: string } {
  if (typeof text !== "string") return { ok: false, reason: "expected an address space such as * or SMTP:*.contoso.com;10" };
  let rest = text;
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const type = rest.slice(0, colon);
    if (type.toUpperCase() !== "SMTP") return { ok: false, reason: `address-space type "${type}" is not supported: only SMTP address spaces route mail to Exchange Online` };
    rest = rest.slice(colon + 1);
  }
  let cost = 1;
  const semicolon = rest.indexOf(";");
  if (semicolon >= 0) {
    const costText = rest.slice(semicolon + 1);
    if (!/^\d{1,3}$/.test(costText) || Number(costText) < 1 || Number(costText) > 100) {
      return { ok: false, reason: `cost "${costText}" is not allowed: an address-space cost is a whole number from 1 to 100` };
    }
    cost = Number(costText);
    rest = rest.slice(0, semicolon);
  }
  const address = rest.toLowerCase();
  const problem = addressProblem(address);
  return problem === undefined ? { ok: true, space: { address, cost } } : { ok: false, reason: `${problem} (allowed: *, *.com, *.contoso.com or contoso.com, optionally SMTP: before and ;cost after)` };
}

/** Why a text is not an address space, or undefined. */
export function addressSpaceProblem(text: string): string | undefined {
  const parsed = parseAddressSpace(text);
  return parsed.ok ? undefined : parsed.reason;
}

/**
 * The normalized text of an address space: the lower-case address alone when the cost is 1 (`*`, `*.com`), else
 * `SMTP:<address>;<cost>` (as Get-SendConnector shows it). Throws on text that is not an address space.
 */
export function normalizeAddressSpace(text: string): string {
  const parsed = parseAddressSpace(text);
  if (!parsed.ok) throw new Error(`not an address space: ${parsed.reason}`);
  return parsed.space.cost === 1 ? parsed.space.address : `SMTP:${parsed.space.address};${parsed.space.cost}`;
}

/** The parsed address space, or undefined for text that is not one (validation reports it; routing skips it). */
export function addressSpaceOf(text: string): AddressSpace | undefined {
  const parsed = parseAddressSpace(text);
  return parsed.ok ? parsed.space : undefined;
}

/**
 * How specific an address is ("Connector selection in external message routing": `marketing.contoso.com` >
 * `*.contoso.com` > `*.com` > `*`): twice its label count, plus one for an exact domain. Higher is more specific.
 */
export function addressSpecificity(address: string): number {
  if (address === "*") return 0;
  if (address.startsWith("*.")) return address.slice(2).split(".").length * 2;
  return address.split(".").length * 2 + 1;
}
