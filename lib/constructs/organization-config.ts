import { Construct } from "./engine";
import type { OrganizationConfigModel } from "../model/topology";
import { MailObject } from "./mail-object";

/** Props of an {@link OrganizationConfig}. */
export interface OrganizationConfigProps {
  /** `RejectDirectSend`, as the tenant's props declare it. */
  readonly rejectDirectSend: boolean;
  /** The tenant's script, relative to the stack output folder. */
  readonly script: string;
}

/**
 * The tenant-wide settings (`Set-OrganizationConfig`) a {@link Tenant} declares explicitly, as a mail object of its
 * own. The Tenant creates it, with id `OrganizationConfig`, only when its props set `rejectDirectSend`: a setting
 * left undeclared is never written, so one an administrator changed by hand is not reset to a default.
 */
export class OrganizationConfig extends MailObject {
  /** The construct id the Tenant gives it. */
  public static readonly ID = "OrganizationConfig";
  private readonly model: OrganizationConfigModel;

  constructor(tenant: Construct, id: string, props: OrganizationConfigProps) {
    super(tenant, id);
    this.model = { path: this.node.path, rejectDirectSend: props.rejectDirectSend };
    this.deploy({ script: props.script, model: this.model });
  }

  /** @internal */
  public _toModel(): OrganizationConfigModel {
    return this.model;
  }
}
