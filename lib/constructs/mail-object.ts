/**
 * What every deployable mail object shares: one Terraform resource that runs its deployment script,
 * a place in the per-stack mailflow output, and the validation that reports its rule findings.
 */
import { DataResource, TerraformResource, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { Resource as NullResource } from "@cdktf/provider-null/lib/resource";
import { NullProvider } from "@cdktf/provider-null/lib/provider";
import { unsafeCharacterProblem } from "../model/text";
import { executorOf, powershellOf } from "./context";
import { attachFindingValidation, markTopologyChanged } from "./findings";
import { MailflowStackOutput } from "./mailflow-stack-output";

/** Settings that identify an object and how its script is called, in the resource's triggers. */
export interface DeploymentTriggers {
  /** Script path relative to the stack's output folder. */
  readonly script: string;
  /** Desired settings, one string each (so `cdktf diff` shows which one changes). */
  readonly settings: Readonly<Record<string, string>>;
}

const PROVIDER_ID = "mailflow-null-provider";

function ensureNullProvider(stack: TerraformStack): void {
  if (stack.node.tryFindChild(PROVIDER_ID) === undefined) new NullProvider(stack, PROVIDER_ID);
}

/** Base class of constructs that become one Terraform resource and a block in a deployment script. */
export abstract class MailObject extends Construct {
  private _resource?: TerraformResource;

  protected constructor(scope: Construct, id: string) {
    super(scope, id);
    // The path names the object in scripts and in MAILFLOW_OBJECT (one path per line).
    const problem = unsafeCharacterProblem(this.node.path);
    if (problem !== undefined) {
      throw new Error(`[${JSON.stringify(this.node.path)}] the construct path ${problem}: use construct ids without control, line-break or bidirectional characters`);
    }
    markTopologyChanged(this);
    attachFindingValidation(this);
    MailflowStackOutput.of(TerraformStack.of(this));
  }

  /** The Terraform resource (`null_resource` or `terraform_data`) that applies and removes this object. */
  public get resource(): TerraformResource {
    if (this._resource === undefined) throw new Error(`[${this.node.path}] internal: the resource is created at the end of the constructor`);
    return this._resource;
  }

  /** Creates the object's resource; subclasses call it once, last in their constructor. */
  protected deploy(deployment: DeploymentTriggers): void {
    const stack = TerraformStack.of(this);
    const triggers: Record<string, string> = { ...deployment.settings, object: this.node.path, script: deployment.script };
    const command = `${powershellOf(this)} -NoProfile -NonInteractive -File `;
    const apply = { type: "local-exec" as const, command: `${command}${deployment.script}`, workingDir: "${path.module}", environment: { MAILFLOW_OBJECT: this.node.path, MAILFLOW_ACTION: "apply" } };
    if (executorOf(this) === "terraform_data") {
      this._resource = new DataResource(this, "Resource", {
        triggersReplace: triggers,
        provisioners: [apply, { type: "local-exec", when: "destroy", command: `${command}\${self.triggers_replace.script}`, workingDir: "${path.module}", environment: { MAILFLOW_OBJECT: "${self.triggers_replace.object}", MAILFLOW_ACTION: "remove" } }],
      });
    } else {
      ensureNullProvider(stack);
      this._resource = new NullResource(this, "Resource", {
        triggers,
        provisioners: [apply, { type: "local-exec", when: "destroy", command: `${command}\${self.triggers.script}`, workingDir: "${path.module}", environment: { MAILFLOW_OBJECT: "${self.triggers.object}", MAILFLOW_ACTION: "remove" } }],
      });
    }
  }

  /** @internal whether this object's resource waits for its tenant's accepted domains (connectors do) */
  public _waitsForAcceptedDomains(): boolean {
    return false;
  }

  /** Makes this object's resource wait for `other`'s, when both are in the same stack. */
  public dependOn(other: MailObject): void {
    if (TerraformStack.of(other) === TerraformStack.of(this)) {
      this.resource.dependsOn = [...(this.resource.dependsOn ?? []), other.resource.fqn].filter((v, i, a) => a.indexOf(v) === i).sort();
    } else {
      TerraformStack.of(this).addDependency(TerraformStack.of(other));
    }
  }
}

/** Flattens settings into trigger strings: lists joined with commas, booleans as true/false, absent values left out. */
export function triggerSettings(values: Record<string, string | boolean | number | readonly string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(values).sort()) {
    const value = values[key];
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return out;
}

/** True when `construct` is a {@link MailObject}. */
export function isMailObject(construct: IConstruct): construct is MailObject {
  return construct instanceof MailObject;
}
