/**
 * A large stack's plan.md is an index; each tenant's and each on-premises organization's detail goes into a file of its
 * own. This file cuts those slices out of a whole plan (each slice is itself a Plan, so plan.md's sections render it)
 * and names their files.
 */
import { scriptFileStem } from "../powershell/script-file-name";
import type { Plan, PlanFinding, PlanOrganization, PlanTenant } from "./plan-schema";

/** The folder, relative to a stack's `mailflow/` folder, of a large plan's detail files. */
export const PLAN_DETAIL_FOLDER = "plan";

/** The detail file of the stack-wide tables, relative to the `mailflow/` folder. */
export const STACK_WIDE_FILE = `${PLAN_DETAIL_FOLDER}/stack-wide.md`;

/**
 * File of a tenant's detail, relative to the `mailflow/` folder: `plan/tenant-<first label of its initial domain>.md`,
 * the same stem as its Exchange Online script (`exo-<label>.ps1`).
 */
export function tenantPlanFileName(initialDomain: string): string {
  return `${PLAN_DETAIL_FOLDER}/tenant-${scriptFileStem(initialDomain.split(".")[0])}.md`;
}

/**
 * File of an on-premises organization's detail, relative to the `mailflow/` folder: `plan/org-<last segment of its
 * construct path>.md`, the same stem as its Exchange Management Shell script (`ems-<segment>.ps1`).
 */
export function organizationPlanFileName(organizationPath: string): string {
  return `${PLAN_DETAIL_FOLDER}/org-${scriptFileStem(organizationPath.split("/").pop() ?? organizationPath)}.md`;
}

/**
 * The detail file of every tenant and organization of the plan (those of other stacks included), by tenant initial
 * domain and by organization path. Throws when two of them would write the same file, naming both and the fix.
 */
export function planDetailFiles(plan: Plan): { readonly tenants: ReadonlyMap<string, string>; readonly organizations: ReadonlyMap<string, string> } {
  const owners = new Map<string, string>();
  const claim = (owner: string, file: string) => {
    const previous = owners.get(file);
    if (previous !== undefined) {
      throw new Error(`[${owner}] its plan file ${file} would overwrite the one of ${previous}: give one of them another construct id (or initial domain), or move it to another stack`);
    }
    owners.set(file, owner);
    return file;
  };
  const tenants = new Map(plan.tenants.map((t) => [t.initialDomain, claim(t.path, tenantPlanFileName(t.initialDomain))]));
  const organizations = new Map(plan.organizations.map((o) => [o.path, claim(o.path, organizationPlanFileName(o.path))]));
  return { tenants, organizations };
}

/** Whether `path` is `root` or lies under it. */
function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The key of internet-mail rows that name no server (the organization names none). */
const NO_SERVER = "\u0000none";

/** Positions of a list's items by key (an item under each of its keys), in list order. */
type Positions = ReadonlyMap<string, readonly number[]>;

function positions<T>(items: readonly T[], keys: (item: T) => readonly string[]): Positions {
  const map = new Map<string, number[]>();
  items.forEach((item, i) => {
    for (const key of new Set(keys(item))) {
      const list = map.get(key);
      if (list === undefined) map.set(key, [i]);
      else list.push(i);
    }
  });
  return map;
}

/** The positions of every key's items. */
function lookup(index: Positions, keys: readonly string[]): number[] {
  return keys.flatMap((key) => index.get(key) ?? []);
}

/** The items at `at`, each once, in list order. */
function pick<T>(items: readonly T[], at: readonly number[]): T[] {
  return [...new Set(at)].sort((a, b) => a - b).map((i) => items[i]);
}

/**
 * Cuts tenant and organization slices out of one plan. Indexes are built once, so slicing every tenant of a stack of
 * thousands costs about as much as the plan itself.
 */
