/**
 * plan.md: the review document of one stack, written for a reader who knows Exchange but has never seen the code that
 * declares the topology. It opens with what a reviewer must see (the "For review" section). A stack of more than
 * {@link PLAN_INDEX_TENANT_THRESHOLD} tenants gets an index instead of one long page: plan.md keeps the review section,
 * the counts and a table of tenants and organizations, each linking a file of its own under `plan/`. Every value that
 * comes from the user is escaped (markdown-text.ts); everything is in the plan's order, so the same plan gives the same
 * bytes.
 */
import { FLOW_NAMES, unhealthyFlows } from "./flow-health";
import { cellCode, code, count, joinAnd, md, table } from "./markdown-text";
import { mermaidDiagram } from "./mermaid";
import type {
  PlanSpoofEntry,
  Plan, PlanExpectation, PlanFinding, PlanOrganization, PlanOrganizationRouting, PlanSimulationResult, PlanTenant, SendConnectorFlows,
} from "./plan-schema";
import { PlanSlicer, STACK_WIDE_FILE, planDetailFiles } from "./plan-slices";
import { reviewSection, type ReviewPointers } from "./review-section";

/** The name of plan.md in a stack's `mailflow/` folder. */
const PLAN_MARKDOWN = "plan.md";

/**
 * The most tenants (of the stack itself) whose detail plan.md holds on one page. Past it, plan.md is an index and each
 * tenant's and organization's detail is in a file of its own under `plan/`: a page of 100 tenants was about 2,900 lines.
 */
export const PLAN_INDEX_TENANT_THRESHOLD = 25;

/** How many tenants (or organizations) one row of the index's tables holds, so that 1,000 tenants take under 200 lines. */
export const PLAN_INDEX_COLUMNS = 6;

const RELAY_NAMES: Record<PlanOrganization["relays"][number], string> = {
  ndr: "NDRs",
  forwarding: "forwarded mail",
  "foreign-sender-domains": "mail on behalf of other domains",
};

const yesNo = (value: boolean) => (value ? "yes" : "no");

const joinSections = (sections: readonly (readonly string[])[]) => `${sections.map((lines) => lines.join("\n")).join("\n\n")}\n`;

/** Whether the plan's Markdown is an index with detail files (more than {@link PLAN_INDEX_TENANT_THRESHOLD} tenants of its own). */
export function isIndexedPlan(plan: Plan): boolean {
  return plan.summary.tenants > PLAN_INDEX_TENANT_THRESHOLD;
}

/**
 * plan.md for a plan built by `buildPlan`: the whole review document, or for a stack of more than
 * {@link PLAN_INDEX_TENANT_THRESHOLD} tenants its index (the detail files come from {@link forEachPlanMarkdownFile}).
 */
export function renderPlanMarkdown(plan: Plan): string {
  if (!isIndexedPlan(plan)) return renderWholePlan(plan);
  return renderPlanIndex(plan, planDetailFiles(plan), new PlanSlicer(plan));
}

/**
 * The Markdown files of a plan, handed to `emit` one at a time (paths relative to the `mailflow/` folder): plan.md,
 * then for an indexed plan (see {@link isIndexedPlan}) `plan/stack-wide.md` (certificates, the certificate and IP
 * tables, expectations, every finding), one `plan/tenant-<label>.md` per tenant and one `plan/org-<name>.md` per
 * on-premises organization. Throws, before emitting anything, when two tenants or organizations would get the same file.
 */
export function forEachPlanMarkdownFile(plan: Plan, emit: (relative: string, content: string) => void): void {
  if (!isIndexedPlan(plan)) {
    emit(PLAN_MARKDOWN, renderWholePlan(plan));
    return;
  }
  const files = planDetailFiles(plan);
  const slicer = new PlanSlicer(plan);
  emit(PLAN_MARKDOWN, renderPlanIndex(plan, files, slicer));
  emit(STACK_WIDE_FILE, renderStackWide(plan));
  for (const tenant of plan.tenants) emit(files.tenants.get(tenant.initialDomain)!, renderTenantFile(plan, slicer.tenantSlice(tenant), files));
  for (const organization of plan.organizations) emit(files.organizations.get(organization.path)!, renderOrganizationFile(plan, slicer.organizationSlice(organization)));
}

/** Where the review of a whole (small) plan, or of a detail file, points: the sections below it. */
const IN_THIS_FILE: ReviewPointers = {
  findings: "under [Findings](#findings)",
  flows: "under [Standard flows](#standard-flows) and [On-premises routing](#on-premises-routing)",
  expectations: "under [Expectations](#expectations)",
};

function renderWholePlan(plan: Plan): string {
  const otherStacks = new Set(plan.tenants.filter((t) => t.fromOtherStack).map((t) => t.initialDomain));
  const tenantCell = (initialDomain: string) => `${code(initialDomain)}${otherStacks.has(initialDomain) ? " (other stack)" : ""}`;
  return joinSections([
    title(plan),
    reviewSection(plan, IN_THIS_FILE),
    about(plan),
    tenantsSection(plan),
    connectorsSection(plan),
    certificatesSection(plan),
    organizationsSection(plan),
    certificateTableSection(plan, tenantCell),
    ipTableSection(plan, tenantCell),
    diagramSection(plan),
    routingSection(plan),
    standardFlowsSection(plan),
    expectationsSection(plan),
    findingsSection(plan),
  ]);
}

