import { inboundConnectorPropsSchema } from "../model/schemas";
import { ipv4Range } from "../model/ip";
import type { ConnectorType, InboundConnectorModel } from "../model/topology";
import { validateProps } from "../model/validation";
import { nameFromConstructId } from "./construct-id";
import { MailObject } from "./mail-object";
import { Tenant } from "./tenant";

/** Props of an {@link InboundConnector}. */
export interface InboundConnectorProps {
  /** `OnPremises` for the customer's own servers and relay services (this identifies the tenant's senders), `Partner` for other organizations. */
  readonly connectorType: ConnectorType;
  /**
   * Connector name in Exchange Online, 1–64 characters, unique in the tenant.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The certificate name that identifies the sending server: `contoso.com` or `*.contoso.com` (the domain and all its
   * subdomains). Its certificate domain must be an accepted domain of the tenant. Preferred over IP addresses (MC1226222).
   * @default - none: the connector identifies senders by IP address only
   */
  readonly tlsSenderCertificateName?: string;
  /**
   * Public IPv4 addresses or CIDR ranges (/24 to /32) of the sending servers. Never shared with another tenant.
   * @default - none: the connector identifies senders by certificate only
   */
  readonly senderIpAddresses?: string[];
  /**
   * Sender domains the connector applies to, matched against the P1 MAIL FROM domain (the simulator's model; Microsoft
   * does not say P1 or P2): `*` for all, `*.contoso.com` for the domain and its subdomains, `contoso.com`, or the
   * address-space form the admin center and the hybrid wizard write, `smtp:*;1`. On a Partner connector these are the
   * domains `restrictDomainsToIpAddresses` / `restrictDomainsToCertificate` restrict.
   * @default ["*"]
   */
  readonly senderDomains?: string[];
  /**
   * Whether Exchange Online keeps hybrid headers and attribution for mail through this connector (the hybrid wizard's
   * setting for OnPremises connectors). Cannot be combined with `treatMessagesAsInternal`.
   * @default - true for OnPremises connectors, false for Partner connectors
   */
  readonly cloudServicesMailEnabled?: boolean;
  /**
   * Whether messages are treated as internal (OnPremises connectors only, not with `cloudServicesMailEnabled`).
   * @default false
   */
  readonly treatMessagesAsInternal?: boolean;
  /**
   * Accepted domains of the tenant the connector applies to as source domains: mail whose MAIL FROM domain is covered by
   * another accepted domain (or the null sender) does not match it. Each must be an accepted domain of the tenant (rule
   * `associated-domain-not-accepted`).
   * @default - all accepted domains
   */
  readonly associatedAcceptedDomains?: string[];
  /**
   * Whether TLS is required (takes effect on Partner connectors only). `true` is Microsoft's documented default
   * (New-InboundConnector reference) and what the hybrid wizard writes on its OnPremises connector, so it is normal on
   * either type; the scripts always write it explicitly.
   * @default true
   */
  readonly requireTls?: boolean;
  /**
   * Whether only mail from the sender domains with the certificate is accepted (Partner connectors only).
   * @default false
   */
  readonly restrictDomainsToCertificate?: boolean;
  /**
   * Whether only mail from the sender domains from the IP addresses is accepted (Partner connectors only).
   * @default false
   */
  readonly restrictDomainsToIpAddresses?: boolean;
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

/** An Exchange Online inbound connector: how the tenant recognizes mail from the customer's servers or a partner. */
export class InboundConnector extends MailObject {
  /** The tenant it belongs to. */
  public readonly tenant: Tenant;
  /** Connector name in Exchange Online. */
  public readonly connectorName: string;
  private readonly model: InboundConnectorModel;

  constructor(tenant: Tenant, id: string, props: InboundConnectorProps) {
    const owner = Tenant._require(tenant, "InboundConnector", id);
    super(owner, id);
    const p = validateProps(inboundConnectorPropsSchema, props, "InboundConnector", this.node.path);
    this.tenant = owner;
    this.connectorName = p.name ?? nameFromConstructId(id, "InboundConnector", this.node.path);
    this.model = {
      path: this.node.path,
      name: this.connectorName,
      connectorType: p.connectorType,
      tlsSenderCertificateName: p.tlsSenderCertificateName?.toLowerCase(),
      senderIpAddresses: (p.senderIpAddresses ?? []).map((r) => ipv4Range(r).cidr),
      senderDomains: (p.senderDomains ?? ["*"]).map((d) => d.toLowerCase()),
      cloudServicesMailEnabled: p.cloudServicesMailEnabled ?? p.connectorType === "OnPremises",
      treatMessagesAsInternal: p.treatMessagesAsInternal ?? false,
      associatedAcceptedDomains: (p.associatedAcceptedDomains ?? []).map((d) => d.toLowerCase()),
      // Microsoft's documented default (New-InboundConnector, domain.md section 2).
      requireTls: p.requireTls ?? true,
      restrictDomainsToCertificate: p.restrictDomainsToCertificate ?? false,
      restrictDomainsToIpAddresses: p.restrictDomainsToIpAddresses ?? false,
      enabled: p.enabled ?? true,
      comment: p.comment,
    };
    this.deploy({ script: owner._scriptPath, model: this.model });
    for (const domain of owner.acceptedDomains) this.dependOn(domain);
    for (const sendConnector of owner._sendConnectors) sendConnector.dependOn(this);
    // Direct Send is rejected only once the inbound connectors identify the customer's servers.
    owner._organizationConfig?.dependOn(this);
  }

  /** @internal */
  public _waitsForAcceptedDomains(): boolean {
    return true;
  }

  /** @internal */
  public _toModel(): InboundConnectorModel {
    return this.model;
  }
}

