/**
 * Every string prop that reaches a deployment script, with how to declare it through the constructs and
 * how to put a raw value into the model the script generators read (bypassing the constructs' validation).
 */
import fc from "fast-check";
import { App, TerraformStack } from "cdktf";
import { objectDigest, scriptDeclaration, scriptDeployables } from "../../../lib/artifacts/deployment-settings";
import { exchangeOnlineScript } from "../../../lib/artifacts/powershell/exchange-online-script";
import { exchangeServerScript } from "../../../lib/artifacts/powershell/exchange-server-script";
import type { GeneratedScript } from "../../../lib/artifacts/powershell/script-sections";
import {
  AcceptedDomain, Certificate, InboundConnector, OnPremisesOrganization, OutboundConnector, SYNTHESIS_DATE_CONTEXT, SendConnector, SpoofPair, Tenant,
  collectTopology,
} from "../../../lib";
import type { TenantModel, Topology } from "../../../lib/model/topology";
import { hostileDomain, hostileLocalPart, hostileText } from "./values";

/** Which script a prop reaches. */
export type ScriptKind = "exo" | "ems";

/** The objects of a tenant the Exchange Online declarations can hold. */
export type TenantObject = "domain" | "inbound" | "outbound" | "spoof";

/** Every object of a tenant. */
export const ALL_TENANT_OBJECTS: readonly TenantObject[] = ["domain", "inbound", "outbound", "spoof"];

/** The values the declarations take; each prop replaces one of them. */
export interface Declaration {
  readonly tenantId: string;
  readonly initialDomain: string;
  readonly displayName: string;
  readonly certificateFilePath: string;
  readonly appId: string;
  readonly certificateThumbprint: string;
  readonly domainName: string;
  readonly inboundId: string;
  readonly inboundName: string;
  readonly inboundComment: string;
  readonly tlsSenderCertificateName: string;
  readonly senderDomain: string;
  readonly associatedAcceptedDomain: string;
  readonly outboundName: string;
  readonly outboundComment: string;
  readonly smartHost: string;
  readonly recipientDomain: string;
  readonly tlsDomain: string;
  readonly spoofedUserLocalPart: string;
  readonly sendingInfrastructure: string;
  readonly subjectOrganization: string;
  readonly issuerOrganization: string;
  readonly organizationId: string;
  readonly transportServer: string;
  readonly sendConnectorId: string;
  readonly sendConnectorName: string;
  readonly sendConnectorComment: string;
  readonly fqdn: string;
  readonly addressSpace: string;
  readonly sendTlsDomain: string;
}

/** Benign values every declaration starts from. */
export const DEFAULTS: Declaration = {
  tenantId: "Contoso",
  initialDomain: "contoso.onmicrosoft.com",
  displayName: "Contoso Ltd",
  certificateFilePath: "/etc/mailflow/contoso.pfx",
  appId: "00000000-0000-0000-0000-00000000a11d",
  certificateThumbprint: "6F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C",
  domainName: "contoso.com",
  inboundId: "FromOnPremises",
  inboundName: "From on-premises",
  inboundComment: "Hybrid mail",
  tlsSenderCertificateName: "mail.contoso.com",
  senderDomain: "contoso.com",
  associatedAcceptedDomain: "contoso.com",
  outboundName: "To on-premises",
  outboundComment: "Routes InternalRelay mail",
  smartHost: "mail.contoso.com",
  recipientDomain: "contoso.com",
  tlsDomain: "mail.contoso.com",
  spoofedUserLocalPart: "noreply",
  sendingInfrastructure: "example.net",
  subjectOrganization: "Contoso Ltd",
  issuerOrganization: "Example CA Inc",
  organizationId: "ContosoExchange",
  transportServer: "EX01",
  sendConnectorId: "ToExchangeOnline",
  sendConnectorName: "To Exchange Online",
  sendConnectorComment: "Relay to the tenant",
  fqdn: "mail.contoso.com",
  addressSpace: "*",
  sendTlsDomain: "mail.protection.outlook.com",
};

/**
 * Declares the test topology through the constructs (throws what they throw): the tenant and its objects for
 * the Exchange Online script, or the tenant alone, the certificate, the organization and its send connector for
 * the Exchange Management Shell script (one script is checked per prop, so the other's objects are left out).
 */
