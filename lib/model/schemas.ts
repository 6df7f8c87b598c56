/**
 * zod schemas for every construct's props, with the facts of domain.md section 2. The constructs validate
 * with these at construction; `validateProps` turns zod's issues into one readable error.
 */
import { z } from "zod";
import { addressSpaceProblem } from "./address-space";
import { certificateNameProblem, domainNameProblem, organizationalDomain } from "./domain-name";
import { CLOUDS, cloudOfInitialDomain, isMicrosoftHostName } from "./exchange-online-endpoints";
import { isIpv4Address, parseIpv4Range } from "./ip";
import { senderDomainProblem } from "./sender-domains";
import { cdktfTokenProblem } from "./terraform-text";
import { ambiguousTextProblem, unsafeCharacterProblem } from "./text";

/** Adds a custom issue when `problem(value)` returns a reason. */
function check<T>(problem: (value: T) => string | undefined) {
  return (value: T, ctx: z.RefinementCtx) => {
    const reason = problem(value);
    if (reason !== undefined) ctx.addIssue({ code: "custom", message: reason });
  };
}

/**
 * Free text that reaches a script and cdk.tf.json: no control characters, no invisible format characters, in Unicode
 * normalization form C, no cdktf token marker; `maxLength` characters at most.
 */
export const safeText = (maxLength: number, options: { multiline?: boolean } = {}) =>
  z
    .string()
    .max(maxLength, `at most ${maxLength} characters`)
    .superRefine(check((v: string) => unsafeCharacterProblem(v, options) ?? ambiguousTextProblem(v) ?? cdktfTokenProblem(v)));

/**
 * Opening text of the ownership marker the scripts add to a connector's Comment (`MANAGED_MARKER_PREFIX`
 * in lib/artifacts/powershell/managed-marker.ts; a test keeps the two equal).
 */
export const MANAGED_MARKER_OPENING = "[managed-by:cdktf-mailflow";

/** A connector's comment: multi-line free text without the ownership marker, which would claim another object. */
export const connectorComment = safeText(1024, { multiline: true }).superRefine(
  check((v: string) =>
    v.includes(MANAGED_MARKER_OPENING) ? `cannot contain ${JSON.stringify(MANAGED_MARKER_OPENING)}: the scripts add that marker themselves, and one in the comment would claim another object` : undefined,
  ),
);

/**
 * An object name in Exchange: 1–64 characters (the cmdlet reference's limit for inbound and outbound connector names;
 * a send connector is an Active Directory object, whose name has the same limit), no control or invisible characters,
 * NFC, no leading or trailing space.
 */
export const objectName = safeText(64)
  .min(1, "a name cannot be empty")
  .superRefine(check((v: string) => (v.trim() !== v ? "no leading or trailing spaces" : undefined)));

/**
 * Why `value` is not a valid {@link objectName}, every problem joined, or undefined when it is one: for names that
 * come from somewhere else than a `name` prop (a construct id, a live export) and need the same checks.
 */
export function objectNameProblem(value: unknown): string | undefined {
  const result = objectName.safeParse(value);
  return result.success ? undefined : result.error.issues.map((issue) => issue.message).join("; ");
}

/** A DNS domain name such as `contoso.com`. */
export const domainName = z.string().superRefine(check(domainNameProblem));

/** A certificate name: a domain or `*.domain`. */
export const certificateName = z.string().superRefine(check(certificateNameProblem));

/**
 * A tenant's initial domain: `<name>.onmicrosoft.com` (worldwide), `<name>.onmicrosoft.us` (GCC High / DoD) or
 * `<name>.partner.onmschina.cn` (21Vianet); the tenant's `cloud` must match it (checked by the tenant's schema).
 */
export const initialDomain = z.string().superRefine(
  check((v: string) =>
    typeof v === "string" && cloudOfInitialDomain(v) !== undefined
      ? undefined
      : "expected the tenant's initial domain, <name>.onmicrosoft.com (or <name>.onmicrosoft.us in GCC High, <name>.partner.onmschina.cn in 21Vianet; letters, digits and hyphens in <name>)",
  ),
);

/** An Exchange Online cloud. */
export const exchangeOnlineCloud = z.enum(["worldwide", "gcc-high", "21vianet"]);

