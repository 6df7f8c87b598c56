import { TOPOLOGY_KIND } from "./topology-member";
import { Construct, stackOf } from "./engine";
import { ipv4Range } from "../model/ip";
import { onPremisesOrganizationPropsSchema } from "../model/schemas";
import type { OnPremisesOrganizationModel, RelayFlow } from "../model/topology";
import { validateProps } from "../model/validation";
import { attachFindingValidation, markTopologyChanged } from "./findings";
import { byPath } from "./ordering";
import { SCRIPTS_FOLDER, exchangeServerScriptFileName } from "../artifacts/powershell/script-file-name";
import { SendConnector } from "./send-connector";
import { constructId } from "./construct-id";
import { describeScope } from "./tenant";

/** Props of an {@link OnPremisesOrganization}. */
export interface OnPremisesOrganizationProps {
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
  private readonly props: ReturnType<typeof onPremisesOrganizationPropsSchema.parse>;

  constructor(scope: Construct, id: string, props: OnPremisesOrganizationProps = {}) {
    super(scope, constructId(scope, id, "OnPremisesOrganization"));
    this.props = validateProps(onPremisesOrganizationPropsSchema, props, "OnPremisesOrganization", this.node.path);
    this.transportServers = [...(this.props.transportServers ?? [])];
    stackOf(this);
    markTopologyChanged(this);
    attachFindingValidation(this);
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
      egressIpAddresses: (this.props.egressIpAddresses ?? []).map((r) => ipv4Range(r).cidr),
      transportServers: this.transportServers,
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
