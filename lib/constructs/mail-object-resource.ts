/**
 * A mail object's Terraform resource: a real cdktf `TerraformResource` (logical id, `overrideLogicalId`, `addOverride`,
 * `lifecycle`, `dependsOn`, aspects, references and cross-stack dependencies all work as for any resource) whose bulky
 * body, the triggers and the two provisioners, bypasses cdktf's token resolver.
 *
 * cdktf passes every element's configuration through its resolver three times (preparing, per element, then the whole
 * document) and deep-merges it: about 0.2 ms per resource with two provisioners, which at a managed service provider's
 * thousands of tenants was most of `cdktf synth`. The body holds no tokens (props that are tokens are refused when the
 * construct is created), so it is final when declared: cdktf resolves only the resource's small part (its `//` metadata,
 * `depends_on`, whatever you set or override), and the stack's `toTerraform()` adds the body under it. What you set
 * through cdktf wins over the body, as an override does. The JSON is the one cdktf wrote when the library declared
 * cdktf's own `null_resource` and `terraform_data` (a test compares them). HCL output goes through cdktf as before.
 */
import {
  ITerraformDependable, TerraformProvider, TerraformResource, TerraformStack, anyToHclTerraform, hashMapperHcl, stringToHclTerraform,
} from "cdktf";
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

/** The generator metadata of @cdktf/provider-null's null_resource: cdktf checks the stack has that provider. */
const NULL_PROVIDER_METADATA = { providerName: "null", providerVersion: "3.2.4", providerVersionConstraint: "~> 3.0" };

/**
 * The Terraform resource of one mail object, at `<object path>/Resource`. Your own resources can wait for it
 * (`dependsOn: [connector.resource]`); its settings are in {@link triggers}, not in cdktf attributes.
 */
export class MailObjectResource extends TerraformResource implements ITerraformDependable {
  private readonly props: MailResourceProps;
  private readonly dependencies = new Set<string>();
  private movedOrImported = false;

  /** Created by MailObject.deploy; a mail object has exactly one. */
  constructor(scope: Construct, id: string, props: MailResourceProps) {
    super(scope, id, {
      terraformResourceType: props.type,
      ...(props.type === "null_resource" ? { terraformGeneratorMetadata: NULL_PROVIDER_METADATA } : {}),
    });
    // Frozen: the documents toTerraform() returns hold these objects themselves, not copies.
    this.props = Object.freeze({
      type: props.type,
      triggers: Object.freeze({ ...props.triggers }),
      provisioners: Object.freeze(props.provisioners.map((p) => Object.freeze({ ...p, environment: Object.freeze({ ...p.environment }) }))),
    });
    includeMailResources(TerraformStack.of(this));
  }

  /** The trigger map (`triggers` or `triggers_replace`). */
  public get triggers(): Readonly<Record<string, string>> {
    return this.props.triggers;
  }

  /** The provisioners as Terraform JSON spells them, apply-time first. */
  public get mailProvisioners(): readonly LocalExecProvisioner[] {
    return this.props.provisioners;
  }

  /** The addresses (`type.name`) of the mail objects this resource waits for, sorted; yours are in `dependsOn`. */
  public get mailDependencies(): string[] {
    return [...this.dependencies].sort();
  }

  /** Makes this resource wait for the mail object resource at `address` (`type.name`, no interpolation) in the same stack. */
  public addMailDependency(address: string): void {
    this.dependencies.add(address);
  }

  /**
   * The resource as Terraform JSON, cdktf's `//` metadata included, before anything set through cdktf
   * (`dependsOn`, `lifecycle`, `addOverride`, ...) is merged over it.
   */
  public mailJson(): Record<string, unknown> {
    const json: Record<string, unknown> = { "//": this.constructNodeMetadata };
    if (this.dependencies.size > 0) json.depends_on = this.mailDependencies;
    // The props' own objects, not copies: nothing here changes them (a merge builds new objects for what it changes).
    json.provisioner = this.props.provisioners.map((p) => ({ "local-exec": p }));
    json[this.props.type === "terraform_data" ? "triggers_replace" : "triggers"] = this.props.triggers;
    return json;
  }

  /** @internal whether anything was set through cdktf, so cdktf must resolve the resource's own part */
  public _customized(): boolean {
    return this.movedOrImported || Object.keys(this.rawOverrides as object).length > 0 || this.dependsOn !== undefined ||
      this.count !== undefined || this.forEach !== undefined || this.provider !== undefined || this.lifecycle !== undefined ||
      this.connection !== undefined || this.provisioners !== undefined;
  }

  /**
   * cdktf's part of the resource: nothing unless something was set through cdktf (then the meta-arguments, overrides,
   * `moved` and `import` blocks as cdktf writes them). The stack adds the rest (see the file comment).
   */
  public toTerraform(): Record<string, unknown> {
    return this._customized() ? (super.toTerraform() as Record<string, unknown>) : {};
  }