export class PlanSlicer {
  private readonly tenantByPath: ReadonlyMap<string, PlanTenant>;
  private readonly findingsByTenant = new Map<string, PlanFinding[]>();
  private readonly findingsByPath = new Map<string, PlanFinding[]>();
  /** Positions in the plan's lists by tenant (initial domain or path) or by path, so that a slice keeps the plan's order. */
  private readonly organizationsByTenant: Positions;
  private readonly sendConnectorsByTenant = new Map<string, Map<number, number[]>>();
  private readonly routingByTenant = new Map<string, Map<number, number[]>>();
  private readonly internetMailByServer = new Map<number, Positions>();
  private readonly sitesByServer = new Map<number, Positions>();
  private readonly certificateRowsByTenant: Positions;
  private readonly certificateRowsBySendConnector: Positions;
  private readonly certificateByPath: Positions;
  private readonly ipRowsByTenant: Positions;
  private readonly spoofEntriesByTenant: Positions;
  private readonly standardFlowsByTenant: Positions;
  private readonly expectationsByKey: Positions;

  constructor(private readonly plan: Plan) {
    this.tenantByPath = new Map(plan.tenants.map((t) => [t.path, t]));
    const sendConnectorTenant = new Map(plan.organizations.flatMap((o) => o.sendConnectors.map((s) => [s.path, s.tenantPath] as const)));
    for (const finding of plan.findings) {
      const list = this.findingsByPath.get(finding.path);
      if (list === undefined) this.findingsByPath.set(finding.path, [finding]);
      else list.push(finding);
      const tenant = this.tenantPathOf(finding.path) ?? sendConnectorTenant.get(finding.path);
      if (tenant === undefined) continue;
      const own = this.findingsByTenant.get(tenant);
      if (own === undefined) this.findingsByTenant.set(tenant, [finding]);
      else own.push(finding);
    }
    plan.organizations.forEach((o, i) => {
      o.sendConnectors.forEach((s, j) => {
        const byOrganization = this.sendConnectorsByTenant.get(s.tenantPath) ?? new Map<number, number[]>();
        this.sendConnectorsByTenant.set(s.tenantPath, byOrganization);
        byOrganization.set(i, [...(byOrganization.get(i) ?? []), j]);
      });
      if (o.sites !== undefined) this.sitesByServer.set(i, positions(o.sites, (site) => site.servers));
    });
    const domainToPath = new Map(plan.tenants.map((t) => [t.initialDomain, t.path]));
    (plan.routing ?? []).forEach((r, i) => {
      r.tenants.forEach((t, j) => {
        const byRouting = this.routingByTenant.get(t.tenant) ?? new Map<number, number[]>();
        this.routingByTenant.set(t.tenant, byRouting);
        byRouting.set(i, [...(byRouting.get(i) ?? []), j]);
      });
      this.internetMailByServer.set(i, positions(r.internetMail, (m) => [m.server ?? NO_SERVER]));
    });
    const hosted = new Map<string, string[]>();
    for (const r of plan.routing ?? []) hosted.set(r.organization, [...(hosted.get(r.organization) ?? []), ...r.tenants.map((t) => domainToPath.get(t.tenant) ?? `\u0000${t.tenant}`)]);
    this.organizationsByTenant = positions(plan.organizations, (o) => [...o.sendConnectors.map((s) => s.tenantPath), ...(hosted.get(o.path) ?? [])]);
    this.certificateRowsByTenant = positions(plan.certificateTenants, (row) => row.tenants.map((t) => t.tenant));
    this.certificateRowsBySendConnector = positions(plan.certificateTenants, (row) => row.presentedBy);
    this.certificateByPath = positions(plan.certificates, (c) => [c.path]);
    this.ipRowsByTenant = positions(plan.ipTenants, (row) => [row.tenant]);
    this.spoofEntriesByTenant = positions(plan.spoofEntries, (e) => [e.tenant]);
    this.standardFlowsByTenant = positions(plan.standardFlows, (f) => [f.tenant]);
    this.expectationsByKey = positions(plan.expectations, (e) => [
      ...(e.expect.tenant !== undefined ? [`tenant ${e.expect.tenant}`] : []),
      ...(e.result?.tenant !== undefined ? [`tenant ${e.result.tenant}`] : []),
      ...(e.result?.recipients.flatMap((r) => (r.tenant !== undefined ? [`tenant ${r.tenant}`] : [])) ?? []),
      ...("sendConnectorPath" in e.via ? [`send ${e.via.sendConnectorPath}`] : []),
    ]);
  }