/** `SenderIPAddresses`: IPv4 address or CIDR /24–/32. */
export const senderIpRange = z.string().superRefine(
  check((v: string) => {
    const parsed = parseIpv4Range(v, 24);
    return parsed.ok ? undefined : `${parsed.reason} (allowed: an IPv4 address or CIDR range from /24 to /32, such as 203.0.113.0/24)`;
  }),
);

/** An organization's egress range: any IPv4 address or CIDR range. */
export const ipv4RangeText = z.string().superRefine(
  check((v: string) => {
    const parsed = parseIpv4Range(v, 0);
    return parsed.ok ? undefined : parsed.reason;
  }),
);

/** `SenderDomains` entry: `*`, a domain, or `*.domain`. */
export const senderDomain = z.string().superRefine(check((v: string) => (v === "*" ? undefined : certificateNameProblem(v))));

/**
 * An inbound connector's `SenderDomains` entry: `*`, `*.contoso.com`, `contoso.com`, or the address-space form the admin
 * center and the hybrid wizard write, `smtp:*;1` (domain.md section 2).
 */
export const inboundSenderDomain = z.string().superRefine(check(senderDomainProblem));

/** Send-connector address space: `[SMTP:]address[;cost]` with `*`, `*.com`, `*.contoso.com` or `contoso.com` (never `*contoso.com`). */
export const addressSpace = z.string().superRefine(check(addressSpaceProblem));

/** A host name (smart host, FQDN): a domain name. */
export const hostName = domainName;

/** An Exchange server name: a NetBIOS name or a host name. */
export const serverName = z.string().superRefine(
  check((v: string) =>
    /^[a-z0-9](?:[a-z0-9-]{0,14})$/i.test(v) && !v.endsWith("-") ? undefined : domainNameProblem(v) && "expected a server name (NetBIOS name or host name)",
  ),
);

/** An X.500 distinguished name as Exchange writes it, e.g. `CN=mail.contoso.com, O=Contoso, C=US`. */
export const distinguishedName = safeText(1024)
  .min(1, "a distinguished name cannot be empty")
  .superRefine(check((v: string) => (/^\s*[A-Za-z][A-Za-z0-9.]*\s*=/.test(v) ? undefined : "expected a distinguished name such as CN=mail.contoso.com, O=Contoso")))
  .superRefine(check((v: string) => (/<[IS]>/i.test(v) ? "cannot contain <I> or <S>: those delimit TlsCertificateName" : undefined)));

/** A SHA-1 thumbprint: 40 hex digits (spaces and colons are ignored). */
export const thumbprint = z.string().superRefine(
  check((v: string) => (/^[0-9a-f]{40}$/i.test(v.replace(/[\s:]/g, "")) ? undefined : "expected a SHA-1 thumbprint of 40 hex digits")),
);

/** A calendar date, `YYYY-MM-DD`, or a JavaScript Date. */
export const calendarDate = z.union([
  z.date().refine((d) => !Number.isNaN(d.getTime()), "an invalid Date"),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD").refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "not a real calendar date"),
]);

/** A GUID such as an Entra ID application id. */
export const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "expected a GUID such as 00000000-0000-0000-0000-000000000000");

/** An email address or a domain (spoofed user). */
export const spoofedUser = z.string().superRefine(
  check((v: string) => {
    const at = v.lastIndexOf("@");
    if (at < 0) return domainNameProblem(v) && "expected a domain such as contoso.com or an address such as user@contoso.com";
    const local = v.slice(0, at);
    if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/.test(local)) return "the part before @ is not a valid mailbox name";
    return domainNameProblem(v.slice(at + 1));
  }),
);

/**
 * Spoof sending infrastructure: a domain of the sender's PTR name, `x.x.x.x/24`, or `*`. Any domain under a public
 * suffix is accepted, the organizational domain (`mx.com`) or a host name (`tms.mx.com`, the seed walkthrough's own
 * example): domain.md 3b's model never refuses a declared infrastructure for not being organizational.
 */
export const sendingInfrastructure = z.string().superRefine(
  check((v: string) => {
    if (v === "*") return undefined;
    if (/^[\d.]+\/\d+$/.test(v)) {
      const [address, prefix] = v.split("/");
      if (!isIpv4Address(address)) return "expected an IPv4 address before /24";
      return prefix === "24" ? undefined : "an IP sending infrastructure must be a /24, such as 203.0.113.0/24";
    }
    const problem = domainNameProblem(v);
    if (problem) return `${problem} (allowed: a domain of the sender's PTR name, x.x.x.x/24, or *)`;
    return organizationalDomain(v) === undefined ? "is a public suffix, not an organization's domain or host name" : undefined;
  }),
);