export function declare(
  d: Declaration,
  kind: ScriptKind = "exo",
  options: { readonly context?: Record<string, unknown>; readonly outdir?: string; readonly objects?: readonly TenantObject[] } = {},
): TerraformStack {
  const app = new App({ stackTraces: false, outdir: options.outdir, context: { [SYNTHESIS_DATE_CONTEXT]: "2026-11-22", ...options.context } });
  const stack = new TerraformStack(app, "s");
  const tenant = new Tenant(stack, d.tenantId, {
    initialDomain: d.initialDomain,
    displayName: d.displayName,
    connection: { appId: d.appId, certificateFilePath: d.certificateFilePath, certificateThumbprint: d.certificateThumbprint },
  });
  if (kind === "exo") declareTenantObjects(tenant, d, options.objects ?? ALL_TENANT_OBJECTS);
  else declareOrganization(stack, tenant, d);
  return stack;
}

function declareTenantObjects(tenant: Tenant, d: Declaration, objects: readonly TenantObject[]): void {
  if (objects.includes("domain")) new AcceptedDomain(tenant, "Domain", { domainName: d.domainName });
  if (objects.includes("inbound")) declareInbound(tenant, d);
  if (objects.includes("outbound")) declareOutbound(tenant, d);
  if (objects.includes("spoof")) {
    new SpoofPair(tenant, "Spoof", { spoofedUser: `${d.spoofedUserLocalPart}@contoso.com`, sendingInfrastructure: d.sendingInfrastructure, spoofType: "External" });
  }
}

function declareInbound(tenant: Tenant, d: Declaration): void {
  new InboundConnector(tenant, d.inboundId, {
    connectorType: "OnPremises",
    name: d.inboundName,
    tlsSenderCertificateName: d.tlsSenderCertificateName,
    senderDomains: [d.senderDomain],
    associatedAcceptedDomains: [d.associatedAcceptedDomain],
    comment: d.inboundComment,
  });
}

function declareOutbound(tenant: Tenant, d: Declaration): void {
  new OutboundConnector(tenant, "ToOnPremises", {
    connectorType: "OnPremises",
    name: d.outboundName,
    recipientDomains: [d.recipientDomain],
    smartHosts: [d.smartHost],
    tlsSettings: "DomainValidation",
    tlsDomain: d.tlsDomain,
    comment: d.outboundComment,
  });
}

function declareOrganization(stack: TerraformStack, tenant: Tenant, d: Declaration): void {
  const certificate = new Certificate(stack, "Certificate", {
    subject: `CN=mail.contoso.com, O=${d.subjectOrganization}`,
    issuer: `CN=Example Issuing CA, O=${d.issuerOrganization}`,
  });
  const organization = new OnPremisesOrganization(stack, d.organizationId, { transportServers: [d.transportServer] });
  new SendConnector(organization, d.sendConnectorId, {
    tenant,
    certificate,
    name: d.sendConnectorName,
    comment: d.sendConnectorComment,
    fqdn: d.fqdn,
    addressSpaces: [d.addressSpace],
    tlsDomain: d.sendTlsDomain,
  });
}

/** The script of `kind` generated from a Topology (the first tenant's, or the first organization's). */
export function scriptOf(topology: Topology, kind: ScriptKind): GeneratedScript {
  return kind === "exo" ? exchangeOnlineScript(topology, topology.tenants[0]) : exchangeServerScript(topology, topology.organizations[0]);
}

/** The Topology of the declarations for a script of `kind` (with these tenant objects), through the constructs. */
export function topologyOf(d: Declaration, kind: ScriptKind = "exo", objects: readonly TenantObject[] = ALL_TENANT_OBJECTS): Topology {
  return collectTopology(declare(d, kind, { objects }));
}

/** Replaces the one tenant of a Topology. */
export function withTenant(t: Topology, change: (tenant: TenantModel) => TenantModel): Topology {
  return { ...t, tenants: [change(t.tenants[0])] };
}

/**
 * The digests of a Topology's deployable objects, then of each script's whole declaration (which a script holds too, and
 * which changes with any of its objects' settings), in a fixed order.
 */
export function digestsOf(t: Topology): string[] {
  const owners = [...t.tenants, ...t.organizations];
  return [
    ...owners.flatMap((owner) => scriptDeployables(owner)).map(objectDigest),
    ...owners.map((owner) => scriptDeclaration(scriptDeployables(owner)).digest),
  ];
}

/** [old digest, new digest] of every object whose settings differ from `before` (digests of a topology of the same shape). */
export function digestChanges(before: readonly string[], after: Topology): [string, string][] {
  const now = digestsOf(after);
  return before.map((digest, i): [string, string] => [digest, now[i]]).filter(([x, y]) => x !== y);
}

