/**
 * The plan of one stack as data: what is declared, how Exchange Online will treat its mail (simulated), and the
 * rules' findings. plan.json is this data; plan.md renders it.
 */
import { certificateDomain } from "../../model/accepted-domains";
import { sendConnectorConnection, type Connection } from "../../model/connections";
import { CertificateNameIndex } from "../../model/certificate-name-index";
import { parseIpv4Range, rangesOverlap, type Ipv4Range } from "../../model/ip";
import type { MailFlowExpectationModel, OnPremisesOrganizationModel, TenantModel, Topology } from "../../model/topology";
import { compareFindings, type Finding } from "../../rules";
import { expectationConnection, expectationMessage, expectationMismatches } from "../../rules/mail-flow-expectation-failed";
import { describeSpoofPair, type MailFlowSimulator, simulatorOf, standardFlows } from "../../simulate";
import {
  PLAN_SCHEMA_VERSION, planSchema, type CertificateTenantsRow, type IpTenantsRow, type Plan, type PlanExpectation, type PlanSpoofEntry, type SendConnectorFlows,
} from "./plan-schema";
import { identifiesSenders, isInStack, stackTopology } from "./stack-topology";

/** What the plan needs besides the Topology. */
export interface PlanContext {
  /** Every finding of the app (all stacks), suppressed ones included; the plan keeps those whose path lies in the stack. */
  readonly findings: readonly Finding[];
}

/** Compares texts by code unit, so the order is the same in every locale. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The plan of the stack at `stackPath`: its slice of the topology (see `stackTopology`; objects of other stacks are
 * marked `fromOtherStack`), the certificate-to-tenant and IP-to-tenant tables, the standard flows of every send
 * connector, the expectations with their simulated results, and the findings whose path lies in the stack.
 *
 * Simulations run over the whole `topology`, so they show what Exchange Online will do with every stack deployed.
 * Deterministic: model lists keep the Topology's order (sorted by path), derived tables are sorted, and nothing
 * depends on the date (certificate expiry shows through the findings).
 */
export function buildPlan(topology: Topology, stackPath: string, context: PlanContext): Plan {
  const slice = stackTopology(topology, stackPath);
  const simulator = simulatorOf(topology);
  const own = <T extends { stack: string }>(items: readonly T[]) => items.filter((i) => i.stack === stackPath);
  const findings = context.findings.filter((f) => isInStack(f.path, stackPath)).sort(compareFindings);
  const expectations = slice.expectations.map((e) => evaluateExpectation(topology, simulator, e));
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    stack: stackPath,
    summary: {
      tenants: own(slice.tenants).length,
      organizations: own(slice.organizations).length,
      sendConnectors: own(slice.organizations).reduce((n, o) => n + o.sendConnectors.length, 0),
      errors: findings.filter((f) => f.severity === "error" && !f.suppressed).length,
      warnings: findings.filter((f) => f.severity === "warning" && !f.suppressed).length,
      suppressed: findings.filter((f) => f.suppressed).length,
      expectations: expectations.length,
      expectationsFailed: expectations.filter((e) => !e.passed).length,
    },
    tenants: slice.tenants.map((t) => ({ fromOtherStack: t.stack !== stackPath, ...t })),
    certificates: slice.certificates.map((c) => ({ fromOtherStack: !isInStack(c.path, stackPath), ...c })),
    organizations: slice.organizations.map((o) => ({ fromOtherStack: o.stack !== stackPath, ...o })),
    certificateTenants: certificateTenants(slice),
    ipTenants: ipTenants(slice),
    spoofEntries: spoofEntries(slice),
    standardFlows: sendConnectorFlows(topology, slice.organizations, simulator),
    expectations,
    suppressions: slice.suppressions,
    findings,
  };
}

/** plan.json: the plan in the schema's key order (zod builds each object in its shape's order), 2-space indent, final newline. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(planSchema.parse(plan), null, 2)}\n`;
}

/** Every spoof entry of the slice's tenants with what it covers in words, sorted by tenant then path (domain.md 3b). */
function spoofEntries(slice: Topology): PlanSpoofEntry[] {
  const entries = slice.tenants.flatMap((tenant) =>
    tenant.spoofPairs.map((pair) => ({ tenant: tenant.initialDomain, ...pair, ...describeSpoofPair(pair) })),
  );
  return entries.sort((a, b) => byCodeUnit(a.tenant, b.tenant) || byCodeUnit(a.path, b.path));
}

