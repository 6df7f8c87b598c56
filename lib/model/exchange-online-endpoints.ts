/**
 * Exchange Online's clouds and the endpoint families a send connector reaches a tenant through (domain.md section 2):
 * the smart host `<name>.mail.protection.outlook.com` (worldwide), `.mail.protection.office365.us` (GCC High / DoD),
 * `.mail.protection.partner.outlook.cn` (21Vianet), and the DNSSEC/DANE MX `<name>.<xx>-v1.mx.microsoft` (**model**:
 * worldwide). Source: Microsoft's Exchange HealthChecker (send connector checks) and "Inbound SMTP DANE with DNSSEC".
 */
/** True when `name` equals `parent` or lies under it (kept here so domain-name.ts can import this module). */
function isSameOrSubdomain(name: string, parent: string): boolean {
  return name === parent || name.endsWith(`.${parent}`);
}

/** The Exchange Online cloud a tenant lives in. */
export type ExchangeOnlineCloud = "worldwide" | "gcc-high" | "21vianet";

/** What a cloud names its tenants and endpoints. */
export interface CloudNames {
  /** Suffix of a tenant's initial domain: `onmicrosoft.com`, `onmicrosoft.us`, `partner.onmschina.cn`. */
  readonly initialDomainSuffix: string;
  /** Suffix of the coexistence domain the hybrid wizard adds: `<tenant>.mail.onmicrosoft.com` and its twins. */
  readonly coexistenceSuffix: string;
  /** Suffix of the tenant endpoints (smart hosts): `mail.protection.outlook.com` and its twins. */
  readonly endpointSuffix: string;
  /** The service domain a send connector's `TlsDomain` names with DomainValidation (HealthChecker). */
  readonly tlsDomain: string;
  /** How plans and messages name the cloud. */
  readonly label: string;
}

/** Every cloud's names (HealthChecker's list of Exchange Online endpoints; the hybrid wizard's coexistence domains). */
export const CLOUDS: Readonly<Record<ExchangeOnlineCloud, CloudNames>> = {
  worldwide: {
    initialDomainSuffix: "onmicrosoft.com", coexistenceSuffix: "mail.onmicrosoft.com",
    endpointSuffix: "mail.protection.outlook.com", tlsDomain: "mail.protection.outlook.com", label: "worldwide",
  },
  "gcc-high": {
    initialDomainSuffix: "onmicrosoft.us", coexistenceSuffix: "mail.onmicrosoft.us",
    endpointSuffix: "mail.protection.office365.us", tlsDomain: "mail.protection.office365.us", label: "GCC High / DoD",
  },
  "21vianet": {
    initialDomainSuffix: "partner.onmschina.cn", coexistenceSuffix: "mail.partner.onmschina.cn",
    endpointSuffix: "mail.protection.partner.outlook.cn", tlsDomain: "mail.protection.partner.outlook.cn", label: "21Vianet",
  },
};

/** The clouds in a fixed order, for lookups by suffix. */
export const CLOUD_IDS: readonly ExchangeOnlineCloud[] = ["worldwide", "gcc-high", "21vianet"];

/** The DNSSEC/DANE MX of a domain: `contoso-com.a-v1.mx.microsoft` (one or two letters before `-v1`). */
const DNSSEC_ENDPOINT = /^[a-z0-9-]+\.[a-z0-9]{1,2}-v1\.mx\.microsoft$/;

/** The endpoint family a host name belongs to. */
export type EndpointFamily =
  | { readonly kind: "protection"; readonly cloud: ExchangeOnlineCloud; readonly name: string }
  | { readonly kind: "dnssec"; readonly cloud: "worldwide"; readonly name: string };

/**
 * The Exchange Online endpoint family of a host name, or undefined when it is not one: `<name>.mail.protection.outlook.com`
 * and its GCC High and 21Vianet twins, or a DNSSEC MX `<name>.<xx>-v1.mx.microsoft`. `name` is the part before the family suffix.
 */
