import { TOPOLOGY_KIND } from "./topology-member";
import { Construct, stackOf } from "./engine";
import { ipv4Range } from "../model/ip";
import { onPremisesOrganizationPropsSchema } from "../model/schemas";
import type { OnPremisesOrganizationModel, RelayFlow, SenderKind } from "../model/topology";
import { describeValue, validateProps } from "../model/validation";
import { userMailboxesSchema } from "../model/schemas";
import { Tenant } from "./tenant";
import { attachFindingValidation, markTopologyChanged } from "./findings";
import { byPath } from "./ordering";
import { SCRIPTS_FOLDER, exchangeServerScriptFileName } from "../artifacts/powershell/script-file-name";
import { SendConnector } from "./send-connector";
import { constructId } from "./construct-id";
import { describeScope } from "./tenant";

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where one tenant's users have their mailboxes (see {@link OnPremisesOrganization.addUserMailboxes}). */
export interface UserMailboxesOptions {
  /**
   * The Mailbox servers (the members of the delivery group, DAG) that hold the tenant's users' mailboxes. Exchange
   * categorizes and routes a user's mail on a server of the DAG holding the mailbox ("Mail routing", Exchange Server
   * docs), so these servers decide, through hop count and connector scoping, which send connector carries it.
   */
  readonly servers: string[];
}

/** Props of an {@link OnPremisesOrganization}. */
export interface OnPremisesOrganizationProps {
  /**
   * What kind of sender this is: an Exchange Server organization in hybrid with Exchange Online
   * (`"exchange-server"`), or a relay service, an application or a server that is not Exchange (`"relay-service"`).
   * Microsoft recommends `CloudServicesMailEnabled $true` only for Exchange Server hybrid: it makes Exchange Online
   * trust cross-premises headers, which another kind of sender can forge (domain.md section 2).
   * @default "exchange-server"
   */
  readonly senderKind?: SenderKind;
  /**
   * Active Directory sites and the Exchange servers in each, `{ "<site>": ["MBX01", ...] }`. On-premises routing
   * prefers a send connector sourced on the routing server itself, then one in its site, then one in a remote site, and
   * a scoped connector (`isScopedConnector`) is seen only in its source servers' site (domain.md section 4a).
   * @default - all servers in one site
   */
  readonly sites?: Record<string, string[]>;
  /**
   * Public IPv4 addresses or ranges its mail leaves from (what Exchange Online sees as the source IP).
   * @default - none declared
   */
  readonly egressIpAddresses?: string[];
  /**
   * Transport (Mailbox or Edge) servers that send through its send connectors.
   * @default - none declared: send connectors then need `sourceTransportServers`, or Exchange picks its default
   */
  readonly transportServers?: string[];
  /**
   * Flows it relays through Exchange Online besides its own users' mail: non-delivery reports (`ndr`), mail forwarded
   * by its users to outside addresses (`forwarding`), and mail sent on behalf of domains the customer does not own
   * (`foreign-sender-domains`). Each needs certificate identification (the 2017 notice).
   * @default - none
   */
  readonly relays?: RelayFlow[];
}

/** A customer's on-premises Exchange organization (or relay service). Its send connectors are declared inside it. */
export class OnPremisesOrganization extends Construct {
  /** @internal tags the construct for the topology collector */
  public readonly [TOPOLOGY_KIND] = "organization" as const;
  /** Transport servers, as declared. */
  public readonly transportServers: string[];
  /** What kind of sender this organization is. */
  public readonly senderKind: SenderKind;
  private readonly userMailboxes = new Map<string, { tenant: Tenant; servers: string[] }>();
  private readonly props: ReturnType<typeof onPremisesOrganizationPropsSchema.parse>;

  constructor(scope: Construct, id: string, props: OnPremisesOrganizationProps = {}) {
    super(scope, constructId(scope, id, "OnPremisesOrganization"));
    this.props = validateProps(onPremisesOrganizationPropsSchema, props, "OnPremisesOrganization", this.node.path);
    this.transportServers = [...(this.props.transportServers ?? [])];
    this.senderKind = this.props.senderKind ?? "exchange-server";
    stackOf(this);
    markTopologyChanged(this);
    attachFindingValidation(this);
  }

  /**
   * Declares that users of `tenant` have their mailboxes on `servers` of this organization, so the plan and the rules
   * route their mail from those servers (domain.md section 4a) and check that it leaves under `tenant`'s certificate.
   * Call once per tenant; a second call for the same tenant is an error.
   */
  public addUserMailboxes(tenant: Tenant, options: UserMailboxesOptions): void {
    const where = `[${this.node.path}] addUserMailboxes`;
    if (!(tenant instanceof Tenant)) throw new Error(`${where}: tenant is not allowed: expected a Tenant construct, got ${describeValue(tenant)}`);
    const servers = validateProps(userMailboxesSchema, options, "OnPremisesOrganization.addUserMailboxes", this.node.path).servers;
    if (this.userMailboxes.has(tenant.node.path)) {
      throw new Error(`${where}: the mailboxes of ${tenant.initialDomain}'s users are already declared: list all their servers in one call`);
    }
    this.userMailboxes.set(tenant.node.path, { tenant, servers: [...servers] });
    markTopologyChanged(this);
  }

  /** Send connectors declared in this organization, by path. */
  public get sendConnectors(): SendConnector[] {
    return byPath(this.node.children.filter((c): c is SendConnector => c instanceof SendConnector));
  }

  /** @internal */
  public _toModel(): OnPremisesOrganizationModel {
    return {
      path: this.node.path,
      stack: stackOf(this).node.path,
      // Declared kinds, sites and mailboxes only: an organization that declares none keeps its model as it was.
      ...(this.props.senderKind !== undefined ? { senderKind: this.senderKind } : {}),
      egressIpAddresses: (this.props.egressIpAddresses ?? []).map((r) => ipv4Range(r).cidr),
      transportServers: this.transportServers,
      ...(this.props.sites !== undefined
        ? { sites: Object.keys(this.props.sites).sort(byCodeUnit).map((name) => ({ name, servers: [...this.props.sites![name]] })) }
        : {}),
      ...(this.userMailboxes.size > 0
        ? { userMailboxes: [...this.userMailboxes.keys()].sort(byCodeUnit).map((tenantPath) => ({ tenantPath, servers: this.userMailboxes.get(tenantPath)!.servers })) }
        : {}),
      relays: [...new Set(this.props.relays ?? [])].sort(),
      sendConnectors: this.sendConnectors.map((c) => c._toModel()),
    };
  }

  /** @internal script file of this organization, relative to the stack output folder */
  public get _scriptPath(): string {
    return `${SCRIPTS_FOLDER}/${exchangeServerScriptFileName(this.node.path)}`;
  }

  /** @internal */
  public static _require(scope: Construct, id: string): OnPremisesOrganization {
    if (scope instanceof OnPremisesOrganization) return scope;
    const path = (scope as Construct | undefined)?.node?.path;
    const given = path === undefined ? describeScope(scope) : `${scope.constructor.name} "${path}"`;
    throw new Error(`[${path === undefined ? id : `${path}/${id}`}] a SendConnector is declared inside an OnPremisesOrganization: pass the organization as its scope (new SendConnector(org, "${id}", ...)), not ${given}`);
  }
}