/** The index of a large plan: title and counts, the review, what the page is, and the tables of tenants and organizations. */
function renderPlanIndex(plan: Plan, files: ReturnType<typeof planDetailFiles>, slicer: PlanSlicer): string {
  const pointers: ReviewPointers = {
    findings: `in the tenants' and organizations' files below; all of them in [stack-wide.md](${STACK_WIDE_FILE}#findings) and \`plan.json\``,
    flows: "in the tenants' files below (Standard flows, On-premises routing) and `plan.json`",
    expectations: `in [stack-wide.md](${STACK_WIDE_FILE}#expectations)`,
  };
  const unhealthy = new Map<string, number>();
  for (const flow of unhealthyFlows(plan)) unhealthy.set(flow.tenant, (unhealthy.get(flow.tenant) ?? 0) + 1);
  const status = (findings: readonly PlanFinding[], flows: number) => {
    const errors = findings.filter((f) => f.severity === "error" && !f.suppressed).length;
    const warnings = findings.filter((f) => f.severity === "warning" && !f.suppressed).length;
    const parts = [
      ...(errors > 0 ? [`**${count(errors, "error")}**`] : []),
      ...(warnings > 0 ? [count(warnings, "warning")] : []),
      ...(flows > 0 ? [count(flows, "flow") + " not healthy"] : []),
    ];
    return parts.length > 0 ? `: ${parts.join(", ")}` : "";
  };
  const tenantCells = plan.tenants.map((t) =>
    `[${code(t.initialDomain)}](${files.tenants.get(t.initialDomain)})${t.fromOtherStack ? " (other stack)" : ""}${status(slicer.tenantFindings(t), unhealthy.get(t.initialDomain) ?? 0)}`);
  const organizationCells = plan.organizations.map((o) => {
    const findings = plan.findings.filter((f) => f.path === o.path || f.path.startsWith(`${o.path}/`));
    return `[${code(o.path)}](${files.organizations.get(o.path)})${o.fromOtherStack ? " (other stack)" : ""}: ${count(o.sendConnectors.length, "send connector")}${status(findings, 0).replace(/^:/, ",")}`;
  });
  return joinSections([
    title(plan),
    reviewSection(plan, pointers),
    [
      ...about(plan),
      "",
      `The stack declares more than ${PLAN_INDEX_TENANT_THRESHOLD} tenants, so this page is an index: each tenant's detail (accepted domains, ` +
        "connectors, spoof entries, its rows of the certificate and IP tables, its standard and routed flows, expectations " +
        "and findings) is in a file of its own under `plan/`, and so is each on-premises organization's; the certificates, " +
        `the certificate-to-tenant and IP-to-tenant tables, the expectations and every finding are in [plan/stack-wide.md](${STACK_WIDE_FILE}).`,
    ],
    ["## Tenants", "", ...(tenantCells.length > 0 ? packedTable("Tenant", tenantCells) : ["_No tenant._"])],
    ["## On-premises organizations", "", ...(organizationCells.length > 0 ? packedTable("Organization", organizationCells) : ["_No on-premises organization is declared._"])],
  ]);
}

/** A table of `cells`, {@link PLAN_INDEX_COLUMNS} to a row, in order. */
function packedTable(header: string, cells: readonly string[]): string[] {
  const columns = Math.min(PLAN_INDEX_COLUMNS, cells.length);
  const rows: string[][] = [];
  for (let i = 0; i < cells.length; i += columns) {
    const row = cells.slice(i, i + columns);
    rows.push([...row, ...Array.from({ length: columns - row.length }, () => "")]);
  }
  return table(Array.from({ length: columns }, () => header), rows);
}

function backLink(plan: Plan): string {
  return `Part of the [mail flow plan of stack ${code(plan.stack)}](../plan.md); the stack-wide tables are in [stack-wide.md](stack-wide.md). `;
}

/** A tenant's detail file: its slice of the plan, with the same sections as a whole plan. */
function renderTenantFile(plan: Plan, slice: Plan, files: ReturnType<typeof planDetailFiles>): string {
  const tenant = slice.tenants[0];
  const tenantCell = (initialDomain: string) => {
    const file = files.tenants.get(initialDomain);
    return file === undefined || initialDomain === tenant.initialDomain ? code(initialDomain) : `[${code(initialDomain)}](${file.slice(file.lastIndexOf("/") + 1)})`;
  };
  const organizations = slice.organizations.map((o) => `[${code(o.path)}](${files.organizations.get(o.path)!.slice(files.organizations.get(o.path)!.lastIndexOf("/") + 1)})`);
  return joinSections([
    [
      `# Tenant ${code(tenant.initialDomain)}: stack ${code(plan.stack)}`,
      "",
      backLink(plan) +
        "This file holds the tenant's part of the plan: what it declares, the send connectors to it and the certificates " +
        "they present, its rows of the certificate and IP tables, its flows, the expectations about it, and the findings on all of these." +
        (organizations.length > 0 ? ` Organizations: ${organizations.join(", ")}.` : ""),
      "",
      glance(slice),
    ],
    reviewSection(slice, IN_THIS_FILE),
    tenantsSection(slice),
    connectorsSection(slice),
    certificatesSection(slice),
    organizationsSection(slice),
    certificateTableSection(slice, tenantCell),
    ipTableSection(slice, tenantCell),
    diagramSection(slice),
    routingSection(slice),
    standardFlowsSection(slice),
    expectationsSection(slice),
    findingsSection(slice),
  ]);
}