export function endpointFamily(hostName: string): EndpointFamily | undefined {
  const host = hostName.toLowerCase();
  for (const cloud of CLOUD_IDS) {
    const suffix = `.${CLOUDS[cloud].endpointSuffix}`;
    if (host.endsWith(suffix) && host.length > suffix.length) return { kind: "protection", cloud, name: host.slice(0, -suffix.length) };
  }
  if (DNSSEC_ENDPOINT.test(host)) return { kind: "dnssec", cloud: "worldwide", name: host.slice(0, host.indexOf(".")) };
  return undefined;
}

/** True when a host name is a Microsoft host: an Exchange Online endpoint of any family, or a name under one of its service domains. */
export function isMicrosoftHostName(hostName: string): boolean {
  const host = hostName.toLowerCase();
  if (endpointFamily(host) !== undefined) return true;
  return CLOUD_IDS.some((cloud) => {
    const names = CLOUDS[cloud];
    return isSameOrSubdomain(host, names.endpointSuffix) || isSameOrSubdomain(host, names.initialDomainSuffix);
  }) || isSameOrSubdomain(host, "mx.microsoft") || isSameOrSubdomain(host, "outlook.com") || isSameOrSubdomain(host, "office365.us");
}

/** The cloud whose initial domains end like `initialDomain`, or undefined. */
export function cloudOfInitialDomain(initialDomain: string): ExchangeOnlineCloud | undefined {
  const lower = initialDomain.toLowerCase();
  // 21Vianet's suffix is the longest and no other is a suffix of it, so the order does not matter.
  return CLOUD_IDS.find((cloud) => new RegExp(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.${CLOUDS[cloud].initialDomainSuffix.replace(/\./g, "\\.")}$`).test(lower));
}

/** The label of a tenant's initial domain (`contoso.onmicrosoft.us` → `contoso`), or undefined when it is not one of `cloud`. */
export function initialDomainLabel(initialDomain: string, cloud: ExchangeOnlineCloud): string | undefined {
  const lower = initialDomain.toLowerCase();
  const suffix = `.${CLOUDS[cloud].initialDomainSuffix}`;
  return lower.endsWith(suffix) && !lower.slice(0, -suffix.length).includes(".") ? lower.slice(0, -suffix.length) : undefined;
}

/**
 * A domain's Exchange Online endpoint in `cloud`: `contoso.com` → `contoso-com.mail.protection.outlook.com`; a tenant's
 * initial domain gives its label (`contoso.onmicrosoft.com` → `contoso.mail.protection.outlook.com`).
 */
export function cloudEndpoint(domainName: string, cloud: ExchangeOnlineCloud = "worldwide"): string {
  const lower = domainName.toLowerCase();
  const label = initialDomainLabel(lower, cloud);
  return `${label ?? lower.replace(/\./g, "-")}.${CLOUDS[cloud].endpointSuffix}`;
}

/** The coexistence domain of a tenant (`contoso.onmicrosoft.com` → `contoso.mail.onmicrosoft.com`), or undefined for an initial domain of another cloud. */
export function coexistenceDomain(initialDomain: string, cloud: ExchangeOnlineCloud = "worldwide"): string | undefined {
  const label = initialDomainLabel(initialDomain, cloud);
  return label === undefined ? undefined : `${label}.${CLOUDS[cloud].coexistenceSuffix}`;
}

/** The cloud of a coexistence domain (`<tenant>.mail.onmicrosoft.com` and its twins), or undefined. */
export function cloudOfCoexistenceDomain(domainName: string): ExchangeOnlineCloud | undefined {
  const lower = domainName.toLowerCase();
  return CLOUD_IDS.find((cloud) => {
    const suffix = `.${CLOUDS[cloud].coexistenceSuffix}`;
    return lower.endsWith(suffix) && !lower.slice(0, -suffix.length).includes(".");
  });
}
