/**
 * Which simulated flows of a plan a reviewer must look at: the declared flows whose outcome is not the healthy one.
 * plan.md's review section lists them, and `cdktf-mailflow diff` names each flow the same way.
 */
import type { Plan, PlanSimulationResult, PlanStandardFlow } from "./plan-schema";

/** A standard flow's kind (users' mail, NDR, forwarding, foreign sender, mail to the tenant's own domain). */
export type FlowKind = PlanStandardFlow["flow"];

/** The name of each flow kind in plan.md and in a diff. */
export const FLOW_NAMES: Readonly<Record<FlowKind, string>> = {
  "users-mail": "Users' own mail to the internet",
  ndr: "Non-delivery report (NDR)",
  forwarding: "Forwarded by an on-premises user",
  "foreign-sender": "Sent on behalf of another domain",
  "to-own-domain": "To the tenant's own domain",
};

/**
 * The healthy outcome of a declared flow: mail to the tenant's own domain is delivered, every other flow is relayed
 * to the internet; in both cases the message is attributed to the tenant whose mail it is.
 */
export function healthyOutcome(flow: FlowKind): "delivered" | "relayed" {
  return flow === "to-own-domain" ? "delivered" : "relayed";
}

/** One simulated flow of a plan, from the standard flows of a send connector or from an organization's routing. */
export interface PlanFlow {
  /**
   * A key that names the flow in any plan of the same declarations: `standard <send connector path> <flow>` or
   * `routed <organization path> <tenant> <server or -> <flow>`.
   */
  readonly key: string;
  /** `standard`: the flow through one send connector; `routed`: a tenant's users' flow as on-premises routing sends it. */
  readonly source: "standard" | "routed";
  readonly flow: FlowKind;
  /** Whether the organization declares that it sends the flow (users' mail and mail to the own domain always). */
  readonly declared: boolean;
  /** Initial domain of the tenant whose mail the flow is. */
  readonly tenant: string;
  /** Path of the send connector that carries it; absent for a routed flow no send connector carries. */
  readonly sendConnector?: string;
  /** Path of the organization that sends it. */
  readonly organization: string;
  /** For a routed flow, the Mailbox server it is routed on, when the organization names one. */
  readonly server?: string;
  /** The simulated result; absent for a routed flow that is not sent to Exchange Online. */
  readonly result?: PlanSimulationResult;
}

/** Every simulated flow of the plan: the standard flows of each send connector, then each organization's routed flows. */
export function planFlows(plan: Plan): PlanFlow[] {
  const flows: PlanFlow[] = [];
  for (const entry of plan.standardFlows) {
    for (const f of entry.flows) {
      flows.push({
        key: `standard ${entry.sendConnector} ${f.flow}`, source: "standard", flow: f.flow, declared: f.declared, tenant: entry.tenant,
        sendConnector: entry.sendConnector, organization: entry.organization, result: f.result,
      });
    }
  }
  for (const routing of plan.routing ?? []) {
    for (const t of routing.tenants) {
      for (const f of t.flows) {
        flows.push({
          key: `routed ${routing.organization} ${t.tenant} ${f.server ?? "-"} ${f.flow}`, source: "routed", flow: f.flow, declared: f.declared, tenant: t.tenant,
          organization: routing.organization,
          ...(f.sendConnector !== undefined ? { sendConnector: f.sendConnector } : {}),
          ...(f.server !== undefined ? { server: f.server } : {}),
          ...(f.result !== undefined ? { result: f.result } : {}),
        });
      }
    }
  }
  return flows;
}

/** The tenants a result attributes its recipients to (one, or one per recipient with attribution by RCPT TO). */
export function attributedTenants(result: PlanSimulationResult): string[] {
  if (result.tenant !== undefined) return [result.tenant];
  return [...new Set(result.recipients.flatMap((r) => (r.tenant !== undefined ? [r.tenant] : [])))];
}

/**
 * Whether a flow needs a reviewer's eye: it is declared, sent to Exchange Online, and some recipient does not get the
 * healthy outcome, or the message is attributed to another tenant than the one whose mail it is. Undeclared flows are
 * expected to be refused, and a routed flow no send connector carries does not reach Exchange Online.
 */
export function isUnhealthy(flow: PlanFlow): boolean {
  if (!flow.declared || flow.result === undefined) return false;
  const expected = healthyOutcome(flow.flow);
  if (flow.result.recipients.some((r) => r.outcome !== expected)) return true;
  const tenants = attributedTenants(flow.result);
  return tenants.length !== 1 || tenants[0] !== flow.tenant;
}

/** The plan's flows that need a reviewer's eye (see {@link isUnhealthy}), in the plan's order. */
export function unhealthyFlows(plan: Plan): PlanFlow[] {
  return planFlows(plan).filter(isUnhealthy);
}

/** A flow's simulated outcome, as a diff compares it. */
export interface FlowOutcome {
  /** The recipients' outcomes, each once, in recipient order; empty when the flow is not sent to Exchange Online. */
  readonly outcomes: readonly string[];
  /** The NDRs the recipients get, each once. */
  readonly ndrs: readonly string[];
  /** The tenants the message is attributed to (see {@link attributedTenants}). */
  readonly attributedTo: readonly string[];
  /** All of it in one line (see {@link flowOutcome}). */
  readonly text: string;
}

/** A flow's simulated outcome in parts and in one line; two plans' flows changed outcome when the lines differ. */
export function flowOutcomeOf(result: PlanSimulationResult | undefined): FlowOutcome {
  if (result === undefined) return { outcomes: [], ndrs: [], attributedTo: [], text: "not sent to Exchange Online" };
  const outcomes = [...new Set(result.recipients.map((r) => r.outcome))];
  const ndrs = [...new Set(result.recipients.flatMap((r) => (r.ndr ? [r.ndr] : [])))];
  const tenants = attributedTenants(result);
  const text = `${outcomes.join(", ")}${ndrs.length > 0 ? ` ${ndrs.join(", ")}` : ""}, attributed to ${tenants.length > 0 ? tenants.join(", ") : "none"}`;
  return { outcomes, ndrs, attributedTo: tenants, text };
}

/**
 * A flow's simulated outcome in one line: each recipient outcome, the NDRs, and the tenant it is attributed to, e.g.
 * `rejected 550 5.7.64 TenantAttribution; Relay Access Denied ATTR36, attributed to none`; `not sent to Exchange Online`
 * without a result.
 */
export function flowOutcome(result: PlanSimulationResult | undefined): string {
  return flowOutcomeOf(result).text;
}
