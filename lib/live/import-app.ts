/**
 * `import`: a TypeScript cdktf app that declares a live estate with the library's constructs. Deterministic (same
 * Topology, same bytes) and readable: one file per tenant and per organization, one statement per object, every
 * setting that differs from what a reader would assume written out. Construct ids are the ids the readers gave the
 * objects, so the app's Topology is the export's (the round-trip test checks it for every fixture).
 */
import type {
  AcceptedDomainModel, CertificateModel, InboundConnectorModel, OnPremisesOrganizationModel, OutboundConnectorModel, SendConnectorModel, SpoofPairModel,
  TenantModel, Topology,
} from "../model/topology";
import { LIVE_STACK } from "./live-ids";

/** The package the generated app imports the constructs from. */
export const PACKAGE_NAME = "cdktf-mailflow";
/** The modules the generated app imports its engine and scopes from (written into the app; this layer imports neither). */
const ENGINE_MODULE = "cdktf";
const CONSTRUCTS_MODULE = "constructs";

/** The files of the app, path (relative to the output folder, `/`-separated) → content, sorted by path. */
export function renderImportApp(topology: Topology, options: { readonly source?: string } = {}): Map<string, string> {
  const files = new Map<string, string>();
  const names = new NameAllocator();
  const tenantFiles = topology.tenants.map((tenant) => {
    const id = lastSegment(tenant.path);
    const fn = names.function(`declare ${id}`);
    const file = `tenants/${names.file("tenants", id)}`;
    files.set(`${file}.ts`, tenantFile(tenant, fn));
    return { tenant, id, fn, file };
  });
  const certificateFile = topology.certificates.length > 0 ? certificatesFile(topology.certificates) : undefined;
  if (certificateFile !== undefined) files.set("certificates.ts", certificateFile);
  const organizationFiles = topology.organizations.map((organization) => {
    const id = lastSegment(organization.path);
    const fn = names.function(`declare ${id}`);
    const file = `organizations/${names.file("organizations", id)}`;
    files.set(`${file}.ts`, organizationFile(organization, topology, fn));
    return { organization, id, fn, file };
  });

  const estate: string[] = [
    GENERATED_HEADER(options.source),
    `import { TerraformStack } from ${str(ENGINE_MODULE)};`,
    `import type { Construct } from ${str(CONSTRUCTS_MODULE)};`,
    ...(certificateFile !== undefined ? [`import { declareCertificates } from "./certificates";`] : []),
    ...tenantFiles.map((t) => `import { ${t.fn} } from "./${t.file}";`),
    ...organizationFiles.map((o) => `import { ${o.fn} } from "./${o.file}";`),
    "",
    "/** The live estate: every tenant and on-premises organization of the export, in one stack. */",
    "export class LiveEstate extends TerraformStack {",
    "  constructor(scope: Construct, id: string) {",
    "    super(scope, id);",
  ];
  if (tenantFiles.length > 0) {
    estate.push("    const tenants = {", ...tenantFiles.map((t) => `      ${key(t.id)}: ${t.fn}(this),`), "    };");
  }
  if (certificateFile !== undefined) estate.push("    const certificates = declareCertificates(this);");
  for (const o of organizationFiles) {
    const uses = o.organization.sendConnectors.length > 0;
    estate.push(`    ${o.fn}(this${uses ? ", tenants, certificates" : ""});`);
  }
  if (tenantFiles.length > 0 && organizationFiles.every((o) => o.organization.sendConnectors.length === 0)) estate.push("    void tenants;");
  estate.push("  }", "}", "");
  files.set("estate.ts", estate.join("\n"));
  files.set("cdktf.json", `${JSON.stringify({ language: "typescript", app: "npx ts-node main.ts", output: "cdktf.out" }, null, 2)}\n`);
  files.set("main.ts", [
    GENERATED_HEADER(options.source),
    `import { App } from ${str(ENGINE_MODULE)};`,
    `import { LiveEstate } from "./estate";`,
    "",
    "const app = new App();",
    `new LiveEstate(app, ${str(LIVE_STACK)});`,
    "app.synth();",
    "",
  ].join("\n"));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const GENERATED_HEADER = (source: string | undefined) =>
  [
    "// Written by `cdktf-mailflow import`" + (source ? ` from ${source.replace(/[\r\n]/g, " ")}` : "") + ": the live estate as it was exported.",
    "// Review it, keep it in version control, and change mail flow here from now on.",
    "",
  ].join("\n");

function tenantFile(tenant: TenantModel, fn: string): string {
  const kinds = new Set<string>(["Tenant"]);
  const body: string[] = [];
  const tenantProps: Prop[] = [["initialDomain", str(tenant.initialDomain)]];
  if (tenant.cloud !== undefined && tenant.cloud !== "worldwide") tenantProps.push(["cloud", str(tenant.cloud)]);
  if (tenant.organizationConfig !== undefined) tenantProps.push(["rejectDirectSend", String(tenant.organizationConfig.rejectDirectSend)]);
  body.push(`  const tenant = new Tenant(scope, ${str(lastSegment(tenant.path))}, ${objectLiteral(tenantProps, 2)});`);
  for (const d of tenant.acceptedDomains) {
    if (lastSegment(d.path) !== d.domainName) kinds.add("AcceptedDomain");
    body.push(acceptedDomainLine(d));
  }
  for (const c of tenant.inboundConnectors) {
    kinds.add("InboundConnector");
    body.push(`  new InboundConnector(tenant, ${str(lastSegment(c.path))}, ${objectLiteral(inboundProps(c), 2)});`);
  }
  for (const c of tenant.outboundConnectors) {
    kinds.add("OutboundConnector");
    body.push(`  new OutboundConnector(tenant, ${str(lastSegment(c.path))}, ${objectLiteral(outboundProps(c), 2)});`);
  }
  for (const s of tenant.spoofPairs) {
    kinds.add("SpoofPair");
    body.push(`  new SpoofPair(tenant, ${str(lastSegment(s.path))}, ${objectLiteral(spoofProps(s), 2)});`);
  }
  return [
    GENERATED_HEADER(undefined),
    `import type { Construct } from ${str(CONSTRUCTS_MODULE)};`,
    `import { ${[...kinds].sort().join(", ")} } from ${str(PACKAGE_NAME)};`,
    "",
    `/** Tenant ${tenant.initialDomain}: ${count(tenant.acceptedDomains.length, "accepted domain")}, ${count(tenant.inboundConnectors.length, "inbound connector")}, ${count(tenant.outboundConnectors.length, "outbound connector")}, ${count(tenant.spoofPairs.length, "spoof pair")}. */`,
    `export function ${fn}(scope: Construct): Tenant {`,
    ...body,
    "  return tenant;",
    "}",
    "",
  ].join("\n");
}

function acceptedDomainLine(d: AcceptedDomainModel): string {
  const options: Prop[] = [];
  if (d.domainType !== "Authoritative") options.push(["domainType", str(d.domainType)]);
  if (d.matchSubDomains) options.push(["matchSubDomains", "true"]);
  if (d.outboundOnly) options.push(["outboundOnly", "true"]);
  const id = lastSegment(d.path);
  if (id !== d.domainName) {
    // The reader gave another id (a clash with a connector's name): declared as the construct it is.
    return `  new AcceptedDomain(tenant, ${str(id)}, ${objectLiteral([["domainName", str(d.domainName)], ...options], 2)});`;
  }
  return `  tenant.addAcceptedDomain(${str(d.domainName)}${options.length > 0 ? `, ${objectLiteral(options, 2)}` : ""});`;
}

type Prop = [string, string];

function inboundProps(c: InboundConnectorModel): Prop[] {
  const props: Prop[] = [["connectorType", str(c.connectorType)]];
  if (c.name !== lastSegment(c.path)) props.push(["name", str(c.name)]);
  if (c.tlsSenderCertificateName !== undefined) props.push(["tlsSenderCertificateName", str(c.tlsSenderCertificateName)]);
  if (c.senderIpAddresses.length > 0) props.push(["senderIpAddresses", list(c.senderIpAddresses)]);
  if (!(c.senderDomains.length === 1 && c.senderDomains[0] === "*")) props.push(["senderDomains", list(c.senderDomains)]);
  // Written whatever their value: their defaults depend on the connector type and on Microsoft's documentation.
  props.push(["cloudServicesMailEnabled", String(c.cloudServicesMailEnabled)]);
  if (c.treatMessagesAsInternal) props.push(["treatMessagesAsInternal", "true"]);
  if (c.associatedAcceptedDomains.length > 0) props.push(["associatedAcceptedDomains", list(c.associatedAcceptedDomains)]);
  props.push(["requireTls", String(c.requireTls)]);
  if (c.restrictDomainsToCertificate) props.push(["restrictDomainsToCertificate", "true"]);
  if (c.restrictDomainsToIpAddresses) props.push(["restrictDomainsToIpAddresses", "true"]);
  if (!c.enabled) props.push(["enabled", "false"]);
  if (c.comment !== undefined) props.push(["comment", str(c.comment)]);
  return props;
}

function outboundProps(c: OutboundConnectorModel): Prop[] {
  const props: Prop[] = [["connectorType", str(c.connectorType)]];
  if (c.name !== lastSegment(c.path)) props.push(["name", str(c.name)]);
  if (c.recipientDomains.length > 0) props.push(["recipientDomains", list(c.recipientDomains)]);
  if (c.smartHosts.length > 0) props.push(["smartHosts", list(c.smartHosts)]);
  props.push(["useMxRecord", String(c.useMxRecord)]);
  if (c.tlsSettings !== undefined) props.push(["tlsSettings", str(c.tlsSettings)]);
  if (c.tlsDomain !== undefined) props.push(["tlsDomain", str(c.tlsDomain)]);
  if (c.routeAllMessagesViaOnPremises) props.push(["routeAllMessagesViaOnPremises", "true"]);
  if (c.allAcceptedDomains) props.push(["allAcceptedDomains", "true"]);
  props.push(["cloudServicesMailEnabled", String(c.cloudServicesMailEnabled)]);
  if (!c.enabled) props.push(["enabled", "false"]);
  if (c.comment !== undefined) props.push(["comment", str(c.comment)]);
  return props;
}

function spoofProps(s: SpoofPairModel): Prop[] {
  return [
    ["spoofedUser", str(s.spoofedUser)],
    ["sendingInfrastructure", str(s.sendingInfrastructure)],
    ["spoofType", str(s.spoofType)],
    ["action", str(s.action)],
  ];
}

function certificatesFile(certificates: readonly CertificateModel[]): string {
  const entries = certificates.map((c) => {
    const props: Prop[] = [["subject", str(c.subject)], ["issuer", str(c.issuer)]];
    if (c.subjectAlternativeNames.length > 0) props.push(["subjectAlternativeNames", list(c.subjectAlternativeNames)]);
    if (c.thumbprint !== undefined) props.push(["thumbprint", str(c.thumbprint)]);
    if (c.notAfter !== undefined) props.push(["notAfter", str(c.notAfter)]);
    return `    ${key(lastSegment(c.path))}: new Certificate(scope, ${str(lastSegment(c.path))}, ${objectLiteral(props, 4)}),`;
  });
  return [
    GENERATED_HEADER(undefined),
    `import type { Construct } from ${str(CONSTRUCTS_MODULE)};`,
    `import { Certificate } from ${str(PACKAGE_NAME)};`,
    "",
    "/** The certificates the on-premises send connectors present, read from their DER (or named by TlsCertificateName). */",
    "export function declareCertificates(scope: Construct) {",
    "  return {",
    ...entries,
    "  };",
    "}",
    "",
  ].join("\n");
}

function organizationFile(organization: OnPremisesOrganizationModel, topology: Topology, fn: string): string {
  const tenantIds = new Map(topology.tenants.map((t) => [t.path, lastSegment(t.path)]));
  const certificateIds = new Map(topology.certificates.map((c) => [c.path, lastSegment(c.path)]));
  const props: Prop[] = [];
  if (organization.transportServers.length > 0) props.push(["transportServers", list(organization.transportServers)]);
  if (organization.sites !== undefined && organization.sites.length > 0) {
    props.push(["sites", objectLiteral(organization.sites.map((site): Prop => [key(site.name), list(site.servers)]), 4, true)]);
  }
  if (organization.egressIpAddresses.length > 0) props.push(["egressIpAddresses", list(organization.egressIpAddresses)]);
  if (organization.relays.length > 0) props.push(["relays", list(organization.relays)]);
  const hasConnectors = organization.sendConnectors.length > 0;
  const mailboxes = organization.userMailboxes ?? [];
  const body = [
    `  const organization = new OnPremisesOrganization(scope, ${str(lastSegment(organization.path))}${props.length > 0 ? `, ${objectLiteral(props, 2)}` : ""});`,
    ...(mailboxes.length > 0 ? ["  // Where each tenant's users have their mailboxes (the export's mailbox placement): their mail is routed from there."] : []),
    ...(mailboxes.length === 0 && new Set(organization.sendConnectors.map((c) => c.tenantPath)).size > 1
      ? [
        "  // The export told no mailbox placement. Declare where each tenant's users have their mailboxes, e.g.",
        "  // organization.addUserMailboxes(tenants[\"<tenant>\"], { servers: [\"<Mailbox server>\"] });",
        "  // until then the rules assume every tenant's users on every transport server (flow-attributed-to-another-tenant).",
      ]
      : []),
    ...mailboxes.map((m) => `  organization.addUserMailboxes(tenants[${str(tenantIds.get(m.tenantPath) ?? lastSegment(m.tenantPath))}], { servers: ${list(m.servers)} });`),
    ...organization.sendConnectors.map((c) =>
      `  new SendConnector(organization, ${str(lastSegment(c.path))}, ${objectLiteral(sendConnectorProps(c, tenantIds, certificateIds), 2)});`),
  ];
  return [
    GENERATED_HEADER(undefined),
    `import type { Construct } from ${str(CONSTRUCTS_MODULE)};`,
    `import { ${hasConnectors ? "type Certificate, OnPremisesOrganization, SendConnector, type Tenant" : "OnPremisesOrganization"} } from ${str(PACKAGE_NAME)};`,
    "",
    `/** On-premises organization ${lastSegment(organization.path)}: ${count(organization.sendConnectors.length, "send connector")} to Exchange Online. */`,
    hasConnectors
      ? `export function ${fn}(scope: Construct, tenants: Readonly<Record<string, Tenant>>, certificates: Readonly<Record<string, Certificate>>): OnPremisesOrganization {`
      : `export function ${fn}(scope: Construct): OnPremisesOrganization {`,
    ...body,
    "  return organization;",
    "}",
    "",
  ].join("\n");
}

function sendConnectorProps(c: SendConnectorModel, tenantIds: ReadonlyMap<string, string>, certificateIds: ReadonlyMap<string, string>): Prop[] {
  const props: Prop[] = [
    ["tenant", `tenants[${str(tenantIds.get(c.tenantPath) ?? lastSegment(c.tenantPath))}]`],
    ["certificate", `certificates[${str(certificateIds.get(c.certificatePath) ?? lastSegment(c.certificatePath))}]`],
  ];
  if (c.name !== lastSegment(c.path)) props.push(["name", str(c.name)]);
  props.push(["addressSpaces", list(c.addressSpaces)]);
  if (c.dnsRoutingEnabled) props.push(["dnsRoutingEnabled", "true"]);
  else if (c.smartHosts.length > 0) props.push(["smartHosts", list(c.smartHosts)]);
  props.push(["sourceTransportServers", list(c.sourceTransportServers)]);
  if (c.isScopedConnector === true) props.push(["isScopedConnector", "true"]);
  // null declares a setting the export has unset, where the construct would otherwise apply its default.
  props.push(["fqdn", c.fqdn !== undefined ? str(c.fqdn) : "null"]);
  props.push(["requireTls", String(c.requireTls)]);
  if (c.tlsAuthLevel !== undefined) props.push(["tlsAuthLevel", str(c.tlsAuthLevel)]);
  else if (c.requireTls) props.push(["tlsAuthLevel", "null"]);
  if (c.tlsDomain !== undefined) props.push(["tlsDomain", str(c.tlsDomain)]);
  else if (c.tlsAuthLevel === "DomainValidation") props.push(["tlsDomain", "null"]);
  props.push(["cloudServicesMailEnabled", String(c.cloudServicesMailEnabled)]);
  if (!c.enabled) props.push(["enabled", "false"]);
  if (c.comment !== undefined) props.push(["comment", str(c.comment)]);
  return props;
}

/**
 * `{ a: 1, b: 2 }` on one line when short, else one prop a line, indented from `indent` spaces.
 * @param keyed true when the keys are already written as object keys (quoted where needed)
 */
function objectLiteral(props: readonly Prop[], indent: number, keyed = false): string {
  const k = (name: string) => (keyed ? name : key(name));
  const inline = `{ ${props.map(([name, v]) => `${k(name)}: ${v}`).join(", ")} }`;
  if (inline.length + indent <= 100 && !inline.includes("\n")) return inline;
  const pad = " ".repeat(indent + 2);
  return `{\n${props.map(([name, v]) => `${pad}${k(name)}: ${v},`).join("\n")}\n${" ".repeat(indent)}}`;
}

/** A TypeScript string literal (JSON's, which TypeScript reads the same). */
function str(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function list(values: readonly string[]): string {
  return `[${values.map(str).join(", ")}]`;
}

/** An object key: bare when it is an identifier, quoted otherwise. */
function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : str(name);
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Function and file names, unique, derived from construct ids. */
class NameAllocator {
  private readonly functions = new Set<string>();
  private readonly files = new Set<string>();

  function(text: string): string {
    const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
    let base = words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1))).join("");
    if (!/^[A-Za-z_$]/.test(base)) base = `declare${base}`;
    let name = base;
    for (let n = 2; this.functions.has(name); n++) name = `${base}${n}`;
    this.functions.add(name);
    return name;
  }

  file(folder: string, id: string): string {
    const base = id.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "object";
    let name = base;
    for (let n = 2; this.files.has(`${folder}/${name}`); n++) name = `${base}-${n}`;
    this.files.add(`${folder}/${name}`);
    return name;
  }
}