/** Props schema of a Tenant. */
export const tenantPropsSchema = z.strictObject({
  initialDomain,
  cloud: exchangeOnlineCloud.optional(),
  displayName: safeText(256).optional(),
  rejectDirectSend: z.boolean().optional(),
  connection: z
    .strictObject({ appId: guid.optional(), certificateFilePath: safeText(1024).min(1).optional(), certificateThumbprint: thumbprint.optional() })
    .optional(),
}).superRefine((p, ctx) => {
  const cloud = p.cloud ?? "worldwide";
  const actual = cloudOfInitialDomain(p.initialDomain);
  if (actual !== undefined && actual !== cloud) {
    ctx.addIssue({
      code: "custom", path: ["initialDomain"],
      message: `is an initial domain of the ${CLOUDS[actual].label} cloud, but the tenant's cloud is ${CLOUDS[cloud].label}: set cloud "${actual}", or use <name>.${CLOUDS[cloud].initialDomainSuffix}`,
    });
  }
});

/** Props schema of an AcceptedDomain (without the tenant). */
export const acceptedDomainPropsSchema = z
  .strictObject({
    domainName,
    domainType: z.enum(["Authoritative", "InternalRelay"]).optional(),
    matchSubDomains: z.boolean().optional(),
    outboundOnly: z.boolean().optional(),
  })
  .superRefine((p, ctx) => {
    if (p.matchSubDomains && p.domainType !== "InternalRelay") {
      ctx.addIssue({ code: "custom", path: ["matchSubDomains"], message: 'MatchSubDomains needs domainType "InternalRelay"' });
    }
  });

/** Props schema of an InboundConnector. */
export const inboundConnectorPropsSchema = z
  .strictObject({
    connectorType: z.enum(["OnPremises", "Partner"]),
    name: objectName.optional(),
    tlsSenderCertificateName: certificateName.optional(),
    senderIpAddresses: z.array(senderIpRange).optional(),
    senderDomains: z.array(inboundSenderDomain).min(1, "at least one sender domain (use * for all)").optional(),
    cloudServicesMailEnabled: z.boolean().optional(),
    treatMessagesAsInternal: z.boolean().optional(),
    associatedAcceptedDomains: z.array(domainName).optional(),
    requireTls: z.boolean().optional(),
    restrictDomainsToCertificate: z.boolean().optional(),
    restrictDomainsToIpAddresses: z.boolean().optional(),
    enabled: z.boolean().optional(),
    comment: connectorComment.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.connectorType === "OnPremises" && !p.tlsSenderCertificateName && !(p.senderIpAddresses && p.senderIpAddresses.length > 0)) {
      ctx.addIssue({ code: "custom", path: ["tlsSenderCertificateName"], message: "an OnPremises connector needs tlsSenderCertificateName (preferred) or senderIpAddresses to identify the sender" });
    }
  });

/** Props schema of an OutboundConnector. */
export const outboundConnectorPropsSchema = z
  .strictObject({
    connectorType: z.enum(["OnPremises", "Partner"]),
    name: objectName.optional(),
    recipientDomains: z.array(senderDomain).optional(),
    smartHosts: z.array(z.union([hostName, z.string().superRefine(check((v: string) => (isIpv4Address(v) ? undefined : "expected a host name or IPv4 address")))])).optional(),
    useMxRecord: z.boolean().optional(),
    tlsSettings: z.enum(["EncryptionOnly", "CertificateValidation", "DomainValidation"]).optional(),
    tlsDomain: certificateName.optional(),
    routeAllMessagesViaOnPremises: z.boolean().optional(),
    allAcceptedDomains: z.boolean().optional(),
    cloudServicesMailEnabled: z.boolean().optional(),
    enabled: z.boolean().optional(),
    comment: connectorComment.optional(),
  })
  .superRefine((p, ctx) => {
    const smartHosts = p.smartHosts ?? [];
    if (p.useMxRecord === false && smartHosts.length === 0) ctx.addIssue({ code: "custom", path: ["useMxRecord"], message: "useMxRecord false needs smartHosts" });
    if (p.useMxRecord === true && smartHosts.length > 0) ctx.addIssue({ code: "custom", path: ["smartHosts"], message: "smartHosts cannot be combined with useMxRecord true" });
    if (p.tlsDomain !== undefined && p.tlsSettings !== "DomainValidation") ctx.addIssue({ code: "custom", path: ["tlsDomain"], message: 'tlsDomain needs tlsSettings "DomainValidation"' });
    if (p.connectorType !== "OnPremises") {
      if (p.routeAllMessagesViaOnPremises) ctx.addIssue({ code: "custom", path: ["routeAllMessagesViaOnPremises"], message: 'needs connectorType "OnPremises"' });
      if (p.allAcceptedDomains) ctx.addIssue({ code: "custom", path: ["allAcceptedDomains"], message: 'needs connectorType "OnPremises"' });
    }
  });

