/**
 * HashiCorp's null provider (registry.terraform.io/hashicorp/null 3.2.4) and its `null_resource`, written here so the
 * library needs no generated provider package: `@cdktf/provider-null` requires cdktf and brought a second engine in
 * beside CDK Terrain. cdk.tf.json is what that package wrote (tests compare the examples' output byte for byte).
 */
import { Construct, TerraformProvider, TerraformResource, hashMapper, hashMapperHcl, stringToHclTerraform, stringToTerraform } from "./engine";
import type { TerraformMetaArguments } from "./engine";

/** The generator metadata of the null provider 3.2.4's bindings: cdktf checks a stack holding a `null_resource` has the provider. */
export const NULL_PROVIDER_METADATA = { providerName: "null", providerVersion: "3.2.4", providerVersionConstraint: "~> 3.0" };

/** The `null` provider block of a stack: `required_providers.null` at version 3.2.4 and an empty `provider.null`. */
export class NullProvider extends TerraformProvider {
  /** The Terraform type of the provider. */
  public static readonly tfResourceType = "null";

  /** Declares the provider in `scope`'s stack. */
  constructor(scope: Construct, id: string) {
    super(scope, id, { terraformResourceType: "null", terraformGeneratorMetadata: NULL_PROVIDER_METADATA, terraformProviderSource: "null" });
  }

  /** The provider has no settings: `provider.null` is `{}` (alias aside). */
  protected synthesizeAttributes(): Record<string, unknown> {
    return { alias: stringToTerraform(undefined) };
  }

  /** As {@link synthesizeAttributes}, for HCL output. */
  protected synthesizeHclAttributes(): Record<string, unknown> {
    return {};
  }
}

/** Props of a {@link NullResource}. */
export interface NullResourceConfig extends TerraformMetaArguments {
  /**
   * Values whose change replaces the resource (and so reruns its provisioners).
   * @default - none
   */
  readonly triggers?: Readonly<Record<string, string>>;
}

/** A `null_resource` of the null provider: provisioners and `triggers`, nothing else. Declare a {@link NullProvider} in its stack. */
export class NullResource extends TerraformResource {
  /** The Terraform type of the resource. */
  public static readonly tfResourceType = "null_resource";
  private readonly config: NullResourceConfig;

  /** Declares the resource; `config` as for any cdktf resource, plus `triggers`. */
  constructor(scope: Construct, id: string, config: NullResourceConfig = {}) {
    super(scope, id, {
      terraformResourceType: NullResource.tfResourceType,
      terraformGeneratorMetadata: NULL_PROVIDER_METADATA,
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.config = config;
  }

  /** The resource's id, as a token (a reference in Terraform). */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { triggers: hashMapper(stringToTerraform)(this.config.triggers) };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    const triggers = { value: hashMapperHcl(stringToHclTerraform)(this.config.triggers), isBlock: false, type: "map", storageClassType: "stringMap" };
    return triggers.value === undefined ? {} : { triggers };
  }
}
