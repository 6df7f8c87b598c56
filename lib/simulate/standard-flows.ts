/**
 * The standard messages an on-premises send connector carries to Exchange Online, simulated: users' own mail,
 * NDRs, forwarded mail, foreign sender domains (the flows of the 2017 notice) and mail to the tenant's own domain.
 * plan.md shows these per send connector, so a reviewer sees which flows a topology can and cannot carry.
 */
import { sendConnectorConnection } from "../model/connections";
import { topologyPaths } from "../model/topology-paths";
import type { TenantModel, Topology } from "../model/topology";
import type { SimulatedMessage, SimulationResult } from "./message";
import { MailFlowSimulator } from "./simulator";

/**
 * The kind of a standard flow. `foreign-sender` corresponds to the organization relay flow `foreign-sender-domains`,
 * `ndr` and `forwarding` to the relay flows of the same names.
 */
export type StandardFlowKind = "users-mail" | "ndr" | "forwarding" | "foreign-sender" | "to-own-domain";

/** One standard message through a send connector and the simulator's verdict on it. */
export interface StandardFlow {
  /** Which standard flow this is. */
  readonly flow: StandardFlowKind;
  /** One sentence for plan.md: what the message is, its envelope and its connection. */
  readonly description: string;
  /** The simulated message: the send connector's connection and the flow's envelope. */
  readonly message: SimulatedMessage;
  /** The simulator's verdict. */
  readonly result: SimulationResult;
}

/**
 * Reserved names (RFC 2606 / RFC 6761) tried in order for each external party; the first that no tenant accepts is used,
 * so a topology that declares one of them (as a test topology may) cannot turn an "external" message into an internal one.
 */
const EXTERNAL_DOMAINS = {
  recipient: ["example.net", "example.org", "recipient.example", "recipient.invalid"],
  forwardedSender: ["fabrikam.example", "fabrikam.invalid"],
  foreignSender: ["tailspintoys.example", "tailspintoys.invalid"],
} as const;

/**
 * Simulates the standard flows of the send connector at `sendConnectorPath`, in the order
 * users-mail, ndr, forwarding, foreign-sender, to-own-domain.
 *
 * Choices, where the model leaves room:
 * - Connection: source IP = the first address of the organization's first egress range (none when it declares no
 *   egress); certificate names = the `dnsNames` of the certificate at the connector's `certificatePath`, presented
 *   whatever the connector's TLS settings (those are the `send-connector-tls` rule's concern); none when that path
 *   names no certificate in the topology.
 * - The tenant's own domain: its first accepted domain in alphabetical order, or its initial domain when it declares none.
 * - External parties use reserved names (`someone@example.net`, `sender@fabrikam.example`, `noreply@tailspintoys.example`),
 *   each replaced by the next reserved candidate, then by `<party>-<n>.invalid`, when some tenant accepts it.
 * - The null sender is `""`.
 * @param simulator a simulator already built for `topology`, to reuse its indexes across send connectors
 * @throws Error when no organization has a send connector at that path, or its target tenant is not in the topology.
 */
export function standardFlows(topology: Topology, sendConnectorPath: string, simulator = new MailFlowSimulator(topology)): StandardFlow[] {
  // Indexed once per topology: the plan asks for every send connector's flows.
  const paths = topologyPaths(topology);
  const sendConnector = paths.sendConnectors.get(sendConnectorPath)?.sendConnector;
  if (sendConnector === undefined) {
    throw new Error(`standardFlows: no send connector at path "${sendConnectorPath}"`);
  }
  const tenant = paths.tenants.get(sendConnector.tenantPath);
  if (tenant === undefined) {
    throw new Error(`standardFlows: send connector "${sendConnectorPath}" targets tenant "${sendConnector.tenantPath}", which is not in the topology`);
  }
  const connection: Pick<SimulatedMessage, "sourceIp" | "certificateNames"> = sendConnectorConnection(topology, sendConnectorPath) ?? {};
  const via = `from ${connection.sourceIp ?? "no source IP"}, certificate ${connection.certificateNames?.join(", ") ?? "none"}`;

  const envelopes = flowEnvelopes(tenant, externalDomains(simulator));
  return envelopes.map(({ flow, description, mailFrom, rcptTo }) => {
    const message: SimulatedMessage = { ...connection, mailFrom, rcptTo: [rcptTo] };
    return {
      flow,
      description: `${description} (${via})`,
      message,
      result: simulator.simulate(message),
    };
  });
}

