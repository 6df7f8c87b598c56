import { normalizeAddressSpace } from "../model/address-space";
import { CLOUDS, cloudEndpoint, coexistenceDomain } from "../model/exchange-online-endpoints";
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
   * Address spaces, `[SMTP:]address[;cost]`: `*`, `*.com`, `*.contoso.com` or `contoso.com`, cost 1–100 (default 1),
   * e.g. `SMTP:*.contoso.com;10`. On-premises Exchange routes a message by its recipient to the connector with the most
   * specific matching address space, then the lowest cost (domain.md section 4a).
   * @default ["*"]; with `dnsRoutingEnabled`, the tenant's coexistence domain `<tenant>.mail.onmicrosoft.com` (as the hybrid wizard sets it)
   */
  readonly addressSpaces?: string[];
  /**
   * Smart hosts: the target tenant's Exchange Online endpoint, of the family of its cloud (`<name>.mail.protection.outlook.com`,
   * `.mail.protection.office365.us`, `.mail.protection.partner.outlook.cn`, or the DNSSEC MX `<name>.<xx>-v1.mx.microsoft`).
   * @default - the tenant's endpoint from its initial domain, `<name>.mail.protection.outlook.com` in the worldwide cloud; none with `dnsRoutingEnabled`
   */
  readonly smartHosts?: string[];
  /**
   * Route by DNS (MX records) instead of smart hosts: what the hybrid wizard's coexistence connector
   * ("Outbound to Office 365 - <GUID>", address space `<tenant>.mail.onmicrosoft.com`) does. Cannot be combined with `smartHosts`.
   * @default false (the library routes to the tenant's endpoint as smart host)
   */
  readonly dnsRoutingEnabled?: boolean;
  /**
   * Transport servers that send through this connector.
   * @default - the organization's `transportServers`
   */
  readonly sourceTransportServers?: string[];
  /**
   * `IsScopedConnector`: only Exchange servers in the Active Directory site of the source servers see and use the connector
   * (domain.md section 4a). Declare the organization's `sites` to make scoping meaningful.
   * @default false (Microsoft's default; the setting is then not written)
   */
  readonly isScopedConnector?: boolean;
  /**
   * FQDN used in HELO/EHLO; must be a name of the certificate when the certificate is not named explicitly. Never a
   * Microsoft host name. `null` leaves it unset (Exchange then uses the sending server's own FQDN), as `import` writes
   * for a connector exported without one.
   * @default - the certificate's host name (CN, or first SAN that is not a wildcard); none when it has only wildcards (Exchange then uses the server's own FQDN)
   */
  readonly fqdn?: string | null;
  /**
   * Whether TLS is required. Exchange Online relay needs it.
   * @default true
   */
  readonly requireTls?: boolean;
  /**
   * How the smart host's certificate is checked. Needs `requireTls`. `null` leaves it unset, as a connector made with
   * `-RequireTLS $true` alone has it (`import` writes that; send-connector-tls-validation warns about it).
   * @default "DomainValidation" (with `tlsDomain` the service domain of the tenant's cloud, as the hybrid wizard sets it)
   */
  readonly tlsAuthLevel?: TlsAuthLevel | null;
  /**
   * Domain the smart host's certificate must match; only with `DomainValidation`. `null` leaves it unset (`import`
   * writes that for a connector exported without one; send-connector-tls-validation warns about it).
   * @default - with DomainValidation, the service domain of the tenant's cloud: "mail.protection.outlook.com" (worldwide), "mail.protection.office365.us" (GCC High), "mail.protection.partner.outlook.cn" (21Vianet); none otherwise
   */
  readonly tlsDomain?: string | null;
  /**
   * Whether cross-premises headers are kept (Exchange Server hybrid). Microsoft recommends it only for Exchange Server
   * hybrid; a relay service or application should not set it (domain.md section 2).
   * @default - true when the organization's `senderKind` is "exchange-server", false for "relay-service"
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
    // null: explicitly unset (what an export without the setting reads as), so no default applies.
    const tlsAuthLevel = p.tlsAuthLevel === null ? undefined : p.tlsAuthLevel ?? (requireTls ? "DomainValidation" : undefined);
    const dnsRoutingEnabled = p.dnsRoutingEnabled ?? false;
    const coexistence = coexistenceDomain(tenant.initialDomain, tenant.cloud);
    const fqdn = p.fqdn === null ? undefined : p.fqdn ?? certificate.hostName;
    this.model = {
      path: this.node.path,
      name: p.name ?? nameFromConstructId(id, "SendConnector", this.node.path),
      tenantPath: tenant.node.path,
      certificatePath: certificate.node.path,
      addressSpaces: (p.addressSpaces ?? (dnsRoutingEnabled && coexistence !== undefined ? [coexistence] : ["*"])).map(normalizeAddressSpace),
      smartHosts: dnsRoutingEnabled ? [] : (p.smartHosts ?? [cloudEndpoint(tenant.initialDomain, tenant.cloud)]).map((h) => h.toLowerCase()),
      dnsRoutingEnabled,
      sourceTransportServers: p.sourceTransportServers ?? owner.transportServers,
      ...(p.isScopedConnector !== undefined ? { isScopedConnector: p.isScopedConnector } : {}),
      ...(fqdn !== undefined ? { fqdn: fqdn.toLowerCase() } : {}),
      requireTls,
      tlsAuthLevel,
      tlsDomain: p.tlsDomain === null ? undefined : p.tlsDomain?.toLowerCase() ?? (tlsAuthLevel === "DomainValidation" ? CLOUDS[tenant.cloud].tlsDomain : undefined),
      tlsCertificateName: certificate.tlsCertificateName,
      cloudServicesMailEnabled: p.cloudServicesMailEnabled ?? owner.senderKind === "exchange-server",
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