  /** The path of the tenant that `path` is, or lies under; undefined when none. */
  private tenantPathOf(path: string): string | undefined {
    for (let at = path; at !== ""; at = at.includes("/") ? at.slice(0, at.lastIndexOf("/")) : "") {
      if (this.tenantByPath.has(at)) return at;
    }
    return undefined;
  }

  /** The findings on the tenant's objects and on the send connectors to it (the plan's order). */
  tenantFindings(tenant: PlanTenant): readonly PlanFinding[] {
    return this.findingsByTenant.get(tenant.path) ?? [];
  }

  /**
   * One tenant's slice: the tenant, the organizations with only their send connectors to it (and only its users'
   * mailboxes, the AD sites and the internet-mail routing of the servers that concern it), the certificates those
   * present or the tenant's connectors trust, its rows of the certificate and IP tables, its spoof entries, the standard
   * flows of its send connectors, its users' routed flows, the expectations that concern it, and the findings on all of
   * these (suppressions on them included).
   */
  tenantSlice(tenant: PlanTenant): Plan {
    const plan = this.plan;
    const domain = tenant.initialDomain;
    const routingPlaces = this.routingByTenant.get(domain) ?? new Map<number, number[]>();
    const routing = [...routingPlaces].sort(([a], [b]) => a - b).map(([i, js]) => {
      const r = (plan.routing ?? [])[i];
      const tenants = js.map((j) => r.tenants[j]);
      // Only the servers its users' mail is routed on (an MSP's organization may have a Mailbox server per tenant).
      const servers = [NO_SERVER, ...tenants.flatMap((t) => t.servers)];
      return { ...r, internetMail: pick(r.internetMail, lookup(this.internetMailByServer.get(i)!, servers)), tenants };
    });
    const sendPlaces = this.sendConnectorsByTenant.get(tenant.path) ?? new Map<number, number[]>();
    const organizationPlaces = [...new Set(lookup(this.organizationsByTenant, [tenant.path, `\u0000${domain}`]))].sort((a, b) => a - b);
    const organizations: PlanOrganization[] = organizationPlaces.map((i) => {
      const o = plan.organizations[i];
      const sendConnectors = (sendPlaces.get(i) ?? []).map((j) => o.sendConnectors[j]);
      const hosted = routing.find((r) => r.organization === o.path);
      // The organization as it concerns this tenant: its send connectors to it, where its users' mailboxes are, the sites of those servers.
      const servers = [...(hosted?.tenants.flatMap((t) => t.servers) ?? []), ...sendConnectors.flatMap((s) => s.sourceTransportServers)];
      return {
        ...o,
        sendConnectors,
        ...(o.userMailboxes !== undefined ? { userMailboxes: o.userMailboxes.filter((m) => m.tenantPath === tenant.path) } : {}),
        ...(o.sites !== undefined ? { sites: pick(o.sites, lookup(this.sitesByServer.get(i)!, servers)) } : {}),
      };
    });
    const sendConnectors = organizations.flatMap((o) => o.sendConnectors.map((s) => s.path));
    const certificateTenants = pick(plan.certificateTenants, [...lookup(this.certificateRowsByTenant, [domain]), ...lookup(this.certificateRowsBySendConnector, sendConnectors)]);
    const certificatePaths = [
      ...organizations.flatMap((o) => o.sendConnectors.map((s) => s.certificatePath)),
      // The certificates its users' mail is actually sent with, another tenant's connector's when routing picks that one.
      ...routing.flatMap((r) => r.tenants.flatMap((t) => t.flows.flatMap((f) => (f.certificate !== undefined ? [f.certificate] : [])))),
      ...certificateTenants.flatMap((row) => (row.certificate !== undefined ? [row.certificate] : [])),
    ];
    const expectations = pick(plan.expectations, lookup(this.expectationsByKey, [`tenant ${domain}`, ...sendConnectors.map((p) => `send ${p}`)]));
    const related = [...new Set([...certificatePaths, ...expectations.map((e) => e.path)])];
    const findings = [...this.tenantFindings(tenant), ...related.flatMap((p) => this.findingsByPath.get(p) ?? [])];
    const sortedFindings = [...new Set(findings)].sort((a, b) => byCodeUnit(a.path, b.path) || byCodeUnit(a.ruleId, b.ruleId) || byCodeUnit(a.message, b.message));
    const suppressed = new Set(sortedFindings.filter((f) => f.suppressed).map((f) => `${f.path}\u0000${f.ruleId}`));
    return {
      ...plan,
      summary: summaryOf([tenant], organizations, expectations, sortedFindings),
      tenants: [tenant],
      certificates: pick(plan.certificates, lookup(this.certificateByPath, certificatePaths)),
      organizations,
      certificateTenants,
      ipTenants: pick(plan.ipTenants, lookup(this.ipRowsByTenant, [domain])),
      routing,
      spoofEntries: pick(plan.spoofEntries, lookup(this.spoofEntriesByTenant, [domain])),
      standardFlows: pick(plan.standardFlows, lookup(this.standardFlowsByTenant, [domain])),
      expectations,
      suppressions: plan.suppressions.filter((s) => suppressed.has(`${s.path}\u0000${s.ruleId}`)),
      findings: sortedFindings,
    };
  }