/** The certificate-to-tenant table: each certificate of the slice, then each connector certificate name no certificate carries. */
function certificateTenants(slice: Topology): CertificateTenantsRow[] {
  const connectors = slice.tenants.flatMap((tenant) =>
    tenant.inboundConnectors
      .filter((c) => identifiesSenders(c) && c.tlsSenderCertificateName !== undefined)
      .map((connector) => ({ tenant, connector, name: connector.tlsSenderCertificateName!.toLowerCase() })),
  );
  // The simulator's certificate-name index: the same matches as certificateNameMatches, without comparing every pair.
  const index = new CertificateNameIndex(connectors.map((entry) => ({ name: entry.name, item: entry })));
  const matching = (names: readonly string[]) =>
    index
      .match(names.map((n) => n.toLowerCase()), [])
      .map(({ tenant, connector, name }) => {
        const domain = certificateDomain(tenant, name);
        return {
          tenant: tenant.initialDomain,
          connector: connector.path,
          connectorName: connector.name,
          tlsSenderCertificateName: name,
          ...(domain !== undefined ? { certificateDomain: domain } : {}),
        };
      })
      .sort((a, b) => byCodeUnit(a.tenant, b.tenant) || byCodeUnit(a.connector, b.connector));
  const presentedBy = new Map<string, string[]>();
  for (const s of slice.organizations.flatMap((o) => o.sendConnectors)) {
    const list = presentedBy.get(s.certificatePath);
    if (list === undefined) presentedBy.set(s.certificatePath, [s.path]);
    else list.push(s.path);
  }
  const rows: CertificateTenantsRow[] = [];
  const covered = new Set<string>();
  for (const certificate of slice.certificates) {
    const tenants = matching(certificate.dnsNames);
    for (const t of tenants) covered.add(t.tlsSenderCertificateName);
    rows.push({
      certificate: certificate.path,
      names: certificate.dnsNames,
      presentedBy: [...(presentedBy.get(certificate.path) ?? [])].sort(byCodeUnit),
      tenants,
    });
  }
  const uncovered = [...new Set(connectors.map((c) => c.name).filter((n) => !covered.has(n)))].sort(byCodeUnit);
  for (const name of uncovered) rows.push({ names: [name], presentedBy: [], tenants: matching([name]) });
  return rows;
}

/** The IP-to-tenant table: every SenderIPAddresses range of an identifying connector of the slice, in address order. */
function ipTenants(slice: Topology): IpTenantsRow[] {
  const egress = slice.organizations.map((o) => ({ path: o.path, ranges: o.egressIpAddresses.flatMap(rangeOf) }));
  const rows: { row: IpTenantsRow; range: Ipv4Range | undefined }[] = [];
  for (const tenant of slice.tenants) {
    for (const connector of tenant.inboundConnectors.filter(identifiesSenders)) {
      for (const text of connector.senderIpAddresses) {
        const range = rangeOf(text)[0];
        const organizations = range === undefined ? [] : egress.filter((e) => e.ranges.some((r) => rangesOverlap(r, range))).map((e) => e.path);
        rows.push({ row: { range: text, tenant: tenant.initialDomain, connector: connector.path, connectorName: connector.name, organizations }, range });
      }
    }
  }
  return rows
    .sort((a, b) =>
      (a.range?.start ?? -1) - (b.range?.start ?? -1) || (a.range?.prefix ?? 0) - (b.range?.prefix ?? 0) ||
      byCodeUnit(a.row.range, b.row.range) || byCodeUnit(a.row.tenant, b.row.tenant) || byCodeUnit(a.row.connector, b.row.connector))
    .map((r) => r.row);
}

function rangeOf(text: string): Ipv4Range[] {
  const parsed = parseIpv4Range(text);
  return parsed.ok ? [parsed.range] : [];
}

/** The standard flows of every send connector of the slice, by send connector path. */
function sendConnectorFlows(topology: Topology, organizations: readonly OnPremisesOrganizationModel[], simulator: MailFlowSimulator): SendConnectorFlows[] {
  const tenants = new Map<string, TenantModel>(topology.tenants.map((t) => [t.path, t]));
  const entries = organizations.flatMap((organization) =>
    organization.sendConnectors.map((sendConnector): SendConnectorFlows => {
      const flows = standardFlows(topology, sendConnector.path, simulator);
      return {
        sendConnector: sendConnector.path,
        sendConnectorName: sendConnector.name,
        organization: organization.path,
        tenant: tenants.get(sendConnector.tenantPath)!.initialDomain,
        certificate: sendConnector.certificatePath,
        connection: connectionData(sendConnectorConnection(topology, sendConnector.path) ?? {}),
        flows: flows.map((f) => ({
          flow: f.flow,
          declared: isDeclared(organization, f.flow),
          description: f.description,
          message: { ...connectionData(f.message), mailFrom: f.message.mailFrom, rcptTo: f.message.rcptTo },
          result: f.result,
        })),
      };
    }),
  );
  return entries.sort((a, b) => byCodeUnit(a.sendConnector, b.sendConnector));
}

/** Whether the organization sends this flow at all: its users' mail always; NDRs, forwarding and foreign senders when declared in `relays`. */
function isDeclared(organization: OnPremisesOrganizationModel, flow: SendConnectorFlows["flows"][number]["flow"]): boolean {
  switch (flow) {
    case "ndr":
      return organization.relays.includes("ndr");
    case "forwarding":
      return organization.relays.includes("forwarding");
    case "foreign-sender":
      return organization.relays.includes("foreign-sender-domains");
    default:
      return true;
  }
}

/** A connection with absent fields left out (never `undefined`), so plans compare and serialize cleanly. */
function connectionData(connection: Connection): Connection {
  return {
    ...(connection.sourceIp !== undefined ? { sourceIp: connection.sourceIp } : {}),
    ...(connection.certificateNames !== undefined ? { certificateNames: connection.certificateNames } : {}),
  };
}

/** Simulates an expectation's flow and compares, with the `mail-flow-expectation-failed` rule's own functions. */
function evaluateExpectation(topology: Topology, simulator: MailFlowSimulator, expectation: MailFlowExpectationModel): PlanExpectation {
  const connection = expectationConnection(topology, expectation);
  if (connection === undefined) {
    const path = "sendConnectorPath" in expectation.via ? expectation.via.sendConnectorPath : "";
    return { ...expectation, passed: false, mismatches: [`send connector ${path} is not in the topology`] };
  }
  const result = simulator.simulate(expectationMessage(expectation, connection));
  const mismatches = expectationMismatches(expectation, result);
  return { ...expectation, connection: connectionData(connection), result, passed: mismatches.length === 0, mismatches };
}
