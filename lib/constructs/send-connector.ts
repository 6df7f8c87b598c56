import { exchangeOnlineEndpoint } from "../model/domain-name";
import { sendConnectorPropsSchema } from "../model/schemas";
import type { SendConnectorModel, TlsAuthLevel } from "../model/topology";
import { describeValue, validateProps, InvalidPropsError } from "../model/validation";
import { Certificate } from "./certificate";
import { nameFromConstructId } from "./construct-id";
import { MailObject } from "./mail-object";
import { OnPremisesOrganization } from "./on-premises-organization";
import { Tenant } from "./tenant";

/** Props of a {@link SendConnector}. */
export interface SendConnectorProps {
  /** The one tenant this connector sends to. An organization that sends to several tenants needs a connector (and certificate) per tenant. */
  readonly tenant: Tenant;
  /** The certificate the connector presents; unique to the target tenant. */
  readonly certificate: Certificate;
  /**
   * Send connector name in Exchange, 1–64 characters.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Address spaces: `*`, `*.contoso.com` or `contoso.com`.
   * @default ["*"]
   */
  readonly addressSpaces?: string[];
  /**
   * Smart hosts: the target tenant's Exchange Online endpoint.
   * @default - the tenant's endpoint, `<name>.mail.protection.outlook.com` from its initial domain
   */
  readonly smartHosts?: string[];
  /**
   * Route by DNS (MX records of the address spaces) instead of smart hosts, as the Hybrid Configuration Wizard's
   * connector to the tenant's coexistence domain `<tenant>.mail.onmicrosoft.com` does. Then `smartHosts` must be absent.
   * @default false
   */
  readonly dnsRoutingEnabled?: boolean;
  /**
   * Transport servers that send through this connector.
   * @default - the organization's `transportServers`
   */
  readonly sourceTransportServers?: string[];
  /**
   * FQDN used in HELO/EHLO; should match the certificate.
   * @default - the certificate's host name (CN, or first SAN that is not a wildcard)
   */
  readonly fqdn?: string;
  /**
   * Whether TLS is required. Exchange Online relay needs it.
   * @default true
   */
  readonly requireTls?: boolean;
  /**
   * How the smart host's certificate is checked. Needs `requireTls`.
   * @default "DomainValidation" (with `tlsDomain` "mail.protection.outlook.com", as the hybrid wizard sets it)
   */
  readonly tlsAuthLevel?: TlsAuthLevel;
  /**
   * Domain the smart host's certificate must match; only with `DomainValidation`.
   * @default "mail.protection.outlook.com" with DomainValidation, none otherwise
   */
  readonly tlsDomain?: string;
  /**
   * Whether hybrid headers are kept, so Exchange Online attributes the mail to the tenant.
   * @default true
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

/**
 * An on-premises Exchange send connector to one Exchange Online tenant, presenting its own certificate
 * (`-TlsCertificateName <I>issuer<S>subject`) so the tenant attributes and relays its mail.
 */
export class SendConnector extends MailObject {
  /** The organization it belongs to. */
  public readonly organization: OnPremisesOrganization;
  /** The target tenant. */
  public readonly tenant: Tenant;
  /** The certificate it presents. */
  public readonly certificate: Certificate;
  private readonly model: SendConnectorModel;

  constructor(organization: OnPremisesOrganization, id: string, props: SendConnectorProps) {
    const owner = OnPremisesOrganization._require(organization, id);
    super(owner, id);
    const p = validateProps(sendConnectorPropsSchema, props, "SendConnector", this.node.path);
    const problems = [];
    if (!(p.tenant instanceof Tenant)) problems.push({ prop: "tenant", value: describeRef(p.tenant), message: "is not allowed: expected a Tenant construct (exactly one target tenant)" });
    if (!(p.certificate instanceof Certificate)) problems.push({ prop: "certificate", value: describeRef(p.certificate), message: "is not allowed: expected a Certificate construct" });
    if (problems.length > 0) throw new InvalidPropsError("SendConnector", this.node.path, problems);
    const tenant = p.tenant as Tenant;
    const certificate = p.certificate as Certificate;
    this.organization = owner;
    this.tenant = tenant;
    this.certificate = certificate;
    const requireTls = p.requireTls ?? true;
    const tlsAuthLevel = p.tlsAuthLevel ?? (requireTls ? "DomainValidation" : undefined);
    this.model = {
      path: this.node.path,
      name: p.name ?? nameFromConstructId(id, "SendConnector", this.node.path),
      tenantPath: tenant.node.path,
      certificatePath: certificate.node.path,
      addressSpaces: (p.addressSpaces ?? ["*"]).map((a) => a.toLowerCase()),
      smartHosts: p.dnsRoutingEnabled ? [] : (p.smartHosts ?? [exchangeOnlineEndpoint(tenant.initialDomain)]).map((h) => h.toLowerCase()),
      dnsRoutingEnabled: p.dnsRoutingEnabled ?? false,
      sourceTransportServers: p.sourceTransportServers ?? owner.transportServers,
      fqdn: (p.fqdn ?? certificate.hostName ?? exchangeOnlineEndpoint(tenant.initialDomain)).toLowerCase(),
      requireTls,
      tlsAuthLevel,
      tlsDomain: p.tlsDomain?.toLowerCase() ?? (tlsAuthLevel === "DomainValidation" ? "mail.protection.outlook.com" : undefined),
      tlsCertificateName: certificate.tlsCertificateName,
      cloudServicesMailEnabled: p.cloudServicesMailEnabled ?? true,
      enabled: p.enabled ?? true,
      comment: p.comment,
    };
    this.deploy({ script: owner._scriptPath, model: this.model });
    // The tenant must recognize the connector's certificate before mail flows through it.
    for (const connector of tenant.inboundConnectors) this.dependOn(connector);
    tenant._sendConnectors.push(this);
  }

  /** @internal */
  public _toModel(): SendConnectorModel {
    return this.model;
  }
}

function describeRef(value: unknown): string {
  if (value === undefined) return "(missing)";
  return describeValue(value);
}