/** An organization's detail file: its send connectors, the certificates they present, its internet-mail routing and findings. */
function renderOrganizationFile(plan: Plan, slice: Plan): string {
  const organization = slice.organizations[0];
  return joinSections([
    [
      `# On-premises organization ${code(organization.path)}: stack ${code(plan.stack)}`,
      "",
      backLink(plan) +
        "This file holds the organization, its send connectors, the certificates they present, which send connector carries " +
        "internet mail on each server, and the findings on these. Each tenant's standard and routed flows are in the tenant's file.",
      "",
      glance(slice),
    ],
    reviewSection(slice, { ...IN_THIS_FILE, flows: "in the tenants' files" }),
    organizationsSection(slice),
    certificatesSection(slice),
    routingSection(slice),
    findingsSection(slice),
  ]);
}

/** The stack-wide tables of an indexed plan: certificates, the certificate and IP tables, expectations, every finding. */
function renderStackWide(plan: Plan): string {
  const otherStacks = new Set(plan.tenants.filter((t) => t.fromOtherStack).map((t) => t.initialDomain));
  const tenantCell = (initialDomain: string) => `${code(initialDomain)}${otherStacks.has(initialDomain) ? " (other stack)" : ""}`;
  return joinSections([
    [
      `# Stack-wide tables: stack ${code(plan.stack)}`,
      "",
      `Part of the [mail flow plan of stack ${code(plan.stack)}](../plan.md): the certificates, the certificate-to-tenant and ` +
        "IP-to-tenant tables, the expectations and every finding of the stack. Each tenant's and organization's detail is in its own file beside this one.",
    ],
    certificatesSection(plan),
    certificateTableSection(plan, tenantCell),
    ipTableSection(plan, tenantCell),
    expectationsSection(plan),
    findingsSection(plan),
  ]);
}

function title(plan: Plan): string[] {
  return [`# Mail flow plan: stack ${code(plan.stack)}`, "", glance(plan)];
}

/** The counts of a plan (or slice) in one line. */
function glance(plan: Plan): string {
  const s = plan.summary;
  const findings =
    s.errors + s.warnings + s.suppressed === 0
      ? "no findings"
      : joinAnd([
          ...(s.errors > 0 ? [`**${count(s.errors, "error")}** (synthesis fails until each is fixed or suppressed)`] : []),
          ...(s.warnings > 0 ? [count(s.warnings, "warning")] : []),
          ...(s.suppressed > 0 ? [count(s.suppressed, "suppressed finding")] : []),
        ]);
  const expectations =
    s.expectations === 0
      ? "no mail-flow expectations"
      : s.expectationsFailed === 0
        ? `${count(s.expectations, "mail-flow expectation")}, all met`
        : `${count(s.expectations, "mail-flow expectation")}, **${s.expectationsFailed} not met**`;
  return `**At a glance:** ${count(s.tenants, "tenant")}, ${count(s.organizations, "on-premises organization")} with ` +
    `${count(s.sendConnectors, "send connector")}; ${findings}; ${expectations}.`;
}

/** What the document is and how its outcomes come about. */
function about(plan: Plan): string[] {
  const others = plan.tenants.some((t) => t.fromOtherStack) || plan.organizations.some((o) => o.fromOtherStack) || plan.certificates.some((c) => c.fromOtherStack);
  return [
    "## About this plan",
    "",
    `This is the review document of the Exchange mail flow declared in the stack ${code(plan.stack)}: the Exchange Online tenants ` +
      "and their accepted domains, the inbound connectors by which each tenant recognizes the customer's own servers, the " +
      "on-premises organizations that send mail through Exchange Online, and what Exchange Online will do with that mail.",
    "",
    "The outcomes are **simulated** from Microsoft's published rules, not observed: Exchange Online first attributes each " +
      "message to one tenant (by the TLS certificate the sending server presents, else by the MAIL FROM domain, else by the " +
      "RCPT TO domain; message-center post MC1226222), then relays it to the internet only when a connector of that tenant " +
      "recognized the sender and the certificate domain or the MAIL FROM domain is one of the tenant's accepted domains " +
      "(\"Updated Requirements for SMTP Relay through Exchange Online\", 2023). Otherwise the sender gets " +
      "`550 5.7.64 TenantAttribution; Relay Access Denied ATTR36`.",
    "",
    "Nothing here is deployed yet: the PowerShell scripts in `scripts/` apply the declaration. `plan.json` holds the same " +
      "content as data, described by `plan.schema.json`." +
      (others ? " Objects declared in other stacks appear where this stack's objects relate to them, marked \"other stack\"." : ""),
  ];
}

