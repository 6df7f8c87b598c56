/**
 * One side of a traffic simulation: a topology (from a plan.json or a live export), the send connectors its
 * organizations declare, and the connection each presents to Exchange Online (the declared certificate and egress
 * address, domain.md section 7: the address Exchange Online sees is the organization's egress address, not the
 * server's). A message read from a log becomes the message Exchange Online would see through the send connector that
 * carried it, or, with `--route`, through the one this side's on-premises routing picks (domain.md section 4a).
 */
import { sendConnectorConnection } from "../model/connections";
import { addressDomain } from "../model/domain-name";
import { ipv4Range, rangeContains, type Ipv4Range } from "../model/ip";
import { routerOf, routesLikeExchange, type OrganizationRouter } from "../model/send-connector-routing";
import type { OnPremisesOrganizationModel, SendConnectorModel, Topology } from "../model/topology";
import { topologyPaths } from "../model/topology-paths";
import { envelopeDomain, parseIpv4Address } from "../simulate/envelope";
import { MailFlowSimulator, type SimulatedMessage, type SimulationResult } from "../simulate";

/** A declared send connector as the traffic simulation uses it. */
export interface DeclaredSendConnector {
  /** Its name on premises (what a tracking log's `connector-id` holds). */
  readonly name: string;
  readonly model: SendConnectorModel;
  /** The initial domain of the tenant it targets; undefined when that tenant is not in the topology. */
  readonly tenant?: string;
  /** What Exchange Online sees of its connections. */
  readonly connection: Pick<SimulatedMessage, "sourceIp" | "certificateNames">;
}

/** Where a tracking-log row left: the connector it names and the server that sent it (its `client-hostname`). */
export interface LoggedSend {
  readonly connectorId: string;
  readonly server: string;
}

/**
 * How a message came to Exchange Online: through the send connector a tracking log names, from an address (message
 * trace), or, with `--route`, through the send connector this plan's on-premises routing picks for each recipient.
 */
export type TrafficVia = { readonly sendConnector: string } | { readonly sourceIp: string } | { readonly route: LoggedSend };

/** The simulation of one message on one side. */
export type SideVerdict =
  | {
    readonly declared: false;
    /** The connector named by the log (or, for a trace, why none is known). */
    readonly sendConnector: string;
    /** True when this plan's routing sends the recipients to no send connector towards Exchange Online (`--route`). */
    readonly routedElsewhere?: boolean;
  }
  | {
    readonly declared: true;
    readonly sendConnector: DeclaredSendConnector;
    readonly result: SimulationResult;
    /** The tenant that accepts the MAIL FROM domain (its initial domain), when one does: whose user sent it. */
    readonly senderTenant?: string;
  };

/** One on-premises organization of a plan, for routing. */
interface RoutedOrganization {
  readonly model: OnPremisesOrganizationModel;
  readonly router: OrganizationRouter;
  /** Its servers by lower-case name (the declared spelling as value). */
  readonly servers: ReadonlyMap<string, string>;
}

/** Routing decisions kept before the cache starts over: recipient domains repeat, but a log may hold millions. */
const ROUTE_CACHE_LIMIT = 100_000;

/** A topology indexed for traffic: its simulator, its send connectors by name, path and egress address, its routers. */
export class TrafficPlan {
  private readonly simulator: MailFlowSimulator;
  private readonly byName = new Map<string, DeclaredSendConnector>();
  private readonly byPath = new Map<string, DeclaredSendConnector>();
  private readonly organizationOfConnector = new Map<string, RoutedOrganization>();
  private readonly organizations: RoutedOrganization[] = [];
  private readonly byEgress: { readonly range: Ipv4Range; readonly organization: RoutedOrganization }[] = [];
  private readonly routes = new Map<string, DeclaredSendConnector | null>();
  private readonly routedOrganizations = new Map<string, RoutedOrganization | null>();

  /** @param label how reports name this side (the plan's file name, or the live export's paths) */
  constructor(readonly label: string, topology: Topology) {
    this.simulator = new MailFlowSimulator(topology);
    const paths = topologyPaths(topology);
    for (const model of topology.organizations) {
      const router = routerOf(model);
      const organization: RoutedOrganization = { model, router, servers: new Map(router.servers().map((s) => [s.toLowerCase(), s])) };
      this.organizations.push(organization);
      for (const connectorModel of model.sendConnectors) {
        const connector: DeclaredSendConnector = {
          name: connectorModel.name,
          model: connectorModel,
          tenant: paths.tenants.get(connectorModel.tenantPath)?.initialDomain,
          connection: sendConnectorConnection(topology, connectorModel.path) ?? {},
        };
        this.byPath.set(connectorModel.path, connector);
        // Send connector names are unique in an Exchange organization, case-insensitively; across organizations, the first wins.
        const key = connectorModel.name.toLowerCase();
        if (!this.byName.has(key)) {
          this.byName.set(key, connector);
          this.organizationOfConnector.set(key, organization);
        }
      }
      for (const egress of model.egressIpAddresses) this.byEgress.push({ range: ipv4Range(egress), organization });
    }
  }

  /** The declared send connector of that name (compared without case), or undefined. */
  sendConnector(name: string): DeclaredSendConnector | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** True when some organization declares that egress address. */
  isEgress(sourceIp: string): boolean {
    const address = parseIpv4Address(sourceIp);
    return address >= 0 && this.byEgress.some((e) => rangeContains(e.range, address));
  }

