/**
 * Domain names, wildcard certificate names, and the organizational domain (Public Suffix List via tldts).
 */
import { getDomain } from "tldts";
import { cloudEndpoint, endpointFamily } from "./exchange-online-endpoints";

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Why a text is not a valid DNS domain name (at least two labels, letters, digits and hyphens,
 * labels of 1–63 characters not starting or ending with a hyphen, 253 characters at most,
 * a top-level label that is not all digits), or undefined when it is one. Case-insensitive.
 */
export function domainNameProblem(text: string): string | undefined {
  if (typeof text !== "string" || text === "") return "expected a domain name such as contoso.com";
  if (text.length > 253) return "a domain name has at most 253 characters";
  const labels = text.toLowerCase().split(".");
  if (labels.length < 2) return "a domain name has at least two labels, such as contoso.com";
  for (const label of labels) {
    if (!LABEL.test(label)) {
      return `label "${label}" is not allowed: labels are 1–63 letters, digits or hyphens, not starting or ending with a hyphen`;
    }
  }
  if (/^\d+$/.test(labels[labels.length - 1])) return "the top-level label cannot be all digits";
  return undefined;
}

/**
 * Why a text is not a certificate-style name: a domain name, or `*.` followed by a domain name
 * (no embedded or partial wildcards such as `*contoso.com` or `mail*.contoso.com`).
 */
export function certificateNameProblem(text: string): string | undefined {
  if (typeof text !== "string") return "expected a domain name or *.domain";
  if (text.startsWith("*.")) {
    const rest = text.slice(2);
    if (rest.includes("*")) return "only one leading wildcard label (*.) is allowed";
    return domainNameProblem(rest);
  }
  if (text.includes("*")) return "a wildcard is allowed only as a whole leading label, as in *.contoso.com";
  return domainNameProblem(text);
}

/** True when the name is a leading-wildcard name such as `*.contoso.com`. */
export function isWildcardName(name: string): boolean {
  return name.startsWith("*.");
}

/** True when `name` equals `parent` or lies under it (`mail.contoso.com` under `contoso.com`). Lower-case inputs. */
export function isSameOrSubdomain(name: string, parent: string): boolean {
  return name === parent || name.endsWith(`.${parent}`);
}

/** The parent of a domain name (`mail.contoso.com` → `contoso.com`), or undefined when the parent would have fewer than two labels. */
export function parentDomain(name: string): string | undefined {
  const dot = name.indexOf(".");
  if (dot < 0) return undefined;
  const parent = name.slice(dot + 1);
  return parent.includes(".") ? parent : undefined;
}

/**
 * True when a connector's `TlsSenderCertificateName` matches one DNS name of a certificate.
 * `*.d` on the connector matches `d` and every name under it (Microsoft: "the domain and all subdomains");
 * a certificate's own wildcard `*.e` covers the host names one level under `e`, as in TLS.
 * Inputs are lower case.
 */
export function certificateNameMatches(connectorName: string, certificateName: string): boolean {
  if (connectorName === certificateName) return true;
  if (isWildcardName(connectorName)) {
    const base = connectorName.slice(2);
    const candidate = isWildcardName(certificateName) ? certificateName.slice(2) : certificateName;
    return isSameOrSubdomain(candidate, base);
  }
  if (isWildcardName(certificateName)) return parentDomain(connectorName) === certificateName.slice(2);
  return false;
}

/**
 * The organizational (registrable) domain of a host name, from the Public Suffix List:
 * `smtp.inbound.contoso.co.uk` → `contoso.co.uk`. Undefined for a public suffix itself.
 */
export function organizationalDomain(hostName: string): string | undefined {
  return getDomain(hostName.toLowerCase(), { allowPrivateDomains: false }) ?? undefined;
}

/**
 * The worldwide Exchange Online MX endpoint of a domain: `contoso.com` → `contoso-com.mail.protection.outlook.com`;
 * for a tenant's initial domain `contoso.onmicrosoft.com` → `contoso.mail.protection.outlook.com`. Other clouds:
 * `cloudEndpoint` in exchange-online-endpoints.ts.
 */
export function exchangeOnlineEndpoint(domainName: string): string {
  return cloudEndpoint(domainName, "worldwide");
}

/**
 * True when a host name is an Exchange Online endpoint of any family of domain.md section 2 (worldwide, GCC High,
 * 21Vianet, DNSSEC `<xx>-v1.mx.microsoft`).
 */
export function isExchangeOnlineEndpoint(hostName: string): boolean {
  return endpointFamily(hostName) !== undefined;
}

/** The domain part of an email address, lower case; the null sender (`""` or `<>`) has none. */
export function addressDomain(address: string): string | undefined {
  const trimmed = address.trim().replace(/^<|>$/g, "");
  const at = trimmed.lastIndexOf("@");
  if (at < 0) return trimmed === "" ? undefined : trimmed.toLowerCase();
  return trimmed.slice(at + 1).toLowerCase() || undefined;
}