function tenantsSection(plan: Plan): string[] {
  const lines = ["## Tenants and accepted domains"];
  if (plan.tenants.length === 0) return [...lines, "", "_No tenant is declared in this stack._"];
  for (const tenant of plan.tenants) {
    lines.push("", `### ${code(tenant.initialDomain)}${tenant.displayName ? ` — ${md(tenant.displayName)}` : ""}`, "");
    const origin = tenant.fromOtherStack ? `Declared in another stack, ${code(tenant.stack)}, at ${code(tenant.path)}.` : `Declared at ${code(tenant.path)}.`;
    const directSend = tenant.rejectDirectSend
      ? "RejectDirectSend is on: anonymous mail that claims one of the tenant's own domains is rejected (5.7.68)."
      : "RejectDirectSend is off.";
    lines.push(`${origin} ${directSend}`, "");
    if (tenant.acceptedDomains.length === 0) {
      lines.push(`No accepted domain is declared besides the initial domain ${code(tenant.initialDomain)}.`);
      continue;
    }
    lines.push(
      ...table(
        ["Accepted domain", "Type", "Match subdomains", "Outbound only"],
        tenant.acceptedDomains.map((d) => [cellCode(d.domainName), d.domainType, yesNo(d.matchSubDomains), yesNo(d.outboundOnly)]),
      ),
    );
  }
  return lines;
}

function connectorsSection(plan: Plan): string[] {
  const inbound = plan.tenants.flatMap((tenant) => tenant.inboundConnectors.map((connector) => ({ tenant, connector })));
  const outbound = plan.tenants.flatMap((tenant) => tenant.outboundConnectors.map((connector) => ({ tenant, connector })));
  const lines = [
    "## Connectors",
    "",
    "### Inbound connectors",
    "",
    "An OnPremises inbound connector tells Exchange Online that mail comes from the customer's own servers: by the certificate " +
      "the server presents (TlsSenderCertificateName) or by its IP address (SenderIPAddresses). Partner and disabled connectors " +
      "play no part in attribution.",
    "",
  ];
  if (inbound.length === 0) lines.push("_No inbound connector is declared._");
  else {
    lines.push(
      ...table(
        ["Tenant", "Connector", "Type", "Identified by", "Enabled", "Other settings"],
        inbound.map(({ tenant, connector: c }) => {
          const by = [
            ...(c.tlsSenderCertificateName ? [`certificate ${cellCode(c.tlsSenderCertificateName)}`] : []),
            ...(c.senderIpAddresses.length > 0 ? [`IP ${c.senderIpAddresses.map(cellCode).join(", ")}`] : []),
          ];
          const settings = [
            `CloudServicesMailEnabled ${yesNo(c.cloudServicesMailEnabled)}`,
            ...(c.treatMessagesAsInternal ? ["TreatMessagesAsInternal"] : []),
            ...(c.senderDomains.length !== 1 || c.senderDomains[0] !== "*" ? [`SenderDomains ${c.senderDomains.map(cellCode).join(", ")}`] : []),
            ...(c.associatedAcceptedDomains.length > 0 ? [`AssociatedAcceptedDomains ${c.associatedAcceptedDomains.map(cellCode).join(", ")}`] : []),
            // RequireTls $true is Microsoft's documented default (New-InboundConnector): only the exception is shown.
            ...(c.requireTls ? [] : ["RequireTls off"]),
            ...(c.restrictDomainsToCertificate ? ["RestrictDomainsToCertificate"] : []),
            ...(c.restrictDomainsToIpAddresses ? ["RestrictDomainsToIPAddresses"] : []),
            ...(c.comment ? [`comment: ${md(c.comment)}`] : []),
          ];
          return [
            tenantLabel(tenant),
            `${md(c.name)} (${cellCode(c.path)})`,
            c.connectorType,
            by.length > 0 ? by.join("; ") : "nothing: it matches no sender",
            yesNo(c.enabled),
            settings.join("; "),
          ];
        }),
      ),
    );
  }
  lines.push("", "### Outbound connectors", "");
  if (outbound.length === 0) lines.push("_No outbound connector is declared._");
  else {
    lines.push(
      ...table(
        ["Tenant", "Connector", "Type", "Recipient domains", "Routes by", "TLS", "Enabled"],
        outbound.map(({ tenant, connector: c }) => [
          tenantLabel(tenant),
          `${md(c.name)} (${cellCode(c.path)})`,
          c.connectorType,
          [
            ...c.recipientDomains.map(cellCode),
            ...(c.allAcceptedDomains ? ["all accepted domains"] : []),
            ...(c.routeAllMessagesViaOnPremises ? ["all mail (RouteAllMessagesViaOnPremises)"] : []),
          ].join(", ") || "none",
          c.useMxRecord ? "MX record" : `smart hosts ${c.smartHosts.map(cellCode).join(", ")}`,
          [c.tlsSettings ?? "default", ...(c.tlsDomain ? [cellCode(c.tlsDomain)] : [])].join(" "),
          yesNo(c.enabled),
        ]),
      ),
    );
  }
  if (plan.spoofEntries.length > 0) {
    lines.push(
      "",
      "### Spoof pairs (Tenant Allow/Block List)",
      "",
      "Each entry covers exactly one pair of spoofed sender (the From address users see) and sending infrastructure (the " +
        "PTR name of the source, or its /24 without one): mail from the same sender through other infrastructure, and " +
        "from other senders through the same infrastructure, is still judged by spoof intelligence.",
    );
    const labels = new Map(plan.tenants.map((tenant) => [tenant.initialDomain, tenantLabel(tenant)]));
    for (const [tenant, entries] of groupByTenant(plan.spoofEntries)) {
      lines.push(
        "",
        `#### ${labels.get(tenant) ?? code(tenant)}`,
        "",
        ...table(
          ["Entry", "Spoofed user", "Sending infrastructure", "Spoof type", "Action", "Covers", "Does not cover"],
          entries.map((e) => [cellCode(e.path), cellCode(e.spoofedUser), cellCode(e.sendingInfrastructure), e.spoofType, e.action, md(e.covers), md(e.doesNotCover)]),
        ),
      );
    }
  }
  return lines;
}

