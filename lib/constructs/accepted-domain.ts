import { acceptedDomainPropsSchema } from "../model/schemas";
import type { AcceptedDomainModel, DomainType } from "../model/topology";
import { validateProps } from "../model/validation";
import { MailObject } from "./mail-object";
import { Tenant } from "./tenant";

/** Options of an accepted domain added with `tenant.addAcceptedDomain`. */
export interface AcceptedDomainOptions {
  /**
   * `Authoritative` (the tenant hosts every recipient) or `InternalRelay` (some recipients live elsewhere,
   * reached through an OnPremises outbound connector).
   * @default "Authoritative"
   */
  readonly domainType?: DomainType;
  /**
   * Whether mail for subdomains is accepted too. Needs `domainType: "InternalRelay"`.
   * @default false
   */
  readonly matchSubDomains?: boolean;
  /**
   * Whether the domain is used only for outbound mail (no MX pointing at Exchange Online).
   * @default false
   */
  readonly outboundOnly?: boolean;
}

/** Props of an {@link AcceptedDomain}. */
export interface AcceptedDomainProps extends AcceptedDomainOptions {
  /** The domain, such as `contoso.com`. It must already be added and verified in the tenant (EXO has no New-AcceptedDomain). */
  readonly domainName: string;
}

/**
 * A domain the tenant accepts mail for. Exchange Online cannot create one: the domain is added and verified
 * in the admin center or with Microsoft Graph, and the script then applies these settings with `Set-AcceptedDomain`.
 */
export class AcceptedDomain extends MailObject {
  /** The domain name, lower case. */
  public readonly domainName: string;
  /** The tenant it belongs to. */
  public readonly tenant: Tenant;
  private readonly model: AcceptedDomainModel;

  constructor(tenant: Tenant, id: string, props: AcceptedDomainProps) {
    const owner = Tenant._require(tenant, "AcceptedDomain", id);
    super(owner, id);
    const p = validateProps(acceptedDomainPropsSchema, props, "AcceptedDomain", this.node.path);
    this.tenant = owner;
    this.domainName = p.domainName.toLowerCase();
    this.model = {
      path: this.node.path,
      domainName: this.domainName,
      domainType: p.domainType ?? "Authoritative",
      matchSubDomains: p.matchSubDomains ?? false,
      outboundOnly: p.outboundOnly ?? false,
    };
    this.deploy({ script: owner._scriptPath, model: this.model });
    for (const connector of MailObject._waitingForAcceptedDomains(owner)) connector.dependOn(this);
  }

  /** @internal */
  public _toModel(): AcceptedDomainModel {
    return this.model;
  }
}
