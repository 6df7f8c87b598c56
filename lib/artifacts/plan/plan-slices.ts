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

/**
 * Cuts tenant and organization slices out of one plan. Indexes are built once, so slicing every tenant of a stack of
 * thousands costs about as much as the plan itself.
 */
export class PlanSlicer {
  private readonly tenantByPath: ReadonlyMap<string, PlanTenant>;
  private readonly findingsByTenant = new Map<string, PlanFinding[]>();
  private readonly findingsByPath = new Map<string, PlanFinding[]>();

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
   * One tenant's slice: the tenant, the organizations with only their send connectors to it, the certificates those
   * present or the tenant's connectors trust, its rows of the certificate and IP tables, its spoof entries, the standard
   * flows of its send connectors, its users' routed flows, the expectations that concern it, and the findings on all of
   * these (suppressions on them included).
   */
  tenantSlice(tenant: PlanTenant): Plan {
    const plan = this.plan;
    const domain = tenant.initialDomain;
    const organizations: PlanOrganization[] = plan.organizations.flatMap((o) => {
      const sendConnectors = o.sendConnectors.filter((s) => s.tenantPath === tenant.path);
      const hosts = (plan.routing ?? []).some((r) => r.organization === o.path && r.tenants.some((t) => t.tenant === domain));
      return sendConnectors.length > 0 || hosts ? [{ ...o, sendConnectors }] : [];
    });
    const sendConnectors = new Set(organizations.flatMap((o) => o.sendConnectors.map((s) => s.path)));
    const certificateTenants = plan.certificateTenants.filter((row) => row.tenants.some((t) => t.tenant === domain) || row.presentedBy.some((p) => sendConnectors.has(p)));
    const routing = (plan.routing ?? []).flatMap((r) => {
      const tenants = r.tenants.filter((t) => t.tenant === domain);
      return tenants.length > 0 ? [{ ...r, tenants }] : [];
    });
    const certificatePaths = new Set([
      ...organizations.flatMap((o) => o.sendConnectors.map((s) => s.certificatePath)),
      // The certificates its users' mail is actually sent with, another tenant's connector's when routing picks that one.
      ...routing.flatMap((r) => r.tenants.flatMap((t) => t.flows.flatMap((f) => (f.certificate !== undefined ? [f.certificate] : [])))),
      ...certificateTenants.flatMap((row) => (row.certificate !== undefined ? [row.certificate] : [])),
    ]);
    const expectations = plan.expectations.filter((e) =>
      e.expect.tenant === domain || e.result?.tenant === domain || e.result?.recipients.some((r) => r.tenant === domain) ||
      ("sendConnectorPath" in e.via && sendConnectors.has(e.via.sendConnectorPath)));
    const related = [...certificatePaths, ...expectations.map((e) => e.path)];
    const findings = [...this.tenantFindings(tenant), ...related.flatMap((p) => this.findingsByPath.get(p) ?? [])];
    const sortedFindings = [...new Set(findings)].sort((a, b) => byCodeUnit(a.path, b.path) || byCodeUnit(a.ruleId, b.ruleId) || byCodeUnit(a.message, b.message));
    const suppressed = new Set(sortedFindings.filter((f) => f.suppressed).map((f) => `${f.path}\u0000${f.ruleId}`));
    return {
      ...plan,
      summary: summaryOf([tenant], organizations, expectations, sortedFindings),
      tenants: [tenant],
      certificates: plan.certificates.filter((c) => certificatePaths.has(c.path)),
      organizations,
      certificateTenants,
      ipTenants: plan.ipTenants.filter((row) => row.tenant === domain),
      routing,
      spoofEntries: plan.spoofEntries.filter((e) => e.tenant === domain),
      standardFlows: plan.standardFlows.filter((f) => f.tenant === domain),
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
