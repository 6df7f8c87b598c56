import { sendConnectorConnection, type Connection } from "../model/connections";
import type { MailFlowExpectationModel } from "../model/topology";
import type { MessageSimulator, RawFinding, Rule } from "./rule";

type Simulated = ReturnType<MessageSimulator["simulate"]>;

function describeExpected(expectation: MailFlowExpectationModel): string {
  const { tenant, outcome, ndr, spoof, spoofEntry } = expectation.expect;
  return [
    tenant !== undefined ? `tenant ${tenant}` : undefined,
    outcome,
    ndr !== undefined ? `NDR "${ndr}"` : undefined,
    spoof !== undefined ? `spoof ${spoof}` : undefined,
    spoofEntry !== undefined ? `spoof entry ${spoofEntry}` : undefined,
  ].filter(Boolean).join(", ");
}

/** The spoof verdict in words: the covering entry and its action, or none. */
function describeSpoof(spoof: Simulated["spoof"]): string {
  if (spoof === undefined) return "no spoof verdict (no headerFrom, or no tenant receives the message)";
  const pair = `${spoof.spoofedDomain} / ${spoof.infrastructure ?? "unknown infrastructure"}`;
  return spoof.entry === undefined ? `pair ${pair} covered by no spoof entry` : `pair ${pair} ${spoof.action} by ${spoof.entry}`;
}

/** The message to simulate for an expectation over `connection`. */
export function expectationMessage(expectation: MailFlowExpectationModel, connection: Connection): Parameters<MessageSimulator["simulate"]>[0] {
  return {
    ...connection,
    mailFrom: expectation.mailFrom,
    rcptTo: expectation.rcptTo,
    ...(expectation.headerFrom !== undefined ? { headerFrom: expectation.headerFrom } : {}),
    ...(expectation.ptr !== undefined ? { ptr: expectation.ptr } : {}),
  };
}

function describeSimulated(result: Simulated): string {
  const attribution =
    result.tenant !== undefined
      ? `tenant ${result.tenant} (attributed by ${result.attributedBy}${result.connector ? `, connector ${result.connector}` : ", no connector matched"})`
      : result.ambiguousTenants && result.ambiguousTenants.length > 0
        ? `not attributed: ambiguous between ${result.ambiguousTenants.join(", ")}`
        : "not attributed";
  const recipients = result.recipients.map((r) => `${r.address} ${r.outcome}${r.ndr ? ` "${r.ndr}"` : ""}`).join("; ");
  return `${attribution}; ${recipients}`;
}

/** How a simulated result differs from an expectation, as short phrases; empty when it holds. */
export function expectationMismatches(expectation: MailFlowExpectationModel, result: Simulated): string[] {
  const out: string[] = [];
  const { tenant, outcome, ndr } = expectation.expect;
  if (tenant !== undefined && result.tenant !== tenant) out.push(`tenant ${result.tenant ?? "none"} instead of ${tenant}`);
  const { spoof, spoofEntry } = expectation.expect;
  if (spoof !== undefined && (result.spoof?.action ?? "none") !== spoof) out.push(`spoof: ${describeSpoof(result.spoof)} instead of ${spoof}`);
  if (spoofEntry !== undefined && result.spoof?.entry !== spoofEntry) out.push(`spoof: ${describeSpoof(result.spoof)} instead of entry ${spoofEntry}`);
  for (const r of result.recipients) {
    if (r.outcome !== outcome) out.push(`${r.address} ${r.outcome} instead of ${outcome}`);
    else if (ndr !== undefined && !(r.ndr ?? "").includes(ndr)) out.push(`${r.address} NDR "${r.ndr ?? "none"}" instead of "${ndr}"`);
  }
  return out;
}

/** The connection an expectation's message arrives over; undefined when its send connector is not in the topology. */
export function expectationConnection(topology: Parameters<Rule["check"]>[0], expectation: MailFlowExpectationModel): Connection | undefined {
  const via = expectation.via;
  if ("sendConnectorPath" in via) return sendConnectorConnection(topology, via.sendConnectorPath);
  return { ...(via.sourceIp !== undefined ? { sourceIp: via.sourceIp } : {}), ...(via.certificateNames ? { certificateNames: via.certificateNames } : {}) };
}

/** A declared mail flow whose simulated result differs from what the user expects. */
export const mailFlowExpectationFailed: Rule = {
  id: "mail-flow-expectation-failed",
  severity: "error",
  what: "A declared MailFlowExpectation disagrees with how the simulator says Exchange Online will attribute and relay the message.",
  why:
    "Expectations pin down the flows that must keep working (or keep being refused); a topology change that breaks one would " +
    "otherwise surface only as NDRs after deployment.",
  source: "MC1226222 attribution order; Updated Requirements for SMTP Relay (2023)",
  fix:
    "Read the simulated steps in the message: fix the topology (certificate connector, accepted domain, egress IPs) so the flow " +
    "behaves as expected, or correct the expectation if the simulated behaviour is the intended one.",
  check(topology, context) {
    if (topology.expectations.length === 0) return [];
    const simulator = context.simulator;
    if (simulator === undefined) {
      throw new Error("mail-flow-expectation-failed: the topology declares expectations but no simulator was passed in the rule context; use checkRules from lib/simulate");
    }
    const findings: RawFinding[] = [];
    for (const expectation of topology.expectations) {
      const connection = expectationConnection(topology, expectation);
      if (connection === undefined) {
        const path = "sendConnectorPath" in expectation.via ? expectation.via.sendConnectorPath : "";
        findings.push({ path: expectation.path, message: `the expectation's send connector ${path} is not in the topology: declare it, or point the expectation at an existing one.` });
        continue;
      }
      const result = simulator.simulate(expectationMessage(expectation, connection));
      const wrong = expectationMismatches(expectation, result);
      if (wrong.length === 0) continue;
      const from = expectation.mailFrom === "" || expectation.mailFrom === "<>" ? "<>" : expectation.mailFrom;
      findings.push({
        path: expectation.path,
        message:
          `MAIL FROM ${from} to ${expectation.rcptTo.join(", ")} from ${connection.sourceIp ?? "no source IP"} with certificate ` +
          `${connection.certificateNames?.join(", ") ?? "none"}: expected ${describeExpected(expectation)}; simulated ${describeSimulated(result)} ` +
          `(${wrong.join("; ")}). Decided by: ${result.steps.join(" ")} Fix the topology or the expectation.`,
      });
    }
    return findings;
  },
};
