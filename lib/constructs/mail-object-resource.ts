/**
 * A mail object's Terraform resource: a real cdktf `TerraformResource` (logical id, `overrideLogicalId`, `addOverride`,
 * `lifecycle`, `dependsOn`, aspects, references and cross-stack dependencies all work as for any resource) that, while
 * nothing is set on it through cdktf, bypasses cdktf's token resolver.
 *
 * cdktf passes every element's configuration through its resolver three times (preparing, per element, then the whole
 * document) and deep-merges it: about 0.2 ms per resource with two provisioners, which at a managed service provider's
 * thousands of tenants was most of `cdktf synth`. A mail object's resource holds no tokens (props that are tokens are
 * refused when the construct is created), so it is final when declared: its own `toTerraform()` gives cdktf nothing to
 * resolve, and `TerraformStack.prototype.toTerraform` adds it to the stack's document as it is. A resource you set
 * something on (`lifecycle`, `dependsOn`, `addOverride`, provisioners, a stack-level override of its address, ...) is
 * rendered whole by cdktf instead, as cdktf's own `null_resource` or `terraform_data` would be, so cdktf's merge rules
 * apply unchanged. Either way the output is what cdktf writes for its own resources (tests compare them, JSON and HCL).
 */
import {
  ITerraformDependable, TerraformProvider, TerraformResource, TerraformStack, anyToHclTerraform, anyToTerraform, hashMapper, hashMapperHcl,
  stringToHclTerraform, stringToTerraform, stackOf,
  Construct, type IConstruct,
} from "./engine";
import { NULL_PROVIDER_METADATA } from "./null-provider";

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
  /** The apply-time and destroy-time provisioners, in that order (none for a resource that only records settings). */
  readonly provisioners: readonly LocalExecProvisioner[];
}

/** The triggers and provisioners of a resource whose content is known only at synthesis (a whole script's deployment). */
export type MailResourceContent = Pick<MailResourceProps, "triggers" | "provisioners">;

function frozen(content: MailResourceContent): MailResourceContent {
  return Object.freeze({
    triggers: Object.freeze({ ...content.triggers }),
    provisioners: Object.freeze(content.provisioners.map((p) => Object.freeze({ ...p, environment: Object.freeze({ ...p.environment }) }))),
  });
}

/**
 * The Terraform resource of one mail object, at `<object path>/Resource`. Your own resources can wait for it
 * (`dependsOn: [connector.resource]`); its settings are in {@link triggers}, not in cdktf attributes.
 */
export class MailObjectResource extends TerraformResource implements ITerraformDependable {
  private readonly resourceType: MailResourceType;
  private readonly content: MailResourceContent | (() => MailResourceContent);
  private readonly dependencies = new Set<MailObjectResource>();
  private movedOrImported = false;
  private renderingWhole = false;

  /**
   * Created by MailObject.deploy (a mail object has exactly one) and by a script's deployment. `content` given as a
   * function is read at synthesis, when everything the script declares is known.
   */
  constructor(scope: Construct, id: string, props: MailResourceProps | (Pick<MailResourceProps, "type"> & { readonly content: () => MailResourceContent })) {
    super(scope, id, {
      terraformResourceType: props.type,
      ...(props.type === "null_resource" ? { terraformGeneratorMetadata: NULL_PROVIDER_METADATA } : {}),
    });
    this.resourceType = props.type;
    if ("content" in props) {
      const content = props.content;
      this.content = () => frozen(content());
    } else {
      this.content = frozen(props);
    }
    includedStacks.add(stackOf(this));
  }

  private get props(): MailResourceProps {
    const content = typeof this.content === "function" ? this.content() : this.content;
    return { type: this.resourceType, ...content };
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
    // Read at synthesis, so a logical id overridden after the dependency was declared is the one written.
    return [...this.dependencies].map((d) => `${d.terraformResourceType}.${d.friendlyUniqueId}`).sort();
  }

  /** Makes this resource wait for another mail object's resource in the same stack. */
  public addMailDependency(other: MailObjectResource): void {
    this.dependencies.add(other);
  }

  /** The resource as Terraform JSON, cdktf's `//` metadata included, when nothing was set on it through cdktf. */
  public mailJson(): Record<string, unknown> {
    const json: Record<string, unknown> = { "//": this.constructNodeMetadata };
    if (this.dependencies.size > 0) json.depends_on = this.mailDependencies;
    const props = this.props;
    if (props.provisioners.length > 0) json.provisioner = props.provisioners.map((p) => ({ "local-exec": { ...p, environment: { ...p.environment } } }));
    json[props.type === "terraform_data" ? "triggers_replace" : "triggers"] = { ...props.triggers };
    return json;
  }

  /**
   * @internal whether anything was set on the resource through cdktf (on it, or by a stack-level override of its
   * address), so that cdktf renders the whole resource
   */
  public _customized(): boolean {
    return this.movedOrImported || Object.keys(this.rawOverrides as object).length > 0 || this.dependsOn !== undefined ||
      this.count !== undefined || this.forEach !== undefined || this.provider !== undefined || this.lifecycle !== undefined ||
      this.connection !== undefined || this.provisioners !== undefined || this.overriddenByStack();
  }

