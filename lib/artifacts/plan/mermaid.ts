/**
 * The plan's Mermaid flowchart: on-premises organizations → send connectors → tenants, edges labelled with the
 * certificate presented. Written for Mermaid's flowchart grammar (flow.jison): ids of `[A-Za-z0-9_]` that start with
 * a capital letter (so no keyword, no `o`/`x` edge head, no number), every label quoted, and label text escaped with
 * Mermaid's entity codes so that no user text can end a string, open HTML or markdown, or look like a statement.
 */
import type { Plan } from "./plan-schema";

/**
 * Text as a quoted Mermaid label. `#` first (it starts entity codes), then quotes, HTML and markdown characters and `%`
 * (directives `%%{...}%%` are cut out of the whole text before parsing) become entity codes; the `d` of `direction` too,
 * because a line holding `direction LR` anywhere is read as a direction statement before its quotes are seen.
 * Line breaks become spaces.
 */
export function mermaidLabel(text: string): string {
  return `"${escapeMermaidText(text)}"`;
}

/** The inside of a quoted Mermaid label (see {@link mermaidLabel}), for joining several parts with `<br/>`. */
export function escapeMermaidText(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, " ")
    .replace(/#/g, "#35;")
    .replace(/"/g, "#quot;")
    .replace(/&/g, "#amp;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/`/g, "#96;")
    .replace(/%/g, "#37;")
    .replace(/(d)(irection)/gi, (_, d: string, rest: string) => `#${d.charCodeAt(0)};${rest}`);
}

/** Hands out Mermaid node ids: `<Kind>_<path with every other character as _>`, unique (a suffix `_2`, `_3` on collision). */
export class MermaidIds {
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>(["OnPremises", "ExchangeOnline"]);

  /** The id of the object of `kind` (a capitalized word such as `Tenant`) at `path`; the same answer every time. */
  id(kind: string, path: string): string {
    const key = `${kind}\u0000${path}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const base = `${kind}_${path.replace(/[^A-Za-z0-9_]/g, "_")}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    this.byKey.set(key, id);
    return id;
  }
}

/**
 * The lines of the flowchart (without the code fence): a subgraph of the senders (organizations, their send connectors,
 * and certificates that no send connector presents but a tenant trusts, such as a relay service's), a subgraph of the
 * tenants, then the edges. Objects of other stacks are dashed and say which stack they come from.
 */
export function mermaidDiagram(plan: Plan): string[] {
  const ids = new MermaidIds();
  const tenantByDomain = new Map(plan.tenants.map((t) => [t.initialDomain, t]));
  const tenantByPath = new Map(plan.tenants.map((t) => [t.path, t]));
  const certificateByPath = new Map(plan.certificates.map((c) => [c.path, c]));
  const presented = new Set(plan.organizations.flatMap((o) => o.sendConnectors.map((s) => s.certificatePath)));
  const label = (parts: readonly string[]) => `"${parts.map(escapeMermaidText).join("<br/>")}"`;
  const otherStack = (stack: string) => `(from stack ${stack})`;
  const declaredElsewhere = "(declared in another stack)";
  const external: string[] = [];

  const senders: string[] = [];
  const edges: string[] = [];
  for (const organization of plan.organizations) {
    const orgId = ids.id("Org", organization.path);
    const egress = organization.egressIpAddresses.length > 0 ? [`egress ${organization.egressIpAddresses.join(", ")}`] : [];
    senders.push(`    ${orgId}[${label([`On-premises ${organization.path}`, ...egress, ...(organization.fromOtherStack ? [otherStack(organization.stack)] : [])])}]`);
    if (organization.fromOtherStack) external.push(orgId);
    for (const sendConnector of organization.sendConnectors) {
      const sendId = ids.id("Send", sendConnector.path);
      senders.push(`    ${sendId}[${label([`Send connector ${sendConnector.name}`])}]`);
      if (organization.fromOtherStack) external.push(sendId);
      edges.push(`  ${orgId} --> ${sendId}`);
      const tenant = tenantByPath.get(sendConnector.tenantPath);
      const certificate = certificateByPath.get(sendConnector.certificatePath);
      const certificateText = certificate === undefined || certificate.dnsNames.length === 0 ? "no certificate" : `certificate ${certificate.dnsNames[0]}`;
      if (tenant !== undefined) edges.push(`  ${sendId} -->|${mermaidLabel(certificateText)}| ${ids.id("Tenant", tenant.path)}`);
    }
  }
  for (const row of plan.certificateTenants) {
    if (row.certificate === undefined || presented.has(row.certificate) || row.tenants.length === 0) continue;
    const certificate = certificateByPath.get(row.certificate);
    const certId = ids.id("Cert", row.certificate);
    const stackNote = certificate?.fromOtherStack ? [declaredElsewhere] : [];
    senders.push(`    ${certId}[${label(["Sender presenting certificate", row.names[0] ?? row.certificate, ...stackNote])}]`);
    if (certificate?.fromOtherStack) external.push(certId);
    for (const match of row.tenants) {
      const tenant = tenantByDomain.get(match.tenant);
      if (tenant !== undefined) edges.push(`  ${certId} -->|${mermaidLabel(`trusted as ${match.tlsSenderCertificateName}`)}| ${ids.id("Tenant", tenant.path)}`);
    }
  }

  const tenants = plan.tenants.map((tenant) => {
    const tenantId = ids.id("Tenant", tenant.path);
    if (tenant.fromOtherStack) external.push(tenantId);
    const parts = [`Tenant ${tenant.initialDomain}`, ...(tenant.displayName ? [tenant.displayName] : []), ...(tenant.fromOtherStack ? [otherStack(tenant.stack)] : [])];
    return `    ${tenantId}[${label(parts)}]`;
  });

  const lines = ["flowchart LR"];
  if (senders.length > 0) lines.push(`  subgraph OnPremises["Sending servers"]`, ...senders, "  end");
  if (tenants.length > 0) lines.push(`  subgraph ExchangeOnline["Exchange Online"]`, ...tenants, "  end");
  lines.push(...edges);
  if (external.length > 0) {
    lines.push("  classDef otherStack stroke-dasharray:5 5");
    for (const id of external) lines.push(`  class ${id} otherStack`);
  }
  return lines;
}
