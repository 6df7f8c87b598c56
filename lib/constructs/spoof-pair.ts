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
   * The sending infrastructure: a domain of the sender's PTR name (`tms.mx.com`, or its organizational domain `mx.com`,
   * which covers every PTR name under it), an `x.x.x.x/24` range (for senders without a PTR record), or `*`.
   * Not `*` on both sides. The entry covers exactly this pair: not the spoofed user through other infrastructure,
   * not other senders through this infrastructure.
   */
  readonly sendingInfrastructure: string;
  /**
   * `Internal` (the spoofed domain is one of the tenant's accepted domains; name the full address then) or `External`.
   * A mismatch is the warning `spoof-type-mismatch`.
   */
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