  private overriddenByStack(): boolean {
    // TerraformStack keeps stack.addOverride's values in its protected rawOverrides.
    const overrides = (TerraformStack.of(this) as unknown as { rawOverrides?: { resource?: Record<string, Record<string, unknown>> } }).rawOverrides;
    return overrides?.resource?.[this.terraformResourceType]?.[this.friendlyUniqueId] !== undefined;
  }

  /**
   * Nothing while nothing was set on the resource through cdktf: the stack adds the resource as it is (see the file
   * comment). Once something was, the whole resource as cdktf's own null_resource or terraform_data would write it.
   */
  public toTerraform(): Record<string, unknown> {
    return this._customized() ? this.renderWhole(() => super.toTerraform() as Record<string, unknown>) : {};
  }

  /** HCL output: the whole resource goes through cdktf's HCL renderer, as cdktf's own null_resource and terraform_data. */
  public toHclTerraform(): Record<string, unknown> {
    return this.renderWhole(() => super.toHclTerraform() as Record<string, unknown>);
  }

  /** Runs cdktf's renderer with the library's provisioners, dependencies and triggers in place (yours after them). */
  private renderWhole<T>(render: () => T): T {
    const previous = { provisioners: this.provisioners, dependsOn: this.dependsOn };
    const own = this.props.provisioners.map(({ working_dir, ...rest }) => ({ type: "local-exec" as const, workingDir: working_dir, ...rest, environment: { ...rest.environment } }));
    const provisioners = [...own, ...(previous.provisioners ?? [])];
    if (provisioners.length > 0) this.provisioners = provisioners;
    const dependsOn = [...this.mailDependencies, ...(previous.dependsOn ?? [])];
    if (dependsOn.length > 0) this.dependsOn = dependsOn;
    this.renderingWhole = true;
    try {
      return render();
    } finally {
      this.provisioners = previous.provisioners;
      this.dependsOn = previous.dependsOn;
      this.renderingWhole = false;
    }
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    if (!this.renderingWhole) return {};
    const props = this.props;
    if (props.type === "terraform_data") return { triggers_replace: hashMapper(anyToTerraform)(props.triggers) };
    return { triggers: hashMapper(stringToTerraform)(props.triggers) };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    const props = this.props;
    if (props.type === "terraform_data") return { triggers_replace: hashMapperHcl(anyToHclTerraform)(props.triggers) };
    return { triggers: { value: hashMapperHcl(stringToHclTerraform)(props.triggers), isBlock: false, type: "map", storageClassType: "stringMap" } };
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

/**
 * Adds the stack's untouched mail object resources to cdktf's document `tf` (cdktf wrote the others whole). Returns a
 * new document; `tf` is left as it is. Another resource at the address of one of them is an error: cdktf would have
 * merged the two silently.
 */
function withMailResources(stack: TerraformStack, tf: Record<string, unknown>): Record<string, unknown> {
  const mail = mailResourcesOf(stack).filter((r) => !r._customized());
  if (mail.length === 0) return tf;
  const resources = { ...((tf.resource as Record<string, Record<string, unknown>> | undefined) ?? {}) };
  const copied = new Set<string>();
  for (const resource of mail) {
    const type = resource.terraformResourceType;
    const name = resource.friendlyUniqueId;
    const existing = resources[type]?.[name] as { "//"?: { metadata?: { path?: string } } } | undefined;
    if (existing !== undefined) {
      const other = existing["//"]?.metadata?.path ?? "another resource";
      throw new Error(
        `[${resource.node.path}] the Terraform address ${type}.${name} of this mail object's resource is also the address of ${other} in stack "${stack.node.path}": ` +
          `give that resource another logical id (overrideLogicalId) or this mail object another construct id`,
      );
    }
    if (!copied.has(type)) {
      resources[type] = { ...resources[type] };
      copied.add(type);
    }
    resources[type][name] = resource.mailJson();
  }
  return { ...tf, resource: resources };
}

/** The stacks that hold mail object resources. */
const includedStacks = new WeakSet<TerraformStack>();

const PATCHED = Symbol.for("cdktf-mailflow/toTerraform");

/**
 * TerraformStack.prototype.toTerraform, extended once per loaded cdktf: for a stack holding mail object resources, the
 * document also holds the untouched ones. On the prototype, not on each stack, so that a stack subclass's own
 * `toTerraform()` finds them in what `super.toTerraform()` returns, as it finds every other resource.
 */
function extendToTerraform(): void {
  const prototype = TerraformStack.prototype as TerraformStack & { [PATCHED]?: true };
  if (prototype[PATCHED]) return;
  const cdktfToTerraform = prototype.toTerraform;
  Object.defineProperty(prototype, PATCHED, { value: true });
  prototype.toTerraform = function toTerraform(this: TerraformStack) {
    const tf = cdktfToTerraform.call(this) as Record<string, unknown>;
    return includedStacks.has(this) ? withMailResources(this, tf) : tf;
  };
}

extendToTerraform();