/** The external parties of the standard flows: reserved names no tenant of the simulated topology accepts. */
export interface ExternalDomains {
  readonly recipient: string;
  readonly forwardedSender: string;
  readonly foreignSender: string;
}

/** Picks each external party's domain: the first reserved candidate no tenant accepts, else `<party>-<n>.invalid`. */
export function externalDomains(simulator: Pick<MailFlowSimulator, "acceptingTenant">): ExternalDomains {
  const external = (candidates: readonly string[], party: string): string => {
    const free = candidates.find((d) => simulator.acceptingTenant(d) === undefined);
    if (free !== undefined) return free;
    for (let n = 1; ; n++) {
      const fallback = `${party}-${n}.invalid`;
      if (simulator.acceptingTenant(fallback) === undefined) return fallback;
    }
  };
  return {
    recipient: external(EXTERNAL_DOMAINS.recipient, "recipient"),
    forwardedSender: external(EXTERNAL_DOMAINS.forwardedSender, "forwarded"),
    foreignSender: external(EXTERNAL_DOMAINS.foreignSender, "foreign"),
  };
}

/** One standard flow's envelope and its sentence (without the connection). */
export interface FlowEnvelope {
  readonly flow: StandardFlowKind;
  readonly description: string;
  readonly mailFrom: string;
  readonly rcptTo: string;
}

/**
 * The envelopes of the standard flows of a tenant's users, in the order users-mail, ndr, forwarding, foreign-sender,
 * to-own-domain. The users' domain is the tenant's first accepted domain in alphabetical order (its initial domain when
 * it declares none); mail to the tenant goes to `cloudMailboxes` when given (the coexistence domain on-premises mail to
 * cloud mailboxes is addressed to), else to that own domain.
 */
export function flowEnvelopes(tenant: TenantModel, external: ExternalDomains, cloudMailboxes?: string): FlowEnvelope[] {
  const ownDomain = [...tenant.acceptedDomains].map((d) => d.domainName).filter((d) => d !== cloudMailboxes).sort()[0] ?? tenant.initialDomain;
  const outside = `someone@${external.recipient}`;
  const user = `user@${ownDomain}`;
  const flows: { flow: StandardFlowKind; what: string; mailFrom: string; rcptTo: string }[] = [
    { flow: "users-mail", what: "Users' own mail to the internet", mailFrom: user, rcptTo: outside },
    { flow: "ndr", what: "Non-delivery report (null sender) to an outside sender", mailFrom: "", rcptTo: outside },
    { flow: "forwarding", what: "Mail from an outside sender forwarded by an on-premises user to an outside address", mailFrom: `sender@${external.forwardedSender}`, rcptTo: outside },
    { flow: "foreign-sender", what: "Mail sent on behalf of a domain the customer does not own", mailFrom: `noreply@${external.foreignSender}`, rcptTo: outside },
    cloudMailboxes !== undefined
      ? { flow: "to-own-domain", what: "Mail to the tenant's cloud mailboxes (its coexistence domain)", mailFrom: user, rcptTo: `mailbox@${cloudMailboxes}` }
      : { flow: "to-own-domain", what: "Mail to the tenant's own domain", mailFrom: user, rcptTo: `mailbox@${ownDomain}` },
  ];
  return flows.map(({ flow, what, mailFrom, rcptTo }) => ({
    flow, mailFrom, rcptTo, description: `${what}: MAIL FROM ${mailFrom === "" ? "<>" : mailFrom}, RCPT TO ${rcptTo}`,
  }));
}