/** Spoof entries by tenant, in the plan's order (sorted by tenant). */
function groupByTenant(entries: readonly PlanSpoofEntry[]): Map<string, PlanSpoofEntry[]> {
  const groups = new Map<string, PlanSpoofEntry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.tenant);
    if (group) group.push(entry);
    else groups.set(entry.tenant, [entry]);
  }
  return groups;
}

function tenantLabel(tenant: PlanTenant): string {
  return `${code(tenant.initialDomain)}${tenant.fromOtherStack ? " (other stack)" : ""}`;
}

function certificatesSection(plan: Plan): string[] {
  const lines = ["## Certificates", ""];
  if (plan.certificates.length === 0) return [...lines, "_No certificate is declared._"];
  return [
    ...lines,
    ...table(
      ["Certificate", "Subject", "DNS names", "Issuer", "Thumbprint", "Expires"],
      plan.certificates.map((c) => [
        `${cellCode(c.path)}${c.fromOtherStack ? " (other stack)" : ""}`,
        cellCode(c.subject),
        c.dnsNames.map(cellCode).join(", "),
        md(c.issuer),
        c.thumbprint ? cellCode(c.thumbprint) : "not given",
        c.notAfter ?? "not given",
      ]),
    ),
  ];
}

function organizationsSection(plan: Plan): string[] {
  const lines = ["## On-premises organizations and send connectors"];
  if (plan.organizations.length === 0) {
    return [...lines, "", "_No on-premises organization is declared: mail reaches the tenants from senders outside this declaration (see the certificate and IP tables)._"];
  }
  const tenantNames = new Map(plan.tenants.map((t) => [t.path, t.initialDomain]));
  const tenantName = (path: string) => (tenantNames.has(path) ? code(tenantNames.get(path)!) : code(path));
  for (const o of plan.organizations) {
    lines.push("", `### ${code(o.path)}`, "");
    const facts = [
      o.fromOtherStack ? `Declared in another stack, ${code(o.stack)}; only its send connectors to this stack's tenants are shown.` : undefined,
      o.egressIpAddresses.length > 0 ? `Its mail leaves from ${o.egressIpAddresses.map((ip) => code(ip)).join(", ")}.` : "No egress IP address is declared.",
      o.senderKind === "relay-service" ? "A relay service, application or non-Exchange server (not Exchange Server hybrid)." : undefined,
      o.transportServers.length > 0 ? `Transport servers: ${o.transportServers.map((t) => code(t)).join(", ")}.` : undefined,
      o.sites && o.sites.length > 0 ? `AD sites: ${o.sites.map((site) => `${md(site.name)} (${site.servers.map((x) => code(x)).join(", ")})`).join("; ")}.` : undefined,
      o.userMailboxes && o.userMailboxes.length > 0
        ? `Users' mailboxes: ${o.userMailboxes.map((m) => `${tenantName(m.tenantPath)} on ${m.servers.map((x) => code(x)).join(", ")}`).join("; ")}.`
        : undefined,
      o.relays.length > 0
        ? `Besides its users' own mail it relays ${joinAnd(o.relays.map((r) => RELAY_NAMES[r]))} through Exchange Online.`
        : "It relays nothing but its users' own mail (no NDRs, forwarding or foreign sender domains declared).",
    ].filter((f): f is string => f !== undefined);
    lines.push(facts.join(" "), "");
    if (o.sendConnectors.length === 0) {
      lines.push("_No send connector._");
      continue;
    }
    const tenants = new Map(plan.tenants.map((t) => [t.path, t.initialDomain]));
    lines.push(
      ...table(
        ["Send connector", "To tenant", "Certificate", "Address spaces", "Source servers", "Smart hosts", "TLS", "CloudServicesMailEnabled", "Enabled"],
        o.sendConnectors.map((s) => [
          `${md(s.name)} (${cellCode(s.path)})`,
          tenants.has(s.tenantPath) ? code(tenants.get(s.tenantPath)!) : cellCode(s.tenantPath),
          cellCode(s.certificatePath),
          s.addressSpaces.map(cellCode).join(", "),
          `${s.sourceTransportServers.length > 0 ? s.sourceTransportServers.map(cellCode).join(", ") : "—"}${s.isScopedConnector ? " (scoped to their AD site)" : ""}`,
          s.dnsRoutingEnabled ? "DNS (MX) routing" : s.smartHosts.map(cellCode).join(", "),
          [s.requireTls ? "RequireTLS" : "TLS not required", ...(s.tlsAuthLevel ? [s.tlsAuthLevel] : []), ...(s.tlsDomain ? [cellCode(s.tlsDomain)] : [])].join(", "),
          yesNo(s.cloudServicesMailEnabled),
          yesNo(s.enabled),
        ]),
      ),
    );
  }
  return lines;
}

