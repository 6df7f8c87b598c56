import { outboundConnectorPropsSchema } from "../model/schemas";
import type { ConnectorType, OutboundConnectorModel, OutboundTlsSettings } from "../model/topology";
import { validateProps } from "../model/validation";
import { nameFromConstructId } from "./construct-id";
import { MailObject } from "./mail-object";
import { Tenant } from "./tenant";

/** Props of an {@link OutboundConnector}. */
export interface OutboundConnectorProps {
  /** `OnPremises` routes mail to the customer's own servers (needed for InternalRelay domains); `Partner` to other organizations. */
  readonly connectorType: ConnectorType;
  /**
   * Connector name in Exchange Online, 1–64 characters.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Recipient domains routed through the connector (`*`, `contoso.com` or `*.contoso.com`).
   * @default - none (use `allAcceptedDomains` or transport rules)
   */
  readonly recipientDomains?: string[];
  /**
   * Smart hosts (host names or IPv4 addresses) the connector delivers to. Needs `useMxRecord` false.
   * @default - none: delivery by MX record
   */
  readonly smartHosts?: string[];
  /**
   * Whether delivery uses the recipient domain's MX record instead of smart hosts.
   * @default - true when no smart hosts are given, false otherwise
   */
  readonly useMxRecord?: boolean;
  /**
   * TLS requirement for the connection.
   * @default - none (opportunistic TLS)
   */
  readonly tlsSettings?: OutboundTlsSettings;
  /**
   * Domain the destination's certificate must match. Needs `tlsSettings: "DomainValidation"`.
   * @default - none
   */
  readonly tlsDomain?: string;
  /**
   * Whether all mail, including internet mail, goes through the on-premises servers (OnPremises only).
   * @default false
   */
  readonly routeAllMessagesViaOnPremises?: boolean;
  /**
   * Whether the connector applies to all accepted domains (OnPremises only).
   * @default false
   */
  readonly allAcceptedDomains?: boolean;
  /**
   * Whether hybrid headers are kept (the hybrid wizard's setting for OnPremises connectors).
   * @default - true for OnPremises connectors, false for Partner connectors
   */
  readonly cloudServicesMailEnabled?: boolean;
  /**
   * Whether the connector is enabled.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * A comment stored on the connector (the library appends its own management marker).
   * @default - none
   */
  readonly comment?: string;
}

/** An Exchange Online outbound connector: how the tenant routes mail to the customer's servers or a partner. */
export class OutboundConnector extends MailObject {
  /** The tenant it belongs to. */
  public readonly tenant: Tenant;
  private readonly model: OutboundConnectorModel;

  constructor(tenant: Tenant, id: string, props: OutboundConnectorProps) {
    const owner = Tenant._require(tenant, "OutboundConnector", id);
    super(owner, id);
    const p = validateProps(outboundConnectorPropsSchema, props, "OutboundConnector", this.node.path);
    this.tenant = owner;
    const smartHosts = (p.smartHosts ?? []).map((h) => h.toLowerCase());
    this.model = {
      path: this.node.path,
      name: p.name ?? nameFromConstructId(id, "OutboundConnector", this.node.path),
      connectorType: p.connectorType,
      recipientDomains: (p.recipientDomains ?? []).map((d) => d.toLowerCase()),
      smartHosts,
      useMxRecord: p.useMxRecord ?? smartHosts.length === 0,
      tlsSettings: p.tlsSettings,
      tlsDomain: p.tlsDomain?.toLowerCase(),
      routeAllMessagesViaOnPremises: p.routeAllMessagesViaOnPremises ?? false,
      allAcceptedDomains: p.allAcceptedDomains ?? false,
      cloudServicesMailEnabled: p.cloudServicesMailEnabled ?? p.connectorType === "OnPremises",
      enabled: p.enabled ?? true,
      comment: p.comment,
    };
    this.deploy({ script: owner._scriptPath, model: this.model });
    for (const domain of owner.acceptedDomains) this.dependOn(domain);
  }

  /** @internal */
  public _waitsForAcceptedDomains(): boolean {
    return true;
  }

  /** @internal */
  public _toModel(): OutboundConnectorModel {
    return this.model;
  }
}
