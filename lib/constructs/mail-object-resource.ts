/**
 * A mail object's Terraform resource, written into the stack's Terraform JSON by this library rather than by cdktf.
 *
 * cdktf passes every element's configuration through its token resolver three times (preparing, per element, then the
 * whole document) and deep-merges it: about 0.2 ms per resource with two provisioners, which at a managed service
 * provider's thousands of tenants was most of `cdktf synth`. A mail object's resource holds no tokens (props that are
 * tokens are refused when the construct is created), so it is final when declared: the stack's `toTerraform()` adds
 * the resources to cdktf's document as they are. The output is the one cdktf wrote (same keys, same `//` metadata,
 * same logical ids), and `Testing.synth`, `Testing.fullSynth` and `app.synth()` all include them.
 */
import * as fs from "fs";
import * as path from "path";
import { ISynthesisSession, ITerraformDependable, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";

/** The Terraform resource type that carries a mail object: see the `cdktf-mailflow:executor` context key. */
export type MailResourceType = "null_resource" | "terraform_data";

/** A `local-exec` provisioner as Terraform JSON spells it. */
export interface LocalExecProvisioner {
  /** The command Terraform runs. */
  readonly command: string;
  /** The folder it runs in. */
  readonly working_dir: string;
  /** Environment variables of the command. */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * `"destroy"` for a destroy-time provisioner.
   * @default - a creation-time provisioner
   */
  readonly when?: "destroy";
}

/** What a mail object's resource is made of, as Terraform JSON spells it. */
export interface MailResourceProps {
  /** `null_resource` (its `triggers`) or `terraform_data` (its `triggers_replace`). */
  readonly type: MailResourceType;
  /** The trigger map: one string per setting, the digest, the construct path and the script. */
  readonly triggers: Readonly<Record<string, string>>;
  /** The apply-time and destroy-time provisioners, in that order. */
  readonly provisioners: readonly LocalExecProvisioner[];
}

/**
 * The Terraform resource of one mail object (`<object path>/Resource`): its logical id is the one cdktf would allocate
 * at that path (a stack's own `allocateLogicalId` is honoured), and it can be a dependency of your own resources
 * (`dependsOn: [connector.resource]`).
 */
export class MailObjectResource extends Construct implements ITerraformDependable {
  /** `null_resource` or `terraform_data`. */
  public readonly terraformResourceType: MailResourceType;
  private readonly props: MailResourceProps;
  private readonly dependencies = new Set<string>();
  private logicalId?: string;

  /** @internal created by MailObject */
  constructor(scope: Construct, id: string, props: MailResourceProps) {
    super(scope, id);
    this.terraformResourceType = props.type;
    this.props = props;
  }

  /** The resource's name in the stack's Terraform configuration. */
  public get friendlyUniqueId(): string {
    this.logicalId ??= TerraformStack.of(this).getLogicalId(this.node);
    return this.logicalId;
  }

  /** The resource's address, `type.name`, as `depends_on` takes it. */
  public get fqn(): string {
    return `${this.terraformResourceType}.${this.friendlyUniqueId}`;
  }

  /** The trigger map (`triggers` or `triggers_replace`). */
  public get triggers(): Readonly<Record<string, string>> {
    return this.props.triggers;
  }

  /** The provisioners, apply-time first. */
  public get provisioners(): readonly LocalExecProvisioner[] {
    return this.props.provisioners;
  }

  /** The addresses this resource waits for, sorted. */
  public get dependsOn(): string[] {
    return [...this.dependencies].sort();
  }

  /** Makes this resource wait for the resource at `address` (`type.name`) in the same stack. */
  public addDependency(address: string): void {
    this.dependencies.add(address);
  }

  /** The resource's body in Terraform JSON, with cdktf's `//` metadata. */
  public toTerraformJson(): Record<string, unknown> {
    const dependsOn = this.dependsOn;
    return {
      "//": { metadata: { path: this.node.path, uniqueId: this.friendlyUniqueId } },
      ...(dependsOn.length > 0 ? { depends_on: dependsOn } : {}),
      provisioner: this.props.provisioners.map((p) => ({ "local-exec": { ...p } })),
      [this.props.type === "terraform_data" ? "triggers_replace" : "triggers"]: { ...this.props.triggers },
    };
  }
}

/** The mail object resources of `stack`, in construct-tree order (as cdktf orders its elements), nested stacks excluded. */
export function mailResourcesOf(stack: TerraformStack): MailObjectResource[] {
  const found: MailObjectResource[] = [];
  const visit = (node: IConstruct): void => {
    if (node instanceof MailObjectResource) found.push(node);
    for (const child of node.node.children) {
      if (!TerraformStack.isStack(child)) visit(child);
    }
  };
  visit(stack);
  return found;
}

/** `{ resource: { <type>: { <name>: body } } }` for the stack's mail objects. */
function resourceBlock(stack: TerraformStack): Record<string, Record<string, unknown>> {
  const byType: Record<string, Record<string, unknown>> = {};
  for (const resource of mailResourcesOf(stack)) {
    (byType[resource.terraformResourceType] ??= {})[resource.friendlyUniqueId] = resource.toTerraformJson();
  }
  return byType;
}

/** Adds the stack's mail object resources to cdktf's Terraform JSON `tf`; a name another resource has is an error. */
function mergeInto(stack: TerraformStack, tf: Record<string, unknown>): Record<string, unknown> {
  const block = resourceBlock(stack);
  if (Object.keys(block).length === 0) return tf;
  const resources = ((tf.resource as Record<string, Record<string, unknown>> | undefined) ??= {});
  for (const [type, byName] of Object.entries(block)) {
    const existing = (resources[type] ??= {});
    for (const [name, body] of Object.entries(byName)) {
      if (name in existing) {
        const path = ((body as { "//": { metadata: { path: string } } })["//"]).metadata.path;
        throw new Error(
          `[${path}] the Terraform address ${type}.${name} of this mail object's resource is taken by another resource of stack "${stack.node.path}": ` +
            `give that resource another logical id (overrideLogicalId) or this mail object another construct id`,
        );
      }
      existing[name] = body;
    }
  }
  return tf;
}

const included = new WeakSet<TerraformStack>();

/**
 * Makes `stack.toTerraform()` include the stack's mail object resources (and, when the app writes HCL, has `write`
 * put them in `mailflow.tf.json` next to `cdk.tf`, which Terraform reads with it). Idempotent.
 */
export function includeMailResources(stack: TerraformStack): void {
  if (included.has(stack)) return;
  included.add(stack);
  // The stack's own toTerraform (a subclass's override included), then the resources added to what it returns.
  const cdktfToTerraform = stack.toTerraform.bind(stack);
  stack.toTerraform = () => mergeInto(stack, cdktfToTerraform() as Record<string, unknown>);
}

/**
 * When the app writes HCL (`cdk.tf`, which cdktf renders from its own elements only), writes the stack's mail object
 * resources as `mailflow.tf.json` in the stack's folder: Terraform reads every `*.tf` and `*.tf.json` there together.
 */
export function writeMailResourcesForHcl(stack: TerraformStack, session: ISynthesisSession, stackDir: string): void {
  const file = path.join(stackDir, "mailflow.tf.json");
  fs.rmSync(file, { force: true });
  if (!session.manifest.hclOutput) return;
  const block = resourceBlock(stack);
  if (Object.keys(block).length > 0) fs.writeFileSync(file, `${JSON.stringify(sortKeys({ resource: block }), null, 2)}\n`);
}

/** A copy of `value` with every object's keys sorted, as cdktf writes cdk.tf.json. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
}