function certificateTableSection(plan: Plan, tenantCell: (initialDomain: string) => string): string[] {
  const lines = [
    "## Certificate-to-tenant table",
    "",
    "Which tenant a certificate identifies its sender to. A name matches a connector's TlsSenderCertificateName exactly, or " +
      "under a connector's `*.domain`; the match counts only when the **certificate domain** (the name itself, or its parent " +
      "domain; the base of a wildcard) is an accepted domain of that tenant. A certificate that counts in more than one tenant " +
      "makes attribution ambiguous (MC1226222: use a unique certificate per tenant).",
    "",
  ];
  if (plan.certificateTenants.length === 0) return [...lines, "_No certificate is declared and no connector identifies senders by certificate._"];
  const rows: string[][] = [];
  for (const row of plan.certificateTenants) {
    const certificate = row.certificate === undefined ? "no declared certificate" : cellCode(row.certificate);
    const names = row.names.map(cellCode).join(", ");
    const presentedBy = row.presentedBy.length > 0 ? row.presentedBy.map(cellCode).join(", ") : "no send connector";
    if (row.tenants.length === 0) {
      rows.push([certificate, names, presentedBy, "none: no OnPremises connector matches", "", ""]);
      continue;
    }
    for (const match of row.tenants) {
      rows.push([
        certificate,
        names,
        presentedBy,
        tenantCell(match.tenant),
        `${md(match.connectorName)} trusts ${cellCode(match.tlsSenderCertificateName)}`,
        match.certificateDomain !== undefined ? `${cellCode(match.certificateDomain)}, accepted` : "**none accepted: does not count**",
      ]);
    }
  }
  return [...lines, ...table(["Certificate", "Names", "Presented by", "Tenant", "Connector", "Certificate domain"], rows)];
}

function ipTableSection(plan: Plan, tenantCell: (initialDomain: string) => string): string[] {
  const lines = [
    "## IP-to-tenant table",
    "",
    "Which tenant trusts mail from which addresses (SenderIPAddresses of enabled OnPremises connectors). An address range " +
      "trusted by two tenants cannot tell them apart (MC1226222), and an IP-identified sender cannot relay NDRs, forwarded " +
      "mail or mail of domains the tenant does not accept.",
    "",
  ];
  if (plan.ipTenants.length === 0) return [...lines, "_No connector identifies senders by IP address._"];
  return [
    ...lines,
    ...table(
      ["IP range", "Tenant", "Connector", "Organizations sending from it"],
      plan.ipTenants.map((row) => [
        cellCode(row.range),
        tenantCell(row.tenant),
        `${md(row.connectorName)} (${cellCode(row.connector)})`,
        row.organizations.length > 0 ? row.organizations.map(cellCode).join(", ") : "none declared",
      ]),
    ),
  ];
}

function diagramSection(plan: Plan): string[] {
  return [
    "## Diagram",
    "",
    "Sending servers on the left, tenants on the right; each arrow into a tenant is labelled with the certificate presented" +
      (plan.tenants.some((t) => t.fromOtherStack) || plan.organizations.some((o) => o.fromOtherStack) ? "; dashed boxes come from other stacks." : "."),
    "",
    "```mermaid",
    ...mermaidDiagram(plan),
    "```",
  ];
}

function routingSection(plan: Plan): string[] {
  const lines = [
    "## On-premises routing",
    "",
    "Exchange Server picks a send connector by the **recipient** only: the enabled connectors visible from the routing server " +
      "(a scoped connector only in its source servers' AD site), with the most specific matching address space, then the lowest " +
      "cost, then the fewest hops (sourced on the server itself, then in its site, then elsewhere), then the lowest name " +
      "(\"Connector selection in external message routing\"). A user's mail is routed on a Mailbox server holding the user's " +
      "mailbox, so that server decides which connector, and so which certificate and which tenant, carries it (MC1226222).",
  ];
  const routing = plan.routing ?? [];
  if (routing.length === 0) return [...lines, "", "_No on-premises organization is declared in this stack._"];
  for (const r of routing) lines.push("", ...organizationRoutingLines(r));
  return lines;
}