  /**
   * The send connector that carries mail from `sourceIp` to `firstRecipient` (a message trace does not name it): the one
   * the on-premises routing of the first organization declaring that egress address picks for the recipient's domain
   * (lib/model/send-connector-routing.ts; the routing server is not known, so hops do not decide).
   */
  connectorFrom(sourceIp: string, firstRecipient: string): DeclaredSendConnector | undefined {
    const address = parseIpv4Address(sourceIp);
    if (address < 0) return undefined;
    const egress = this.byEgress.find((e) => rangeContains(e.range, address));
    return egress === undefined ? undefined : this.routed(egress.organization, undefined, firstRecipient);
  }

  /**
   * The organization a logged send belongs to: the one declaring the connector the log names, else the one naming the
   * server that sent it (its host name or first label), else the only Exchange organization of the plan.
   */
  private organizationOf(send: LoggedSend): RoutedOrganization | undefined {
    const key = `${send.connectorId.toLowerCase()}\u0000${send.server.toLowerCase()}`;
    const known = this.routedOrganizations.get(key);
    if (known !== undefined) return known ?? undefined;
    let found = this.organizationOfConnector.get(send.connectorId.toLowerCase());
    if (found === undefined) {
      const host = send.server.toLowerCase();
      const label = host.split(".")[0];
      found = this.organizations.find((o) => o.servers.has(host) || o.servers.has(label));
    }
    if (found === undefined) {
      const exchange = this.organizations.filter((o) => routesLikeExchange(o.model));
      if (exchange.length === 1) found = exchange[0];
    }
    if (this.routedOrganizations.size >= ROUTE_CACHE_LIMIT) this.routedOrganizations.clear();
    this.routedOrganizations.set(key, found ?? null);
    return found;
  }

  /**
   * With `--route`: the send connector this plan's on-premises routing picks for `recipient` of a message the log shows
   * leaving through `send.connectorId` from `send.server` (domain.md section 4a: by the recipient's domain, the most
   * specific address space, then cost, hops from the sending server, name), or undefined when it picks none (the
   * recipient's mail does not go to Exchange Online through a declared connector). A relay service's organization does
   * not route like Exchange: its logged connector stands.
   */
  routeRecipient(send: LoggedSend, recipient: string): DeclaredSendConnector | undefined {
    const organization = this.organizationOf(send);
    if (organization === undefined) return undefined;
    if (!routesLikeExchange(organization.model)) {
      const logged = this.sendConnector(send.connectorId);
      return logged !== undefined && organization.model.sendConnectors.includes(logged.model) ? logged : undefined;
    }
    const host = send.server.toLowerCase();
    const server = organization.servers.get(host) ?? organization.servers.get(host.split(".")[0]);
    return this.routed(organization, server, recipient);
  }

  /** The connector the organization's router picks on `server` for `recipient`'s domain (cached). */
  private routed(organization: RoutedOrganization, server: string | undefined, recipient: string): DeclaredSendConnector | undefined {
    const domain = (addressDomain(recipient) ?? "").toLowerCase();
    const key = `${organization.model.path}\u0000${server ?? ""}\u0000${domain}`;
    const known = this.routes.get(key);
    if (known !== undefined) return known ?? undefined;
    const chosen = organization.router.route(server, domain).chosen;
    const connector = chosen === undefined ? undefined : this.byPath.get(chosen.sendConnector.path);
    if (this.routes.size >= ROUTE_CACHE_LIMIT) this.routes.clear();
    this.routes.set(key, connector ?? null);
    return connector;
  }

  /** Simulates a message (its envelope) as Exchange Online would see it arriving through `via` (not `route`). */
  simulate(via: { readonly sendConnector: string } | { readonly sourceIp: string }, mailFrom: string, rcptTo: readonly string[]): SideVerdict {
    const connector = "sendConnector" in via ? this.sendConnector(via.sendConnector) : this.connectorFrom(via.sourceIp, rcptTo[0]);
    if (connector === undefined) return { declared: false, sendConnector: "sendConnector" in via ? via.sendConnector : `(no send connector for ${via.sourceIp})` };
    return this.simulateThrough(connector, "sourceIp" in via ? via.sourceIp : undefined, mailFrom, rcptTo);
  }

  /**
   * Simulates a message arriving through `connector`: from `sourceIp` when a trace saw it, else from the declared egress
   * (a tracking log does not show the address Exchange Online sees), with the connector's certificate.
   */
  simulateThrough(connector: DeclaredSendConnector, sourceIp: string | undefined, mailFrom: string, rcptTo: readonly string[]): SideVerdict {
    const from = sourceIp ?? connector.connection.sourceIp;
    const message: { sourceIp?: string; certificateNames?: readonly string[]; mailFrom: string; rcptTo: readonly string[] } = { mailFrom, rcptTo };
    if (from !== undefined) message.sourceIp = from;
    if (connector.connection.certificateNames !== undefined) message.certificateNames = connector.connection.certificateNames;
    const result = this.simulator.simulate(message, { explain: false });
    const domain = envelopeDomain(mailFrom);
    const senderTenant = domain === undefined ? undefined : this.simulator.acceptingTenant(domain);
    return senderTenant === undefined ? { declared: true, sendConnector: connector, result } : { declared: true, sendConnector: connector, result, senderTenant };
  }
}