/** A string prop that reaches a script. */
export interface StringProp {
  /** `Construct.prop`, as shown in test names. */
  readonly name: string;
  /** The script it reaches. */
  readonly script: ScriptKind;
  /** The tenant objects its Exchange Online declarations need (fewer objects, faster runs). @default every one */
  readonly objects?: readonly TenantObject[];
  /** The values to try. */
  readonly values: fc.Arbitrary<string>;
  /** A benign value, unique in the script, that the baseline scripts hold where the value goes. */
  readonly placeholder: string;
  /** The declarations with `value` in this prop's place. */
  readonly declare: (value: string) => Declaration;
  /** The construct path and prop an InvalidPropsError must name when the constructs refuse the value. */
  readonly refusal: (value: string) => { readonly path: string; readonly prop: string };
  /** How the value reads in the script once the construct accepted it (lower-cased, trimmed, ...). @default the value */
  readonly asWritten?: (value: string) => string;
  /** The model with `value` written into it as is, bypassing the constructs. */
  readonly model: (topology: Topology, value: string) => Topology;
}

const lower = (v: string) => v.toLowerCase();

// Tenant-level updates of the model, by object kind.
const inboundWith = (t: Topology, change: object) => withTenant(t, (x) => ({ ...x, inboundConnectors: [{ ...x.inboundConnectors[0], ...change }] }));
const outboundWith = (t: Topology, change: object) => withTenant(t, (x) => ({ ...x, outboundConnectors: [{ ...x.outboundConnectors[0], ...change }] }));
const sendWith = (t: Topology, change: object) => ({
  ...t,
  organizations: [{ ...t.organizations[0], sendConnectors: [{ ...t.organizations[0].sendConnectors[0], ...change }] }],
});

/** Replaces a path segment (a construct id) everywhere in a Topology: what a different id would give. */
function renamePathSegment(t: Topology, from: string, to: string): Topology {
  return JSON.parse(JSON.stringify(t, (key, value) => (key.toLowerCase().endsWith("path") && typeof value === "string" ? value.split(`/${from}`).join(`/${to}`) : value)));
}

/** The constructs library writes "/" and line feeds in an id as "--". */
const asPathSegment = (id: string) => id.replace(/[/\n]/g, "--");

