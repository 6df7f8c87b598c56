/**
 * What every deployable mail object shares: one Terraform resource that runs its deployment script,
 * a place in the per-stack mailflow output, and the validation that reports its rule findings.
 */
import { Construct, type TerraformStack, stackOf } from "./engine";
import { constructId } from "./construct-id";
import { NullProvider } from "./null-provider";
import { type DeployableModel, deploymentSettings, settingsDigest } from "../artifacts/deployment-settings";
import { escapeTerraformTemplate } from "../model/terraform-text";
import { deploymentOf, executorOf, powershellOf } from "./context";
import { ScriptDeployment } from "./script-deployment";
import { attachFindingValidation, markTopologyChanged } from "./findings";
import { type LocalExecProvisioner, MailObjectResource } from "./mail-object-resource";
import { MailflowStackOutput } from "./mailflow-stack-output";

/** What a mail object's Terraform resource is made of. */
export interface DeploymentTriggers {
  /** Script path relative to the stack's output folder. */
  readonly script: string;
  /**
   * The object's model: its settings become the triggers, one string each (so `cdktf diff` shows which one
   * changes), next to their digest, which both provisioners pass to the script in `MAILFLOW_DIGEST`.
   */
  readonly model: DeployableModel;
  /**
   * Environment variables of the destroy-time provisioner → the trigger each is read from, for objects
   * the script cannot find by construct path once they are no longer declared (a spoof pair's identity).
   * @default - none
   */
  readonly destroyEnvironment?: Readonly<Record<string, string>>;
}

const PROVIDER_ID = "mailflow-null-provider";

/** The digest a destroy-time provisioner passes for a resource whose triggers hold none. */
export const UNRECORDED_DIGEST = "unrecorded";

/** Per scope (a tenant), its mail objects that wait for its accepted domains, in declaration order. */
const waitingForAcceptedDomains = new WeakMap<Construct, MailObject[]>();

function ensureNullProvider(stack: TerraformStack): void {
  if (stack.node.tryFindChild(PROVIDER_ID) === undefined) new NullProvider(stack, PROVIDER_ID);
}

/** Base class of constructs that become one Terraform resource and a block in a deployment script. */
export abstract class MailObject extends Construct {
  private _resource?: MailObjectResource;
  private _scriptDeployment?: ScriptDeployment;

  protected constructor(scope: Construct, id: string) {
    // The path names the object in scripts and in MAILFLOW_OBJECT (one path per line): constructId checks it.
    super(scope, constructId(scope, id, new.target.name));
    markTopologyChanged(this);
    attachFindingValidation(this);
    MailflowStackOutput.of(stackOf(this));
    // Kept apart so that each new accepted domain finds them without reading every child of the tenant (node.children
    // copies them all: 5,000 domains took 8 s to declare).
    if (this._waitsForAcceptedDomains()) {
      const waiting = waitingForAcceptedDomains.get(scope);
      if (waiting === undefined) waitingForAcceptedDomains.set(scope, [this]);
      else waiting.push(this);
    }
  }

  /** @internal the mail objects declared in `scope` that wait for its accepted domains, in declaration order */
  public static _waitingForAcceptedDomains(scope: Construct): readonly MailObject[] {
    return waitingForAcceptedDomains.get(scope) ?? [];
  }

  /**
   * The object's Terraform resource (`null_resource` or `terraform_data`), a cdktf `TerraformResource`: your own resources
   * can wait for it (`dependsOn: [connector.resource]`) and you can set its `lifecycle` or override it as any other. Its
   * triggers hold the object's settings. With the per-script deployment (the default) it runs nothing itself and is
   * created after its script's deployment ran; with `per-object`, it applies and removes this one object.
   */
  public get resource(): MailObjectResource {
    if (this._resource === undefined) throw new Error(`[${this.node.path}] internal: the resource is created at the end of the constructor`);
    return this._resource;
  }

  /** Creates the object's resource; subclasses call it once, last in their constructor. */
  protected deploy(deployment: DeploymentTriggers): void {
    const stack = stackOf(this);
    const settings = deploymentSettings(deployment.model);
    const digest = settingsDigest(settings);
    // User text is escaped so Terraform stores it instead of evaluating ${...} or %{...} in it.
    const triggers: Record<string, string> = {
      ...Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, escapeTerraformTemplate(value)])),
      digest,
      object: escapeTerraformTemplate(this.node.path),
      script: deployment.script,
    };
    const terraformData = executorOf(this) === "terraform_data";
    if (!terraformData) ensureNullProvider(stack);
    if (deploymentOf(this) === "per-script") {
      // The settings only, for `terraform plan` to show; the script's deployment runs the script (see script-deployment.ts).
      this._scriptDeployment = ScriptDeployment.of(this.node.scope as Construct, deployment.script);
      this._resource = new MailObjectResource(this, "Resource", { type: terraformData ? "terraform_data" : "null_resource", triggers, provisioners: [] });
      this._resource.addMailDependency(this._scriptDeployment.deploy);
      return;
    }
    // A destroy-time provisioner may refer only to `self`: what the script needs comes from the triggers.
    const selfTriggers = terraformData ? "self.triggers_replace" : "self.triggers";
    const self = (key: string) => `\${${selfTriggers}.${key}}`;
    const command = `${powershellOf(this)} -NoProfile -NonInteractive -File `;
    const apply: LocalExecProvisioner = {
      command: `${command}${deployment.script}`,
      environment: { MAILFLOW_OBJECT: triggers.object, MAILFLOW_ACTION: "apply", MAILFLOW_DIGEST: digest },
      working_dir: "${path.module}",
    };
    const destroy: LocalExecProvisioner = {
      command: `${command}${self("script")}`,
      environment: {
        MAILFLOW_OBJECT: self("object"),
        MAILFLOW_ACTION: "remove",
        // A resource created before digests existed has none: "unrecorded" never equals a digest, so the script treats
        // its replacement (every resource is replaced once, when the digest trigger appears) as one, and keeps the object.
        MAILFLOW_DIGEST: `\${lookup(${selfTriggers}, "digest", "${UNRECORDED_DIGEST}")}`,
        ...Object.fromEntries(Object.entries(deployment.destroyEnvironment ?? {}).map(([variable, key]) => [variable, self(key)])),
      },
      when: "destroy",
      working_dir: "${path.module}",
    };
    this._resource = new MailObjectResource(this, "Resource", {
      type: terraformData ? "terraform_data" : "null_resource",
      triggers,
      provisioners: [apply, destroy],
    });
  }

  /** @internal whether this object's resource waits for its tenant's accepted domains (connectors do) */
  public _waitsForAcceptedDomains(): boolean {
    return false;
  }

  /** Makes this object's resource wait for `other`'s, when both are in the same stack. */
  public dependOn(other: MailObject): void {
    if (stackOf(other) === stackOf(this) && this._scriptDeployment !== undefined && other._scriptDeployment !== undefined) {
      // Per script: one script waits for the other (objects of one script are ordered by the script itself).
      this._scriptDeployment.dependOn(other._scriptDeployment);
    } else if (stackOf(other) === stackOf(this)) {
      // Written as a plain `type.name` address: Terraform refuses an interpolation such as `fqn`'s "${type.name}" in depends_on.
      this.resource.addMailDependency(other.resource);
    } else {
      stackOf(this).addDependency(stackOf(other));
    }
  }
}

