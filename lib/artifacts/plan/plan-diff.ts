/**
 * The change set between two plans of a stack (before and after a change to its declarations): objects added, removed
 * and changed by setting, flows whose simulated outcome changes, findings new and resolved, expectations whose result
 * changes. `cdktf-mailflow diff` renders it for a pull-request comment.
 */
import { flowOutcome, flowOutcomeOf, isUnhealthy, planFlows, type FlowKind, type FlowOutcome } from "./flow-health";
import type { Plan, PlanFinding } from "./plan-schema";

/** The kinds of declared objects a diff compares, in the order a diff lists them at one path. */
export const DIFF_OBJECT_KINDS = [
  "tenant", "organization config", "accepted domain", "inbound connector", "outbound connector", "spoof pair",
  "certificate", "on-premises organization", "send connector", "expectation", "suppression",
] as const;

/** A kind of declared object (see {@link DIFF_OBJECT_KINDS}). */
export type DiffObjectKind = (typeof DIFF_OBJECT_KINDS)[number];

/** One setting whose value differs; a value absent from a plan is `null`. */
export interface SettingChange {
  /** The setting as Exchange names it (`TlsSenderCertificateName`), or the construct prop for what is not an Exchange setting. */
  readonly setting: string;
  readonly old: unknown;
  readonly new: unknown;
}

/** A declared object that is added, removed or changed. */
export interface ObjectChange {
  readonly change: "added" | "removed" | "changed";
  readonly kind: DiffObjectKind;
  /** Construct path (for a suppression, the path of the construct it suppresses on). */
  readonly path: string;
  /** The object's name: a connector's Name, a domain, a tenant's initial domain, a suppression's rule id. */
  readonly name?: string;
  /** Initial domain of the tenant the object belongs to or targets. */
  readonly tenant?: string;
  /** For `changed`: each setting that differs, in the schema's order. */
  readonly settings?: readonly SettingChange[];
}

/** A simulated flow present in both plans whose outcome differs. */
export interface FlowChange {
  /** The flow's key (see `PlanFlow.key`). */
  readonly key: string;
  readonly source: "standard" | "routed";
  readonly flow: FlowKind;
  readonly declared: boolean;
  /** Initial domain of the tenant whose mail the flow is. */
  readonly tenant: string;
  readonly organization: string;
  /** The send connector of the new plan's flow (or of the old one, when the new one has none). */
  readonly sendConnector?: string;
  readonly server?: string;
  /** The outcome before and after: recipients' outcomes, NDRs, attributed tenants, and all of it in one line. */
  readonly old: FlowOutcome;
  readonly new: FlowOutcome;
  /** Whether the outcome is the healthy one, before and after (undeclared flows count as healthy). */
  readonly healthyBefore: boolean;
  readonly healthyAfter: boolean;
}

/** A finding that appears, disappears, or whose suppression starts or ends. Findings are the same when rule id, path and message are. */
export interface FindingChange {
  readonly change: "new" | "resolved" | "suppressed" | "unsuppressed";
  readonly ruleId: string;
  readonly severity: PlanFinding["severity"];
  readonly path: string;
  readonly message: string;
  /** For `new` and `suppressed`: whether it is suppressed now, and why. */
  readonly suppressed?: boolean;
  readonly suppressionReason?: string;
}

/** An expectation of both plans whose simulated result or verdict changes. */
export interface ExpectationChange {
  readonly path: string;
  readonly old: { readonly passed: boolean; readonly outcome: string };
  readonly new: { readonly passed: boolean; readonly outcome: string; readonly mismatches: readonly string[] };
}

/** The change set between two plans, each list in a fixed order so the same plans give the same diff. */
export interface PlanDiff {
  /** The stacks of the two plans (the same, normally). */
  readonly stack: { readonly old: string; readonly new: string };
  /** Sorted by path, then kind. */
  readonly objects: readonly ObjectChange[];
  /** Sorted by flow kind (users' mail, NDR, forwarding, foreign sender, to the own domain), standard flows first, then key. */
  readonly flows: readonly FlowChange[];
  /** Sorted by path, rule id, message. */
  readonly findings: readonly FindingChange[];
  /** Sorted by path. */
  readonly expectations: readonly ExpectationChange[];
}

/** Whether the diff holds no change at all. */
export function isEmptyDiff(diff: PlanDiff): boolean {
  return diff.objects.length + diff.flows.length + diff.findings.length + diff.expectations.length === 0;
}

/** Setting names that are not the PascalCase of the model's field (Exchange's own spelling, or a name for a reference). */
const SETTING_NAMES: Readonly<Partial<Record<DiffObjectKind, Readonly<Record<string, string>>>>> = {
  "inbound connector": { senderIpAddresses: "SenderIPAddresses", restrictDomainsToIpAddresses: "RestrictDomainsToIPAddresses" },
  "outbound connector": { useMxRecord: "UseMXRecord" },
  "send connector": { requireTls: "RequireTLS", dnsRoutingEnabled: "DNSRoutingEnabled", tenantPath: "target tenant", certificatePath: "certificate" },
};