function organizationRoutingLines(r: PlanOrganizationRouting): string[] {
  const lines = [`### ${code(r.organization)}`, ""];
  if (!r.routedLikeExchange) {
    return [...lines, "A relay service (not Exchange Server): Exchange Server's connector selection does not apply; each send connector's flows are under Standard flows."];
  }
  lines.push(
    "Internet mail (a recipient domain that only `*` matches), per server:",
    "",
    ...table(
      ["Server", "AD site", "Send connector", "Why"],
      r.internetMail.map((m) => [
        m.server ? cellCode(m.server) : "(no server declared)",
        m.site ? md(m.site) : "—",
        m.sendConnector ? `${md(m.sendConnectorName ?? "")} (${cellCode(m.sendConnector)})` : "**none**",
        md(m.reason),
      ]),
    ),
  );
  for (const t of r.tenants) {
    const where = t.servers.length > 0 ? `mailboxes on ${t.servers.map((s) => code(s)).join(", ")}` : "mailboxes on a server the declaration does not name";
    lines.push(
      "",
      `#### Users of ${code(t.tenant)} (${where})`,
      "",
      ...table(
        ["Server", "Flow", "MAIL FROM", "RCPT TO", "Send connector", "Certificate", "Attributed to", "Outcome", "NDR", "Why this connector"],
        t.flows.map((f) => [
          f.server ? cellCode(f.server) : "—",
          `${FLOW_NAMES[f.flow]}${f.declared ? "" : " (not declared)"}`,
          cellCode(f.mailFrom === "" ? "<>" : f.mailFrom),
          cellCode(f.rcptTo),
          f.sendConnector ? `${md(f.sendConnectorName ?? "")} (${cellCode(f.sendConnector)})` : "**none**",
          f.certificate ? cellCode(f.certificate) : "—",
          f.result ? attributionCell(f.result) : "not sent to Exchange Online",
          f.result ? outcomeCell(f.result) : "—",
          f.result ? ndrCell(f.result) : "",
          md(f.routeReason),
        ]),
      ),
    );
  }
  return lines;
}

function standardFlowsSection(plan: Plan): string[] {
  const lines = [
    "## Standard flows",
    "",
    "The messages an on-premises organization typically sends through each send connector when routing picks it (see " +
      "On-premises routing for which connector each tenant's users actually use), and what Exchange Online will do " +
      "with them. NDRs (null sender `<>`), mail forwarded by a user and mail sent on behalf of a domain the customer does not " +
      "own all carry a MAIL FROM domain the tenant does not accept: they relay only over a connector that recognizes the " +
      "sender by a certificate whose domain is accepted. A flow the organization does not declare in its relays is marked " +
      "\"not declared\": its rejection is expected.",
  ];
  if (plan.standardFlows.length === 0) return [...lines, "", "_No send connector is declared, so there are no standard flows to simulate._"];
  for (const entry of plan.standardFlows) lines.push("", ...sendConnectorFlowsLines(plan, entry));
  return lines;
}

function sendConnectorFlowsLines(plan: Plan, entry: SendConnectorFlows): string[] {
  const certificate = entry.connection.certificateNames?.map((n) => code(n)).join(", ");
  const connection = `from ${entry.connection.sourceIp ? code(entry.connection.sourceIp) : "no declared egress IP"}, presenting ${certificate ? `certificate ${certificate}` : "no certificate"}`;
  const otherStack = plan.organizations.find((o) => o.path === entry.organization)?.fromOtherStack ? " (other stack)" : "";
  return [
    `### ${md(entry.sendConnectorName)} (${code(entry.sendConnector)}) → ${code(entry.tenant)}`,
    "",
    `Organization ${code(entry.organization)}${otherStack}; connection ${connection}.`,
    "",
    ...table(
      ["Flow", "MAIL FROM", "RCPT TO", "Outcome", "NDR", "Attributed by", "Why"],
      entry.flows.map((f) => {
        const recipient = f.result.recipients[0];
        return [
          `${FLOW_NAMES[f.flow]}${f.declared ? "" : " (not declared)"}`,
          cellCode(f.message.mailFrom === "" ? "<>" : f.message.mailFrom),
          f.message.rcptTo.map(cellCode).join(", "),
          outcomeCell(f.result),
          ndrCell(f.result),
          attributionCell(f.result),
          recipient ? md(recipient.reason) : "",
        ];
      }),
    ),
  ];
}

/** The outcome of every recipient; bold when rejected, so a refused flow stands out. */
function outcomeCell(result: PlanSimulationResult): string {
  const outcomes = [...new Set(result.recipients.map((r) => r.outcome))];
  return outcomes.map((o) => (o === "rejected" ? "**rejected**" : o)).join(", ");
}

function ndrCell(result: PlanSimulationResult): string {
  return [...new Set(result.recipients.flatMap((r) => (r.ndr ? [r.ndr] : [])))].map(cellCode).join(", ");
}