  /**
   * One organization's slice: the organization with all its send connectors, the certificates they present, its
   * routing, and the findings on its objects. Tenants stay in the slice only to name send connectors' targets; their
   * detail is in their own files.
   */
  organizationSlice(organization: PlanOrganization): Plan {
    const plan = this.plan;
    const certificatePaths = new Set(organization.sendConnectors.map((s) => s.certificatePath));
    const findings = plan.findings.filter((f) => isUnder(f.path, organization.path) || certificatePaths.has(f.path));
    const suppressed = new Set(findings.filter((f) => f.suppressed).map((f) => `${f.path}\u0000${f.ruleId}`));
    return {
      ...plan,
      summary: summaryOf([], [organization], [], findings),
      certificates: plan.certificates.filter((c) => certificatePaths.has(c.path)),
      organizations: [organization],
      certificateTenants: [],
      ipTenants: [],
      // Each tenant's routed and standard flows are in the tenant's file; the organization's keeps its internet-mail routing.
      routing: (plan.routing ?? []).filter((r) => r.organization === organization.path).map((r) => ({ ...r, tenants: [] })),
      spoofEntries: [],
      standardFlows: [],
      expectations: [],
      suppressions: plan.suppressions.filter((s) => suppressed.has(`${s.path}\u0000${s.ruleId}`)),
      findings,
    };
  }
}

/** The summary of a slice: its own objects (those of the plan's stack) and its findings and expectations. */
function summaryOf(tenants: readonly PlanTenant[], organizations: readonly PlanOrganization[], expectations: Plan["expectations"], findings: readonly PlanFinding[]): Plan["summary"] {
  const own = organizations.filter((o) => !o.fromOtherStack);
  return {
    tenants: tenants.filter((t) => !t.fromOtherStack).length,
    organizations: own.length,
    sendConnectors: own.reduce((n, o) => n + o.sendConnectors.length, 0),
    errors: findings.filter((f) => f.severity === "error" && !f.suppressed).length,
    warnings: findings.filter((f) => f.severity === "warning" && !f.suppressed).length,
    suppressed: findings.filter((f) => f.suppressed).length,
    expectations: expectations.length,
    expectationsFailed: expectations.filter((e) => !e.passed).length,
  };
}