/** Props schema of a Certificate. */
export const certificatePropsSchema = z.strictObject({
  subject: distinguishedName,
  subjectAlternativeNames: z.array(certificateName).optional(),
  issuer: distinguishedName,
  thumbprint: thumbprint.optional(),
  notAfter: calendarDate.optional(),
});

/** Props schema of an OnPremisesOrganization. */
export const onPremisesOrganizationPropsSchema = z.strictObject({
  senderKind: z.enum(["exchange-server", "relay-service"]).optional(),
  egressIpAddresses: z.array(ipv4RangeText).optional(),
  transportServers: z.array(serverName).optional(),
  sites: z.record(safeText(64).min(1, "a site name cannot be empty"), z.array(serverName).min(1, "a site lists at least one server")).optional(),
  relays: z.array(z.enum(["ndr", "forwarding", "foreign-sender-domains"])).optional(),
});

/** Options schema of `OnPremisesOrganization.addUserMailboxes` (without the tenant). */
export const userMailboxesSchema = z.strictObject({
  servers: z.array(serverName).min(1, "at least one Mailbox server"),
});

/** Props schema of a SendConnector, apart from the tenant and certificate references (checked by the construct). */
export const sendConnectorPropsSchema = z
  .strictObject({
    tenant: z.unknown(),
    certificate: z.unknown(),
    name: objectName.optional(),
    addressSpaces: z.array(addressSpace).min(1, "at least one address space").optional(),
    smartHosts: z.array(hostName).min(1, "at least one smart host").optional(),
    dnsRoutingEnabled: z.boolean().optional(),
    sourceTransportServers: z.array(serverName).optional(),
    isScopedConnector: z.boolean().optional(),
    fqdn: hostName.superRefine(
      check((v: string) =>
        isMicrosoftHostName(v)
          ? "is a Microsoft host name: Fqdn is the name this server gives in HELO/EHLO and must be a name of its own certificate (New-SendConnector: Fqdn)"
          : undefined),
    ).nullable().optional(),
    requireTls: z.boolean().optional(),
    tlsAuthLevel: z.enum(["EncryptionOnly", "CertificateValidation", "DomainValidation"]).nullable().optional(),
    tlsDomain: certificateName.nullable().optional(),
    cloudServicesMailEnabled: z.boolean().optional(),
    enabled: z.boolean().optional(),
    comment: connectorComment.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.dnsRoutingEnabled === true && p.smartHosts !== undefined) ctx.addIssue({ code: "custom", path: ["smartHosts"], message: "smartHosts need dnsRoutingEnabled false (New-SendConnector: SmartHosts requires DNSRoutingEnabled $false)" });
    if (p.requireTls === false && p.tlsAuthLevel !== undefined && p.tlsAuthLevel !== null) ctx.addIssue({ code: "custom", path: ["tlsAuthLevel"], message: "tlsAuthLevel needs requireTls true" });
    if (p.tlsDomain !== undefined && p.tlsDomain !== null && p.tlsAuthLevel !== undefined && p.tlsAuthLevel !== "DomainValidation") {
      ctx.addIssue({ code: "custom", path: ["tlsDomain"], message: 'tlsDomain needs tlsAuthLevel "DomainValidation"' });
    }
  });

/** Props schema of a SpoofPair. */
export const spoofPairPropsSchema = z.strictObject({
  spoofedUser,
  sendingInfrastructure,
  spoofType: z.enum(["Internal", "External"]),
  action: z.enum(["Allow", "Block"]).optional(),
});