/** Kinds whose fields are Exchange settings (named in PascalCase); the others keep their construct props' names. */
const EXCHANGE_KINDS = new Set<DiffObjectKind>(["tenant", "organization config", "accepted domain", "inbound connector", "outbound connector", "spoof pair", "send connector"]);

/** Fields that are not settings of the object: identity, children, and values derived from other fields. */
const NOT_SETTINGS = new Set([
  "path", "stack", "fromOtherStack", "acceptedDomains", "inboundConnectors", "outboundConnectors", "spoofPairs", "organizationConfig",
  "sendConnectors", "dnsNames", "commonName",
]);

function settingName(kind: DiffObjectKind, field: string): string {
  const special = SETTING_NAMES[kind]?.[field];
  if (special !== undefined) return special;
  return EXCHANGE_KINDS.has(kind) ? field.charAt(0).toUpperCase() + field.slice(1) : field;
}

/** One declared object of a plan, keyed by kind and path. */
interface DeclaredObject {
  readonly kind: DiffObjectKind;
  readonly path: string;
  readonly name?: string;
  readonly tenant?: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The stack's own declared objects of a plan (objects of other stacks, shown for context, are left out). */
function declaredObjects(plan: Plan): Map<string, DeclaredObject> {
  const objects = new Map<string, DeclaredObject>();
  const add = (o: DeclaredObject) => objects.set(`${o.path}\u0000${o.kind}`, o);
  const tenantNames = new Map(plan.tenants.map((t) => [t.path, t.initialDomain]));
  for (const t of plan.tenants.filter((x) => !x.fromOtherStack)) {
    const tenant = t.initialDomain;
    // The tenant's rejectDirectSend follows its organization config, compared as an object of its own.
    const fields: Record<string, unknown> = { ...t };
    delete fields.rejectDirectSend;
    add({ kind: "tenant", path: t.path, name: tenant, tenant, fields });
    if (t.organizationConfig !== undefined) add({ kind: "organization config", path: t.organizationConfig.path, tenant, fields: t.organizationConfig });
    for (const d of t.acceptedDomains) add({ kind: "accepted domain", path: d.path, name: d.domainName, tenant, fields: d });
    for (const c of t.inboundConnectors) add({ kind: "inbound connector", path: c.path, name: c.name, tenant, fields: c });
    for (const c of t.outboundConnectors) add({ kind: "outbound connector", path: c.path, name: c.name, tenant, fields: c });
    for (const s of t.spoofPairs) add({ kind: "spoof pair", path: s.path, tenant, fields: s });
  }
  for (const c of plan.certificates.filter((x) => !x.fromOtherStack)) add({ kind: "certificate", path: c.path, fields: c });
  for (const o of plan.organizations.filter((x) => !x.fromOtherStack)) {
    add({ kind: "on-premises organization", path: o.path, fields: o });
    for (const s of o.sendConnectors) {
      const tenant = tenantNames.get(s.tenantPath);
      add({ kind: "send connector", path: s.path, name: s.name, ...(tenant !== undefined ? { tenant } : {}), fields: s });
    }
  }
  for (const e of plan.expectations) add({ kind: "expectation", path: e.path, fields: { via: e.via, mailFrom: e.mailFrom, rcptTo: e.rcptTo, headerFrom: e.headerFrom, ptr: e.ptr, expect: e.expect } });
  for (const s of plan.suppressions) objects.set(`${s.path}\u0000suppression\u0000${s.ruleId}`, { kind: "suppression", path: s.path, name: s.ruleId, fields: { reason: s.reason, expires: s.expires } });
  return objects;
}

const json = (value: unknown) => JSON.stringify(value ?? null);

/** The settings of two versions of an object that differ, in the old version's field order then new fields. */
function changedSettings(kind: DiffObjectKind, old: Readonly<Record<string, unknown>>, next: Readonly<Record<string, unknown>>): SettingChange[] {
  const fields = [...new Set([...Object.keys(old), ...Object.keys(next)])].filter((f) => !NOT_SETTINGS.has(f));
  const changes: SettingChange[] = [];
  for (const field of fields) {
    if (kind === "tenant" && field === "connection") {
      // Connection defaults: one setting per parameter, so a changed AppId reads as such.
      const [a, b] = [(old.connection ?? {}) as Record<string, unknown>, (next.connection ?? {}) as Record<string, unknown>];
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
        if (json(a[key]) !== json(b[key])) changes.push({ setting: `Connection.${settingName(kind, key)}`, old: a[key] ?? null, new: b[key] ?? null });
      }
      continue;
    }
    if (json(old[field]) !== json(next[field])) changes.push({ setting: settingName(kind, field), old: old[field] ?? null, new: next[field] ?? null });
  }
  return changes;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function objectChanges(old: Plan, next: Plan): ObjectChange[] {
  const before = declaredObjects(old);
  const after = declaredObjects(next);
  const describe = (o: DeclaredObject) => ({ kind: o.kind, path: o.path, ...(o.name !== undefined ? { name: o.name } : {}), ...(o.tenant !== undefined ? { tenant: o.tenant } : {}) });
  const changes: ObjectChange[] = [];
  for (const [key, o] of before) {
    const n = after.get(key);
    if (n === undefined) changes.push({ change: "removed", ...describe(o) });
    else {
      const settings = changedSettings(o.kind, o.fields, n.fields);
      if (settings.length > 0) changes.push({ change: "changed", ...describe(n), settings });
    }
  }
  for (const [key, n] of after) if (!before.has(key)) changes.push({ change: "added", ...describe(n) });
  const kindOrder = (k: DiffObjectKind) => DIFF_OBJECT_KINDS.indexOf(k);
  return changes.sort((a, b) => byCodeUnit(a.path, b.path) || kindOrder(a.kind) - kindOrder(b.kind) || byCodeUnit(a.name ?? "", b.name ?? ""));
}

function flowChanges(old: Plan, next: Plan): FlowChange[] {
  const before = new Map(planFlows(old).map((f) => [f.key, f]));
  const changes: FlowChange[] = [];
  for (const n of planFlows(next)) {
    const o = before.get(n.key);
    if (o === undefined) continue;
    const [was, is] = [flowOutcomeOf(o.result), flowOutcomeOf(n.result)];
    if (was.text === is.text) continue;
    const sendConnector = n.sendConnector ?? o.sendConnector;
    changes.push({
      key: n.key, source: n.source, flow: n.flow, declared: n.declared, tenant: n.tenant, organization: n.organization,
      ...(sendConnector !== undefined ? { sendConnector } : {}),
      ...(n.server !== undefined ? { server: n.server } : {}),
      old: was, new: is, healthyBefore: !isUnhealthy(o), healthyAfter: !isUnhealthy(n),
    });
  }
  const kindOrder = (f: FlowChange) => FLOW_KIND_ORDER.indexOf(f.flow);
  return changes.sort((a, b) => kindOrder(a) - kindOrder(b) || (a.source === b.source ? 0 : a.source === "standard" ? -1 : 1) || byCodeUnit(a.key, b.key));
}

/** The order of flow kinds in a diff: the order of the standard flows. */
const FLOW_KIND_ORDER: readonly FlowKind[] = ["users-mail", "ndr", "forwarding", "foreign-sender", "to-own-domain"];

function findingChanges(old: Plan, next: Plan): FindingChange[] {
  const key = (f: PlanFinding) => `${f.ruleId}\u0000${f.path}\u0000${f.message}`;
  const before = new Map(old.findings.map((f) => [key(f), f]));
  const after = new Map(next.findings.map((f) => [key(f), f]));
  const base = (f: PlanFinding) => ({ ruleId: f.ruleId, severity: f.severity, path: f.path, message: f.message });
  const suppression = (f: PlanFinding) => ({ suppressed: f.suppressed, ...(f.suppressionReason !== undefined ? { suppressionReason: f.suppressionReason } : {}) });
  const changes: FindingChange[] = [];
  for (const [k, f] of after) {
    const o = before.get(k);
    if (o === undefined) changes.push({ change: "new", ...base(f), ...suppression(f) });
    else if (o.suppressed !== f.suppressed) changes.push({ change: f.suppressed ? "suppressed" : "unsuppressed", ...base(f), ...(f.suppressed ? suppression(f) : {}) });
  }
  for (const [k, f] of before) if (!after.has(k)) changes.push({ change: "resolved", ...base(f) });
  return changes.sort((a, b) => byCodeUnit(a.path, b.path) || byCodeUnit(a.ruleId, b.ruleId) || byCodeUnit(a.message, b.message));
}

function expectationChanges(old: Plan, next: Plan): ExpectationChange[] {
  const before = new Map(old.expectations.map((e) => [e.path, e]));
  const changes: ExpectationChange[] = [];
  for (const e of next.expectations) {
    const o = before.get(e.path);
    if (o === undefined) continue;
    const [was, is] = [flowOutcome(o.result), flowOutcome(e.result)];
    if (o.passed === e.passed && was === is) continue;
    changes.push({ path: e.path, old: { passed: o.passed, outcome: was }, new: { passed: e.passed, outcome: is, mismatches: e.mismatches } });
  }
  return changes.sort((a, b) => byCodeUnit(a.path, b.path));
}

/**
 * The change set from `old` to `next`: the stack's own declared objects (matched by construct path) added, removed or
 * changed by setting; the simulated flows present in both plans (standard flows by send connector, routed flows by
 * organization, tenant and server) whose outcome, NDR or attributed tenant changes; findings new, resolved, or whose
 * suppression starts or ends (the same finding has the same rule id, path and message); expectations of both plans
 * whose verdict or simulated outcome changes. Flows of an added or removed send connector show as that object.
 */
export function diffPlans(old: Plan, next: Plan): PlanDiff {
  return {
    stack: { old: old.stack, new: next.stack },
    objects: objectChanges(old, next),
    flows: flowChanges(old, next),
    findings: findingChanges(old, next),
    expectations: expectationChanges(old, next),
  };
}
