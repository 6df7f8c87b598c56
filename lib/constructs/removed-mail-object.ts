import { Construct, TerraformElement, type TerraformStack, stackOf } from "./engine";
import { constructId } from "./construct-id";
import { deploymentOf, executorOf, powershellOf } from "./context";
import { UNRECORDED_DIGEST } from "./mail-object";
import { OnPremisesOrganization } from "./on-premises-organization";
import { Tenant, describeScope } from "./tenant";

const BLOCKS_ID = "MailflowRemoved";

/** A Terraform `removed` block, as JSON. */
type RemovedBlock = Record<string, unknown>;

/** The stack's `removed` blocks, written sorted by construct path so declaration order does not show in cdk.tf.json. */
class RemovedBlocks extends TerraformElement {
  private readonly blocks = new Map<string, RemovedBlock>();

  static of(stack: TerraformStack): RemovedBlocks {
    return (stack.node.tryFindChild(BLOCKS_ID) as RemovedBlocks | undefined) ?? new RemovedBlocks(stack, BLOCKS_ID);
  }

  add(path: string, block: RemovedBlock): void {
    this.blocks.set(path, block);
  }

  public toTerraform(): Record<string, unknown> {
    const sorted = [...this.blocks.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, block]) => block);
    return sorted.length === 0 ? {} : { removed: sorted };
  }
}

/**
 * With the per-object deployment (`cdktf-mailflow:deployment` = `per-object`): declares that the mail object once
 * declared at `<scope>/<id>` was deleted from the code, so that Terraform runs its removal script. With the per-script
 * deployment (the default) deleting the declaration is enough and this writes nothing: the script's own deployment
 * removes the object in its session.
 *
 * Terraform runs no destroy-time provisioner of a resource whose block is gone: deleting
 * a declaration alone only forgets the resource, and the connector or spoof entry stays in Exchange. This writes a
 * Terraform `removed` block (Terraform 1.9 or later) for that resource, with the provisioner that runs the script
 * with `MAILFLOW_ACTION=remove`; the script removes the connector carrying the path's marker, or the spoof entry
 * whose identity the resource recorded. Delete this declaration too once that apply has run (it then does nothing).
 *
 * @example
 * // Was: new InboundConnector(contoso, "FromOldRelay", { ... });
 * new RemovedMailObject(contoso, "FromOldRelay");
 */
export class RemovedMailObject extends Construct {
  constructor(scope: Tenant | OnPremisesOrganization, id: string) {
    super(ownerOf(scope, id), constructId(scope, id, "RemovedMailObject"));
    // An element at the deleted resource's construct path gets that resource's logical id, i.e. its address.
    const address = new TerraformElement(this, "Resource");
    // Per script, deleting the declaration is enough: Terraform destroys the object's resource (which runs nothing), and
    // the script's deployment, replaced because its declared objects changed, removes the object. No block is needed.
    if (deploymentOf(this) === "per-script") return;
    const executor = executorOf(this);
    const triggers = executor === "terraform_data" ? "self.triggers_replace" : "self.triggers";
    // A spoof pair's resource recorded its identity; lookup gives "" for the other kinds of object.
    const recorded = (key: string) => `\${lookup(${triggers}, "${key}", "")}`;
    RemovedBlocks.of(stackOf(this)).add(this.node.path, {
      from: `${executor}.${address.friendlyUniqueId}`,
      lifecycle: { destroy: true },
      provisioner: [
        {
          "local-exec": {
            when: "destroy",
            command: `${powershellOf(this)} -NoProfile -NonInteractive -File \${${triggers}.script}`,
            working_dir: "${path.module}",
            environment: {
              MAILFLOW_OBJECT: `\${${triggers}.object}`,
              MAILFLOW_ACTION: "remove",
              MAILFLOW_DIGEST: `\${lookup(${triggers}, "digest", "${UNRECORDED_DIGEST}")}`,
              MAILFLOW_SPOOFED_USER: recorded("spoofedUser"),
              MAILFLOW_SENDING_INFRASTRUCTURE: recorded("sendingInfrastructure"),
              MAILFLOW_SPOOF_TYPE: recorded("spoofType"),
            },
          },
        },
      ],
    });
  }
}

/** The scope, checked before it reaches the constructs library: the Tenant or OnPremisesOrganization that held the object. */
function ownerOf(scope: unknown, id: unknown): Tenant | OnPremisesOrganization {
  if (scope instanceof Tenant || scope instanceof OnPremisesOrganization) return scope;
  const path = (scope as Construct | undefined)?.node?.path;
  const where = path === undefined ? String(id) : `${path}/${String(id)}`;
  const given = path === undefined ? describeScope(scope) : `${(scope as Construct).constructor.name} "${path}"`;
  throw new Error(`[${where}] a RemovedMailObject is declared in the Tenant or OnPremisesOrganization that held the object, not ${given}`);
}
