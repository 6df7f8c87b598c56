/**
 * On-premises routing joined to Exchange Online's attribution (domain.md sections 3 and 4a): a user's mail is
 * simulated from the user, not from a send connector picked by hand. The organization's router
 * (lib/model/send-connector-routing.ts) picks the send connector Exchange Server uses for each recipient on the
 * server that routes the message (a Mailbox server holding the sender's mailbox); the simulator then attributes what
 * that connector presents.
 */
import { sendConnectorConnection } from "../model/connections";
import { addressDomain } from "../model/domain-name";
import { coexistenceDomain } from "../model/exchange-online-endpoints";
import { routerOf, routesLikeExchange, type RouteDecision } from "../model/send-connector-routing";
import { topologyPaths } from "../model/topology-paths";
import type { OnPremisesOrganizationModel, SendConnectorModel, TenantModel, Topology } from "../model/topology";
import type { SimulatedMessage, SimulationResult } from "./message";
import { MailFlowSimulator } from "./simulator";
import { externalDomains, flowEnvelopes, type StandardFlowKind } from "./standard-flows";

/** One recipient's leg: the send connector on-premises routing picks for it, and why. */
export interface RoutedLeg {
  /** The recipient addresses routed together (same connector). */
  readonly rcptTo: readonly string[];
  /** The chosen send connector, or undefined when no declared connector matches (the mail does not reach Exchange Online through this organization's declared connectors). */
  readonly sendConnector?: SendConnectorModel;
  /** Why that connector (Exchange's selection steps, naming the runner-up). */
  readonly routeReason: string;
  /** The simulated message over the connector's connection; absent without a connector. */
  readonly message?: SimulatedMessage;
  /** Exchange Online's verdict; absent without a connector. */
  readonly result?: SimulationResult;
}

/** A message sent from a server of an on-premises organization. */
export interface OrganizationMessage {
  /** Path of the organization. */
  readonly organization: string;
  /** The server that routes the message (the Mailbox server holding the sender's mailbox). @default - the organization's one undeclared server */
  readonly server?: string;
  /** Envelope sender; `""` or `<>` is the null sender. */
  readonly mailFrom: string;
  /** Envelope recipients, routed each by its domain. */
  readonly rcptTo: readonly string[];
}

/**
 * Routes a message from a server of an on-premises organization: each recipient goes to the send connector Exchange
 * picks for its domain there (recipients sharing a connector travel together, in their order), and each leg is
 * simulated over that connector's connection.
 * @throws Error when the organization is not in the topology or `rcptTo` is empty
 */
export function simulateFromOrganization(topology: Topology, message: OrganizationMessage, simulator = new MailFlowSimulator(topology)): RoutedLeg[] {
  const organization = topology.organizations.find((o) => o.path === message.organization);
  if (organization === undefined) throw new Error(`simulateFromOrganization: no on-premises organization at path "${message.organization}"`);
  if (message.rcptTo.length === 0) throw new Error("simulateFromOrganization: rcptTo needs at least one recipient");
  const router = routerOf(organization);
  const legs = new Map<string, { decision: RouteDecision; rcptTo: string[] }>();
  for (const address of message.rcptTo) {
    const domain = addressDomain(address) ?? "";
    const decision = router.route(message.server, domain);
    const key = decision.chosen?.sendConnector.path ?? "";
    const leg = legs.get(key);
    if (leg === undefined) legs.set(key, { decision, rcptTo: [address] });
    else leg.rcptTo.push(address);
  }
  return [...legs.values()].map(({ decision, rcptTo }) => {
    const sendConnector = decision.chosen?.sendConnector;
    if (sendConnector === undefined) return { rcptTo, routeReason: decision.reason };
    const routed: SimulatedMessage = { ...(sendConnectorConnection(topology, sendConnector.path) ?? {}), mailFrom: message.mailFrom, rcptTo };
    return { rcptTo, sendConnector, routeReason: decision.reason, message: routed, result: simulator.simulate(routed) };
  });
}

/** A standard message of one tenant's users, routed from one of their Mailbox servers. */
export interface RoutedFlow {
  readonly flow: StandardFlowKind;
  /** The routing server, or undefined when the organization names none. */
  readonly server?: string;
  /** One sentence: what the message is and its envelope. */
  readonly description: string;
  readonly mailFrom: string;
  readonly rcptTo: string;
  /** The leg that carries it (one recipient, so one leg). */
  readonly leg: RoutedLeg;
}

