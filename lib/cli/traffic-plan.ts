/**
 * One side of a traffic simulation: a topology (from a plan.json), the send connectors its organizations declare, and
 * the connection each presents to Exchange Online (the declared certificate and egress address, domain.md section 7:
 * the address Exchange Online sees is the organization's egress address, not the server's). A message read from a log
 * becomes the message Exchange Online would see through the send connector that carried it.
 */
import { sendConnectorConnection } from "../model/connections";
import { addressDomain, isSameOrSubdomain } from "../model/domain-name";
import { ipv4Range, rangeContains, type Ipv4Range } from "../model/ip";
import type { SendConnectorModel, Topology } from "../model/topology";
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

/** How a message came to Exchange Online: through a named send connector (tracking logs) or from an address (message trace). */
export type TrafficVia = { readonly sendConnector: string } | { readonly sourceIp: string };

/** The simulation of one message on one side. */
export type SideVerdict =
  | { readonly declared: false; readonly sendConnector: string }
  | {
    readonly declared: true;
    readonly sendConnector: DeclaredSendConnector;
    readonly result: SimulationResult;
    /** The tenant that accepts the MAIL FROM domain (its initial domain), when one does: whose user sent it. */
    readonly senderTenant?: string;
  };

/** A topology indexed for traffic: its simulator and its send connectors by name and by egress address. */
export class TrafficPlan {
  private readonly simulator: MailFlowSimulator;
  private readonly byName = new Map<string, DeclaredSendConnector>();
  private readonly byEgress: { readonly range: Ipv4Range; readonly connectors: DeclaredSendConnector[] }[] = [];

  /** @param label how reports name this side (the plan's file name) */
  constructor(readonly label: string, topology: Topology) {
    this.simulator = new MailFlowSimulator(topology);
    const paths = topologyPaths(topology);
    for (const organization of topology.organizations) {
      const declared: DeclaredSendConnector[] = [];
      for (const model of organization.sendConnectors) {
        const connector: DeclaredSendConnector = {
          name: model.name,
          model,
          tenant: paths.tenants.get(model.tenantPath)?.initialDomain,
          connection: sendConnectorConnection(topology, model.path) ?? {},
        };
        declared.push(connector);
        // Send connector names are unique in an Exchange organization, case-insensitively; across organizations, the first wins.
        const key = model.name.toLowerCase();
        if (!this.byName.has(key)) this.byName.set(key, connector);
      }
      for (const egress of organization.egressIpAddresses) {
        this.byEgress.push({ range: ipv4Range(egress), connectors: declared });
      }
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
   * The send connector that carries mail from `sourceIp` to `firstRecipient`: among the connectors of the organizations
   * that declare the address as egress, the one whose address space matches the recipient's domain most specifically,
   * then the lowest cost, then the lowest name. A simplification of on-premises routing (domain.md section 4a: no hops,
   * sites or scoping), used only for message traces, which do not name the connector.
   */
  connectorFrom(sourceIp: string, firstRecipient: string): DeclaredSendConnector | undefined {
    const address = parseIpv4Address(sourceIp);
    if (address < 0) return undefined;
    const domain = addressDomain(firstRecipient) ?? "";
    let best: { connector: DeclaredSendConnector; specificity: number; cost: number } | undefined;
    for (const egress of this.byEgress) {
      if (!rangeContains(egress.range, address)) continue;
      for (const connector of egress.connectors) {
        if (!connector.model.enabled) continue;
        for (const space of connector.model.addressSpaces) {
          const match = addressSpaceMatch(space, domain);
          if (match === undefined) continue;
          if (best === undefined || match.specificity > best.specificity ||
            (match.specificity === best.specificity && (match.cost < best.cost ||
              (match.cost === best.cost && connector.name.localeCompare(best.connector.name, "en") < 0)))) {
            best = { connector, ...match };
          }
        }
      }
    }
    return best?.connector;
  }

  /** Simulates `message` (its envelope) as Exchange Online would see it arriving through `via`. */
  simulate(via: TrafficVia, mailFrom: string, rcptTo: readonly string[]): SideVerdict {
    const connector = "sendConnector" in via ? this.sendConnector(via.sendConnector) : this.connectorFrom(via.sourceIp, rcptTo[0]);
    if (connector === undefined) return { declared: false, sendConnector: "sendConnector" in via ? via.sendConnector : `(no send connector for ${via.sourceIp})` };
    // A trace knows the address Exchange Online saw; a tracking log does not, so the declared egress stands in.
    const sourceIp = "sourceIp" in via ? via.sourceIp : connector.connection.sourceIp;
    const message: { sourceIp?: string; certificateNames?: readonly string[]; mailFrom: string; rcptTo: readonly string[] } = { mailFrom, rcptTo };
    if (sourceIp !== undefined) message.sourceIp = sourceIp;
    if (connector.connection.certificateNames !== undefined) message.certificateNames = connector.connection.certificateNames;
    const result = this.simulator.simulate(message, { explain: false });
    const domain = envelopeDomain(mailFrom);
    const senderTenant = domain === undefined ? undefined : this.simulator.acceptingTenant(domain);
    return senderTenant === undefined ? { declared: true, sendConnector: connector, result } : { declared: true, sendConnector: connector, result, senderTenant };
  }
}

/** How specifically an address space (`[type:]address[;cost]`) matches a domain, and its cost; undefined when it does not. */
function addressSpaceMatch(space: string, domain: string): { specificity: number; cost: number } | undefined {
  const typed = /^([a-z0-9]+):(.*)$/i.exec(space);
  if (typed !== null && typed[1].toLowerCase() !== "smtp") return undefined;
  const [address, costText] = (typed === null ? space : typed[2]).split(";");
  const pattern = address.trim().toLowerCase();
  const cost = costText === undefined || costText.trim() === "" ? 1 : Number(costText);
  if (pattern === "*") return { specificity: 0, cost };
  if (pattern.startsWith("*.")) {
    const base = pattern.slice(2);
    return domain !== base && isSameOrSubdomain(domain, base) ? { specificity: base.length + 1, cost } : undefined;
  }
  return domain === pattern ? { specificity: pattern.length + 2, cost } : undefined;
}
