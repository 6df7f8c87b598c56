/**
 * plan.md: the review document of one stack, written for a reader who knows Exchange but has never seen the code that
 * declares the topology. Every value that comes from the user is escaped (markdown-text.ts); everything is in the
 * plan's order, so the same plan gives the same bytes.
 */
import { cellCode, code, count, joinAnd, md, table } from "./markdown-text";
import { mermaidDiagram } from "./mermaid";
import type {
  PlanSpoofEntry,
  Plan, PlanExpectation, PlanFinding, PlanOrganization, PlanSimulationResult, PlanStandardFlow, PlanTenant, SendConnectorFlows,
} from "./plan-schema";

const FLOW_NAMES: Record<PlanStandardFlow["flow"], string> = {
  "users-mail": "Users' own mail to the internet",
  ndr: "Non-delivery report (NDR)",
  forwarding: "Forwarded by an on-premises user",
  "foreign-sender": "Sent on behalf of another domain",
  "to-own-domain": "To the tenant's own domain",
};

const RELAY_NAMES: Record<PlanOrganization["relays"][number], string> = {
  ndr: "NDRs",
  forwarding: "forwarded mail",
  "foreign-sender-domains": "mail on behalf of other domains",
};

const yesNo = (value: boolean) => (value ? "yes" : "no");

/** plan.md for a plan built by `buildPlan`. */
export function renderPlanMarkdown(plan: Plan): string {
  const otherStacks = new Set(plan.tenants.filter((t) => t.fromOtherStack).map((t) => t.initialDomain));
  const tenantCell = (initialDomain: string) => `${code(initialDomain)}${otherStacks.has(initialDomain) ? " (other stack)" : ""}`;
  const sections = [
    intro(plan),
    tenantsSection(plan),
    connectorsSection(plan),
    certificatesSection(plan),
    organizationsSection(plan),
    certificateTableSection(plan, tenantCell),
    ipTableSection(plan, tenantCell),
    diagramSection(plan),
    standardFlowsSection(plan),
    expectationsSection(plan),
    findingsSection(plan),
  ];
  return `${sections.map((lines) => lines.join("\n")).join("\n\n")}\n`;
}

function intro(plan: Plan): string[] {
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
  const others = plan.tenants.some((t) => t.fromOtherStack) || plan.organizations.some((o) => o.fromOtherStack) || plan.certificates.some((c) => c.fromOtherStack);
  return [
    `# Mail flow plan: stack ${code(plan.stack)}`,
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
    "",
    `**At a glance:** ${count(s.tenants, "tenant")}, ${count(s.organizations, "on-premises organization")} with ` +
      `${count(s.sendConnectors, "send connector")}; ${findings}; ${expectations}.`,
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
            ...(c.requireTls ? ["RequireTls"] : []),
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
  for (const o of plan.organizations) {
    lines.push("", `### ${code(o.path)}`, "");
    const facts = [
      o.fromOtherStack ? `Declared in another stack, ${code(o.stack)}; only its send connectors to this stack's tenants are shown.` : undefined,
      o.egressIpAddresses.length > 0 ? `Its mail leaves from ${o.egressIpAddresses.map((ip) => code(ip)).join(", ")}.` : "No egress IP address is declared.",
      o.transportServers.length > 0 ? `Transport servers: ${o.transportServers.map((t) => code(t)).join(", ")}.` : undefined,
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
        ["Send connector", "To tenant", "Certificate", "Address spaces", "Smart hosts", "TLS", "CloudServicesMailEnabled", "Enabled"],
        o.sendConnectors.map((s) => [
          `${md(s.name)} (${cellCode(s.path)})`,
          tenants.has(s.tenantPath) ? code(tenants.get(s.tenantPath)!) : cellCode(s.tenantPath),
          cellCode(s.certificatePath),
          s.addressSpaces.map(cellCode).join(", "),
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

function standardFlowsSection(plan: Plan): string[] {
  const lines = [
    "## Standard flows",
    "",
    "The messages an on-premises organization typically sends through each send connector, and what Exchange Online will do " +
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