/** The routed standard flows of one tenant whose users an organization hosts. */
export interface TenantRouting {
  /** The tenant's path. */
  readonly tenantPath: string;
  /** Its initial domain. */
  readonly tenant: string;
  /** The servers its users' mail is routed from (declared mailbox servers, or the organization's transport servers). */
  readonly servers: readonly string[];
  readonly flows: readonly RoutedFlow[];
}

/** The routing of one on-premises organization: which connector carries internet mail on each server, and each hosted tenant's flows. */
export interface OrganizationRouting {
  readonly organization: string;
  /** False for a relay service: its connectors are not chosen by Exchange Server's routing (each is its own flow). */
  readonly routedLikeExchange: boolean;
  /** Per server: the send connector that carries internet mail (a recipient domain only `*` matches) and why. */
  readonly internetMail: readonly { readonly server?: string; readonly site?: string; readonly sendConnector?: string; readonly sendConnectorName?: string; readonly reason: string }[];
  readonly tenants: readonly TenantRouting[];
}

/**
 * The routing of the organization at `organizationPath` (domain.md section 4a): per server, the connector for internet
 * mail; per tenant whose users it hosts, the standard flows (users' mail, NDR, forwarding, foreign sender, mail to the
 * tenant's own domain, or to its coexistence domain when the tenant accepts it) routed from each of their Mailbox
 * servers, with the connector chosen, the certificate it presents, the attributed tenant and the outcome.
 * A relay service has no Exchange routing: `tenants` is empty and `internetMail` lists nothing.
 */
export function organizationRouting(topology: Topology, organizationPath: string, simulator = new MailFlowSimulator(topology)): OrganizationRouting {
  const organization = topology.organizations.find((o) => o.path === organizationPath);
  if (organization === undefined) throw new Error(`organizationRouting: no on-premises organization at path "${organizationPath}"`);
  if (!routesLikeExchange(organization)) return { organization: organization.path, routedLikeExchange: false, internetMail: [], tenants: [] };
  const router = routerOf(organization);
  const servers = router.servers();
  const internetDomain = router.probeDomain("*");
  const internetMail = (servers.length > 0 ? servers : [undefined]).map((server) => {
    const decision = router.route(server, internetDomain, "an internet domain");
    const chosen = decision.chosen?.sendConnector;
    return {
      ...(server !== undefined ? { server } : {}),
      ...(server !== undefined && router.site(server) !== "" ? { site: router.site(server) } : {}),
      ...(chosen ? { sendConnector: chosen.path, sendConnectorName: chosen.name } : {}),
      reason: decision.reason,
    };
  });
  const paths = topologyPaths(topology);
  const tenants = router.hostedTenantPaths().flatMap((tenantPath): TenantRouting[] => {
    const tenant = paths.tenants.get(tenantPath);
    if (tenant === undefined) return [];
    const from = router.mailboxServers(tenantPath) ?? [];
    return [{ tenantPath, tenant: tenant.initialDomain, servers: from, flows: tenantFlows(topology, organization, tenant, from, simulator) }];
  });
  return { organization: organization.path, routedLikeExchange: true, internetMail, tenants };
}

function tenantFlows(topology: Topology, organization: OnPremisesOrganizationModel, tenant: TenantModel, servers: readonly string[], simulator: MailFlowSimulator): RoutedFlow[] {
  const coexistence = coexistenceDomain(tenant.initialDomain, tenant.cloud);
  const cloudMailboxes = coexistence !== undefined && tenant.acceptedDomains.some((d) => d.domainName === coexistence) ? coexistence : undefined;
  const envelopes = flowEnvelopes(tenant, externalDomains(simulator), cloudMailboxes);
  const flows: RoutedFlow[] = [];
  for (const server of servers.length > 0 ? servers : [undefined]) {
    for (const e of envelopes) {
      const [leg] = simulateFromOrganization(topology, { organization: organization.path, ...(server !== undefined ? { server } : {}), mailFrom: e.mailFrom, rcptTo: [e.rcptTo] }, simulator);
      flows.push({ flow: e.flow, ...(server !== undefined ? { server } : {}), description: e.description, mailFrom: e.mailFrom, rcptTo: e.rcptTo, leg });
    }
  }
  return flows;
}