  /** HCL output: the whole resource goes through cdktf's HCL renderer, as cdktf's own null_resource and terraform_data. */
  public toHclTerraform(): Record<string, unknown> {
    const previous = { provisioners: this.provisioners, dependsOn: this.dependsOn };
    this.provisioners = [...this.props.provisioners.map(({ working_dir, ...rest }) => ({ type: "local-exec" as const, workingDir: working_dir, ...rest })), ...(previous.provisioners ?? [])];
    const dependsOn = [...this.mailDependencies, ...(previous.dependsOn ?? [])];
    if (dependsOn.length > 0) this.dependsOn = dependsOn;
    try {
      return super.toHclTerraform() as Record<string, unknown>;
    } finally {
      this.provisioners = previous.provisioners;
      this.dependsOn = previous.dependsOn;
    }
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    if (this.props.type === "terraform_data") return { triggers_replace: hashMapperHcl(anyToHclTerraform)(this.props.triggers) };
    return { triggers: { value: hashMapperHcl(stringToHclTerraform)(this.props.triggers), isBlock: false, type: "map", storageClassType: "stringMap" } };
  }

  /** {@inheritDoc TerraformResource.importFrom} */
  public importFrom(id: string, provider?: TerraformProvider): void {
    this.movedOrImported = true;
    super.importFrom(id, provider);
  }

  /** {@inheritDoc TerraformResource.moveTo} */
  public moveTo(moveTarget: string, index?: string | number): void {
    this.movedOrImported = true;
    super.moveTo(moveTarget, index);
  }

  /** {@inheritDoc TerraformResource.moveToId} */
  public moveToId(id: string): void {
    this.movedOrImported = true;
    super.moveToId(id);
  }

  /** {@inheritDoc TerraformResource.moveFromId} */
  public moveFromId(id: string): void {
    this.movedOrImported = true;
    super.moveFromId(id);
  }
}

/** The mail object resources of `stack`, in construct-tree order, nested stacks excluded (as cdktf's own elements). */
function mailResourcesOf(stack: TerraformStack): MailObjectResource[] {
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `base` with `over` merged in, `over` winning (objects merged key by key, anything else replaced). */
function mergeUnder(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    merged[key] = isPlainObject(value) && isPlainObject(merged[key]) ? mergeUnder(merged[key] as Record<string, unknown>, value) : value;
  }
  return merged;
}

/**
 * Adds the stack's mail object resources to cdktf's document `tf`. A resource nothing was set on through cdktf is added
 * as it is; for one that was, what cdktf wrote for it is merged over it (`depends_on` lists joined), and none is added when
 * cdktf wrote nothing (the resource was moved away). Returns a new document: `tf` itself is left as it is, so a stack
 * that reuses it stays correct. A stack-level override of a mail resource (`stack.addOverride("resource.<type>.<name>...")`)
 * is merged over it too; another resource at the same address is an error.
 */
function withMailResources(stack: TerraformStack, tf: Record<string, unknown>): Record<string, unknown> {
  const mail = mailResourcesOf(stack);
  if (mail.length === 0) return tf;
  const resources = { ...((tf.resource as Record<string, Record<string, unknown>> | undefined) ?? {}) };
  const copied = new Set<string>();
  for (const resource of mail) {
    const type = resource.terraformResourceType;
    const name = resource.friendlyUniqueId;
    const entry = resources[type]?.[name] as Record<string, unknown> | undefined;
    const customized = resource._customized();
    if (customized && entry === undefined) continue;
    const ownPath = resource.node.path;
    const writtenBy = (entry?.["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
    if (entry !== undefined && writtenBy !== undefined && writtenBy !== ownPath) {
      throw new Error(
        `[${ownPath}] the Terraform address ${type}.${name} of this mail object's resource is also the address of ${writtenBy} in stack "${stack.node.path}": ` +
          `give that resource another logical id (overrideLogicalId) or this mail object another construct id`,
      );
    }
    if (!copied.has(type)) {
      resources[type] = { ...resources[type] };
      copied.add(type);
    }
    const own = resource.mailJson();
    if (entry === undefined) {
      resources[type][name] = own;
    } else {
      const merged = mergeUnder(own, entry);
      const dependsOn = [...((own.depends_on as string[] | undefined) ?? []), ...((entry.depends_on as string[] | undefined) ?? [])];
      if (dependsOn.length > 0) merged.depends_on = dependsOn.filter((d, i) => dependsOn.indexOf(d) === i);
      resources[type][name] = merged;
    }
  }
  return { ...tf, resource: resources };
}

const included = new WeakSet<TerraformStack>();

/** Makes `stack.toTerraform()` add the bodies of its mail object resources (see the file comment). Idempotent. */
function includeMailResources(stack: TerraformStack): void {
  if (included.has(stack)) return;
  included.add(stack);
  // The stack's own toTerraform (a subclass's override included), then the bodies added to what it returns.
  const cdktfToTerraform = stack.toTerraform.bind(stack);
  stack.toTerraform = () => withMailResources(stack, cdktfToTerraform() as Record<string, unknown>);
}