function attributionCell(result: PlanSimulationResult): string {
  if (result.tenant === undefined) {
    // Attribution by RCPT TO is per recipient: several tenants, each named.
    const perRecipient = [...new Set(result.recipients.flatMap((r) => (r.tenant !== undefined ? [r.tenant] : [])))];
    if (result.attributedBy === "rcpt-to" && perRecipient.length > 0) return `rcpt-to, per recipient → ${perRecipient.map(cellCode).join(", ")}`;
    return result.ambiguousTenants && result.ambiguousTenants.length > 0
      ? `not attributed: certificate ambiguous between ${result.ambiguousTenants.map(cellCode).join(", ")}`
      : "not attributed";
  }
  const connector = result.connector ? `, connector ${cellCode(result.connector)}` : ", no connector matched";
  return `${result.attributedBy} → ${cellCode(result.tenant)}${connector}`;
}

function expectationsSection(plan: Plan): string[] {
  const lines = ["## Expectations", ""];
  if (plan.expectations.length === 0) {
    return [...lines, "_No mail-flow expectation is declared. A `MailFlowExpectation` pins down a flow that must keep working (or keep being refused); synthesis fails when the simulation disagrees._"];
  }
  lines.push(
    "Flows declared with `MailFlowExpectation` and what the simulation says. An expectation that is not met fails synthesis " +
      "(rule `mail-flow-expectation-failed`).",
    "",
    ...table(["Expectation", "Message", "Expected", "Simulated", "Result"], plan.expectations.map(expectationRow)),
  );
  return lines;
}

function expectationRow(e: PlanExpectation): string[] {
  const via = "sendConnectorPath" in e.via ? `via ${cellCode(e.via.sendConnectorPath)}` : undefined;
  const connection = e.connection
    ? `from ${e.connection.sourceIp ? cellCode(e.connection.sourceIp) : "no source IP"}, certificate ${e.connection.certificateNames?.map(cellCode).join(", ") ?? "none"}`
    : "connection unknown";
  const header = [
    ...(e.headerFrom !== undefined ? [`From ${cellCode(e.headerFrom)}`] : []),
    ...(e.ptr !== undefined ? [`PTR ${cellCode(e.ptr)}`] : []),
  ];
  const message = `MAIL FROM ${cellCode(e.mailFrom === "" ? "<>" : e.mailFrom)} to ${e.rcptTo.map(cellCode).join(", ")}, ${[via, connection, ...header].filter(Boolean).join(", ")}`;
  const expected = [
    e.expect.outcome,
    ...(e.expect.tenant ? [`tenant ${cellCode(e.expect.tenant)}`] : []),
    ...(e.expect.ndr ? [`NDR containing ${cellCode(e.expect.ndr)}`] : []),
    ...(e.expect.spoof ? [`spoof ${e.expect.spoof}`] : []),
    ...(e.expect.spoofEntry ? [`spoof entry ${cellCode(e.expect.spoofEntry)}`] : []),
  ].join(", ");
  const spoof = e.result?.spoof;
  const spoofCell = spoof === undefined ? "" : `; spoof ${spoof.entry === undefined ? "not covered (spoof intelligence decides)" : `${spoof.action} by ${cellCode(spoof.entry)}`}`;
  const simulated = e.result
    ? `${outcomeCell(e.result)}${ndrCell(e.result) ? ` ${ndrCell(e.result)}` : ""}; ${attributionCell(e.result)}${spoofCell}`
    : "not simulated";
  const result = e.passed ? "met" : `**NOT MET**: ${e.mismatches.map(md).join("; ")}`;
  return [cellCode(e.path), message, expected, simulated, result];
}

function findingsSection(plan: Plan): string[] {
  const lines = ["## Findings", ""];
  if (plan.findings.length === 0) {
    return [...lines, "No findings: the declaration passes every rule of the catalogue (see RULES.md of cdktf-mailflow)."];
  }
  lines.push(
    "What the rules found on this stack's objects (rule ids are explained in RULES.md of cdktf-mailflow). Errors stop " +
      "synthesis; a suppression accepts a finding for a stated reason, and stays listed here.",
  );
  const errors = plan.findings.filter((f) => f.severity === "error" && !f.suppressed);
  const warnings = plan.findings.filter((f) => f.severity === "warning" && !f.suppressed);
  const suppressed = plan.findings.filter((f) => f.suppressed);
  const item = (f: PlanFinding) => `- ${code(f.path)} — ${code(f.ruleId)}: ${md(f.message)}`;
  if (errors.length > 0) lines.push("", `### Errors (${errors.length})`, "", ...errors.map(item));
  if (warnings.length > 0) lines.push("", `### Warnings (${warnings.length})`, "", ...warnings.map(item));
  if (suppressed.length > 0) {
    lines.push("", `### Suppressed (${suppressed.length})`, "");
    for (const f of suppressed) {
      const expiry = f.suppressionExpires ? ` Suppressed until ${f.suppressionExpires} (its last day).` : " Does not expire.";
      lines.push(`- ${code(f.path)} — ${code(f.ruleId)} (${f.severity}): ${md(f.message)}`, `  - **Suppressed because:** ${md((f.suppressionReason ?? "no reason recorded").replace(/[.\s]+$/, ""))}.${expiry}`);
    }
  }
  return lines;
}