/** Every string prop that reaches a script. */
export const STRING_PROPS: readonly StringProp[] = [
  // Tenant
  {
    name: "Tenant.displayName (not written into scripts)",
    objects: [],
    script: "exo",
    values: hostileText,
    placeholder: "ZqDisplayQz",
    declare: (v) => ({ ...DEFAULTS, displayName: v }),
    refusal: () => ({ path: "s/Contoso", prop: "displayName" }),
    model: (t, v) => withTenant(t, (x) => ({ ...x, displayName: v })),
  },
  {
    name: "Tenant.connection.certificateFilePath",
    objects: [],
    script: "exo",
    values: hostileText,
    placeholder: "ZqPfxPathQz",
    declare: (v) => ({ ...DEFAULTS, certificateFilePath: v }),
    refusal: () => ({ path: "s/Contoso", prop: "connection.certificateFilePath" }),
    model: (t, v) => withTenant(t, (x) => ({ ...x, connection: { ...x.connection, certificateFilePath: v } })),
  },
  {
    name: "Tenant.connection.appId",
    objects: [],
    script: "exo",
    values: fc.oneof(fc.uuid(), hostileText),
    placeholder: "0000000a-0000-0000-0000-00000000beef",
    declare: (v) => ({ ...DEFAULTS, appId: v }),
    refusal: () => ({ path: "s/Contoso", prop: "connection.appId" }),
    model: (t, v) => withTenant(t, (x) => ({ ...x, connection: { ...x.connection, appId: v } })),
  },
  {
    name: "Tenant.connection.certificateThumbprint",
    objects: [],
    script: "exo",
    values: fc.oneof(fc.stringMatching(/^[0-9a-fA-F: ]{40,50}$/), hostileText),
    placeholder: "ABCDEF0123456789ABCDEF0123456789ABCDEF01",
    declare: (v) => ({ ...DEFAULTS, certificateThumbprint: v }),
    refusal: () => ({ path: "s/Contoso", prop: "connection.certificateThumbprint" }),
    asWritten: (v) => v.replace(/[\s:]/g, "").toUpperCase(),
    model: (t, v) => withTenant(t, (x) => ({ ...x, connection: { ...x.connection, certificateThumbprint: v } })),
  },
  {
    name: "Tenant.initialDomain",
    objects: [],
    script: "exo",
    values: fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}[a-z0-9]$/).map((l) => `${l}.onmicrosoft.com`), hostileText.map((v) => `${v}.onmicrosoft.com`), hostileDomain),
    placeholder: "zqinitialqz.onmicrosoft.com",
    declare: (v) => ({ ...DEFAULTS, initialDomain: v }),
    refusal: () => ({ path: "s/Contoso", prop: "initialDomain" }),
    asWritten: lower,
    model: (t, v) => withTenant(t, (x) => ({ ...x, initialDomain: v })),
  },
  // AcceptedDomain
  {
    name: "AcceptedDomain.domainName",
    objects: ["domain"],
    script: "exo",
    values: hostileDomain,
    placeholder: "zqdomainqz.example",
    declare: (v) => ({ ...DEFAULTS, domainName: v }),
    refusal: () => ({ path: "s/Contoso/Domain", prop: "domainName" }),
    asWritten: lower,
    model: (t, v) => withTenant(t, (x) => ({ ...x, acceptedDomains: [{ ...x.acceptedDomains[0], domainName: v }] })),
  },
  // InboundConnector
  {
    name: "InboundConnector.name",
    objects: ["inbound"],
    script: "exo",
    values: hostileText,
    placeholder: "ZqInboundNameQz",
    declare: (v) => ({ ...DEFAULTS, inboundName: v }),
    refusal: () => ({ path: "s/Contoso/FromOnPremises", prop: "name" }),
    model: (t, v) => inboundWith(t, { name: v }),
  },
  {
    name: "InboundConnector.comment",
    objects: ["inbound"],
    script: "exo",
    values: hostileText,
    placeholder: "ZqInboundCommentQz",
    declare: (v) => ({ ...DEFAULTS, inboundComment: v }),
    refusal: () => ({ path: "s/Contoso/FromOnPremises", prop: "comment" }),
    model: (t, v) => inboundWith(t, { comment: v }),
  },
  {
    name: "InboundConnector.tlsSenderCertificateName",
    objects: ["inbound"],
    script: "exo",
    values: fc.oneof(hostileDomain, hostileDomain.map((d) => `*.${d}`)),
    placeholder: "zqcertnameqz.example",
    declare: (v) => ({ ...DEFAULTS, tlsSenderCertificateName: v }),
    refusal: () => ({ path: "s/Contoso/FromOnPremises", prop: "tlsSenderCertificateName" }),
    asWritten: lower,
    model: (t, v) => inboundWith(t, { tlsSenderCertificateName: v }),
  },
  {
    name: "InboundConnector.senderDomains[0]",
    objects: ["inbound"],
    script: "exo",
    values: fc.oneof(hostileDomain, hostileDomain.map((d) => `*.${d}`)),
    placeholder: "zqsenderqz.example",
    declare: (v) => ({ ...DEFAULTS, senderDomain: v }),
    refusal: () => ({ path: "s/Contoso/FromOnPremises", prop: "senderDomains[0]" }),
    asWritten: lower,
    model: (t, v) => inboundWith(t, { senderDomains: [v] }),
  },
  {
    name: "InboundConnector.associatedAcceptedDomains[0]",
    objects: ["inbound"],
    script: "exo",
    values: hostileDomain,
    placeholder: "zqassociatedqz.example",
    declare: (v) => ({ ...DEFAULTS, associatedAcceptedDomain: v }),
    refusal: () => ({ path: "s/Contoso/FromOnPremises", prop: "associatedAcceptedDomains[0]" }),
    asWritten: lower,
    model: (t, v) => inboundWith(t, { associatedAcceptedDomains: [v] }),
  },
  {
    name: "InboundConnector construct id (its construct path)",
    objects: ["inbound"],
    script: "exo",
    values: hostileText,
    placeholder: "ZqInboundIdQz",
    declare: (v) => ({ ...DEFAULTS, inboundId: v }),
    refusal: (v) => ({ path: `s/Contoso/${asPathSegment(v)}`, prop: "(construct id)" }),
    asWritten: asPathSegment,
    model: (t, v) => renamePathSegment(t, "ZqInboundIdQz", v),
  },
  // OutboundConnector
  {
    name: "OutboundConnector.name",
    objects: ["outbound"],
    script: "exo",
    values: hostileText,
    placeholder: "ZqOutboundNameQz",
    declare: (v) => ({ ...DEFAULTS, outboundName: v }),
    refusal: () => ({ path: "s/Contoso/ToOnPremises", prop: "name" }),
    model: (t, v) => outboundWith(t, { name: v }),
  },
  {
    name: "OutboundConnector.comment",
    objects: ["outbound"],
    script: "exo",
    values: hostileText,
    placeholder: "ZqOutboundCommentQz",
    declare: (v) => ({ ...DEFAULTS, outboundComment: v }),
    refusal: () => ({ path: "s/Contoso/ToOnPremises", prop: "comment" }),
    model: (t, v) => outboundWith(t, { comment: v }),
  },
  {
    name: "OutboundConnector.smartHosts[0]",
    objects: ["outbound"],
    script: "exo",
    values: fc.oneof(hostileDomain, fc.ipV4()),
    placeholder: "zqsmarthostqz.example",
    declare: (v) => ({ ...DEFAULTS, smartHost: v }),
    refusal: () => ({ path: "s/Contoso/ToOnPremises", prop: "smartHosts[0]" }),
    asWritten: lower,
    model: (t, v) => outboundWith(t, { smartHosts: [v] }),
  },
  {
    name: "OutboundConnector.recipientDomains[0]",
    objects: ["outbound"],
    script: "exo",
    values: hostileDomain,
    placeholder: "zqrecipientqz.example",
    declare: (v) => ({ ...DEFAULTS, recipientDomain: v }),
    refusal: () => ({ path: "s/Contoso/ToOnPremises", prop: "recipientDomains[0]" }),
    asWritten: lower,
    model: (t, v) => outboundWith(t, { recipientDomains: [v] }),
  },
  {
    name: "OutboundConnector.tlsDomain",
    objects: ["outbound"],
    script: "exo",
    values: hostileDomain,
    placeholder: "zqtlsdomainqz.example",
    declare: (v) => ({ ...DEFAULTS, tlsDomain: v }),
    refusal: () => ({ path: "s/Contoso/ToOnPremises", prop: "tlsDomain" }),
    asWritten: lower,
    model: (t, v) => outboundWith(t, { tlsDomain: v }),
  },
  // SpoofPair
  {
    name: "SpoofPair.spoofedUser (the mailbox name before @)",
    objects: ["spoof"],
    script: "exo",
    values: hostileLocalPart,
    placeholder: "zqmailboxqz",
    declare: (v) => ({ ...DEFAULTS, spoofedUserLocalPart: v }),
    refusal: () => ({ path: "s/Contoso/Spoof", prop: "spoofedUser" }),
    asWritten: lower,
    model: (t, v) => withTenant(t, (x) => ({ ...x, spoofPairs: [{ ...x.spoofPairs[0], spoofedUser: `${v}@contoso.com` }] })),
  },
  {
    name: "SpoofPair.sendingInfrastructure",
    objects: ["spoof"],
    script: "exo",
    values: hostileDomain,
    placeholder: "zqinfraqz.com",
    declare: (v) => ({ ...DEFAULTS, sendingInfrastructure: v }),
    refusal: () => ({ path: "s/Contoso/Spoof", prop: "sendingInfrastructure" }),
    asWritten: lower,
    model: (t, v) => withTenant(t, (x) => ({ ...x, spoofPairs: [{ ...x.spoofPairs[0], sendingInfrastructure: v }] })),
  },
  {
    name: "Tenant construct id (the prefix of every Exchange Online path)",
    script: "exo",
    values: hostileText,
    placeholder: "ZqTenantIdQz",
    declare: (v) => ({ ...DEFAULTS, tenantId: v }),
    refusal: (v) => ({ path: `s/${asPathSegment(v)}`, prop: "(construct id)" }),
    asWritten: asPathSegment,
    model: (t, v) => renamePathSegment(t, "ZqTenantIdQz", v),
  },
  // Certificate (TlsCertificateName of the send connector)
  {
    name: "Certificate.subject (TlsCertificateName)",
    script: "ems",
    values: hostileText,
    placeholder: "ZqSubjectOrgQz",
    declare: (v) => ({ ...DEFAULTS, subjectOrganization: v }),
    refusal: () => ({ path: "s/Certificate", prop: "subject" }),
    // The constructs trim the distinguished name, whose end is this value.
    asWritten: (v) => v.trimEnd(),
    model: (t, v) => sendWith(t, { tlsCertificateName: t.organizations[0].sendConnectors[0].tlsCertificateName!.replace("ZqSubjectOrgQz", () => v) }),
  },
  {
    name: "Certificate.issuer (TlsCertificateName)",
    script: "ems",
    values: hostileText,
    placeholder: "ZqIssuerOrgQz",
    declare: (v) => ({ ...DEFAULTS, issuerOrganization: v }),
    refusal: () => ({ path: "s/Certificate", prop: "issuer" }),
    asWritten: (v) => v.trimEnd(),
    model: (t, v) => sendWith(t, { tlsCertificateName: t.organizations[0].sendConnectors[0].tlsCertificateName!.replace("ZqIssuerOrgQz", () => v) }),
  },
  // SendConnector
  {
    name: "SendConnector.name",
    script: "ems",
    values: hostileText,
    placeholder: "ZqSendNameQz",
    declare: (v) => ({ ...DEFAULTS, sendConnectorName: v }),
    refusal: () => ({ path: "s/ContosoExchange/ToExchangeOnline", prop: "name" }),
    model: (t, v) => sendWith(t, { name: v }),
  },
  {
    name: "SendConnector.comment",
    script: "ems",
    values: hostileText,
    placeholder: "ZqSendCommentQz",
    declare: (v) => ({ ...DEFAULTS, sendConnectorComment: v }),
    refusal: () => ({ path: "s/ContosoExchange/ToExchangeOnline", prop: "comment" }),
    model: (t, v) => sendWith(t, { comment: v }),
  },
  {
    name: "SendConnector.fqdn",
    script: "ems",
    values: hostileDomain,
    placeholder: "zqfqdnqz.example",
    declare: (v) => ({ ...DEFAULTS, fqdn: v }),
    refusal: () => ({ path: "s/ContosoExchange/ToExchangeOnline", prop: "fqdn" }),
    asWritten: lower,
    model: (t, v) => sendWith(t, { fqdn: v }),
  },
  {
    name: "SendConnector.addressSpaces[0]",
    script: "ems",
    values: fc.oneof(hostileDomain, hostileDomain.map((d) => `*.${d}`)),
    placeholder: "zqaddressqz.example",
    declare: (v) => ({ ...DEFAULTS, addressSpace: v }),
    refusal: () => ({ path: "s/ContosoExchange/ToExchangeOnline", prop: "addressSpaces[0]" }),
    asWritten: lower,
    model: (t, v) => sendWith(t, { addressSpaces: [v] }),
  },
  {
    name: "SendConnector.tlsDomain",
    script: "ems",
    values: hostileDomain,
    placeholder: "zqsendtlsqz.example",
    declare: (v) => ({ ...DEFAULTS, sendTlsDomain: v }),
    refusal: () => ({ path: "s/ContosoExchange/ToExchangeOnline", prop: "tlsDomain" }),
    asWritten: lower,
    model: (t, v) => sendWith(t, { tlsDomain: v }),
  },
  {
    name: "SendConnector construct id (its construct path)",
    script: "ems",
    values: hostileText,
    placeholder: "ZqSendIdQz",
    declare: (v) => ({ ...DEFAULTS, sendConnectorId: v }),
    refusal: (v) => ({ path: `s/ContosoExchange/${asPathSegment(v)}`, prop: "(construct id)" }),
    asWritten: asPathSegment,
    model: (t, v) => renamePathSegment(t, "ZqSendIdQz", v),
  },
  // OnPremisesOrganization
  {
    name: "OnPremisesOrganization.transportServers[0] (SourceTransportServers)",
    script: "ems",
    values: fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,14}$/), hostileDomain, hostileText),
    placeholder: "ZqServerQz",
    declare: (v) => ({ ...DEFAULTS, transportServer: v }),
    refusal: () => ({ path: "s/ContosoExchange", prop: "transportServers[0]" }),
    model: (t, v) => sendWith(t, { sourceTransportServers: [v] }),
  },
  {
    name: "OnPremisesOrganization construct id (script file name and paths)",
    script: "ems",
    values: hostileText,
    placeholder: "ZqOrgIdQz",
    declare: (v) => ({ ...DEFAULTS, organizationId: v }),
    refusal: (v) => ({ path: `s/${asPathSegment(v)}`, prop: "(construct id)" }),
    asWritten: asPathSegment,
    model: (t, v) => renamePathSegment(t, "ZqOrgIdQz", v),
  },
];
