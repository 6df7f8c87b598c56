import { spoofPairPropsSchema } from "../model/schemas";
import type { SpoofAction, SpoofPairModel, SpoofType } from "../model/topology";
import { validateProps } from "../model/validation";
import { MailObject } from "./mail-object";
import { Tenant } from "./tenant";

/** Props of a {@link SpoofPair}. */
export interface SpoofPairProps {
  /** The spoofed sender: a domain (`contoso.com`) or an address (`user@contoso.com`). */
  readonly spoofedUser: string;
  /**
   * The sending infrastructure: the organizational domain of the sender's PTR record (`contoso.com` for
   * `smtp.inbound.contoso.com`), an `x.x.x.x/24` range, or `*`. Not `*` on both sides.
   */
  readonly sendingInfrastructure: string;
  /** `Internal` (the spoofed domain is one of the tenant's) or `External`. */
  readonly spoofType: SpoofType;
  /**
   * Whether the pair is allowed or blocked.
   * @default "Allow"
   */
  readonly action?: SpoofAction;
}

/** A Tenant Allow/Block List spoof entry: allows (or blocks) exactly one combination of spoofed user and infrastructure. */
export class SpoofPair extends MailObject {
  /** The tenant it belongs to. */
  public readonly tenant: Tenant;
  private readonly model: SpoofPairModel;

  constructor(tenant: Tenant, id: string, props: SpoofPairProps) {
    const owner = Tenant._require(tenant, "SpoofPair", id);
    super(owner, id);
    const p = validateProps(spoofPairPropsSchema, props, "SpoofPair", this.node.path);
    this.tenant = owner;
    this.model = {
      path: this.node.path,
      spoofedUser: p.spoofedUser.toLowerCase(),
      sendingInfrastructure: p.sendingInfrastructure.toLowerCase(),
      spoofType: p.spoofType,
      action: p.action ?? "Allow",
    };
    // A spoof entry has no marker: once the pair is no longer declared, only these triggers tell the script which entry to remove.
    this.deploy({
      script: owner._scriptPath,
      model: this.model,
      destroyEnvironment: { MAILFLOW_SPOOFED_USER: "spoofedUser", MAILFLOW_SENDING_INFRASTRUCTURE: "sendingInfrastructure", MAILFLOW_SPOOF_TYPE: "spoofType" },
    });
  }

  /** @internal */
  public _toModel(): SpoofPairModel {
    return this.model;
  }
}
