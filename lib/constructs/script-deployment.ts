/**
 * The per-script deployment (the default; see the `cdktf-mailflow:deployment` context key): one Terraform resource per
 * deployment script runs the whole script once whenever anything it declares changes, so that one `terraform apply`
 * opens at most one Exchange session per tenant and per on-premises organization, and none when nothing changed.
 *
 * Per script (at `<tenant or organization>/MailflowDeployment`):
 * - `Deploy`: its triggers are the script, the construct paths it declares (one per line, so `terraform plan` shows an
 *   added or deleted object), the identities of its spoof pairs and the digest of the whole declaration. Creating it runs
 *   the script with `MAILFLOW_ACTION=deploy`: every declared object is applied (each compared before it is written, so
 *   only what differs changes), and what the journal recorded but the script no longer declares is removed. Destroying
 *   it (which Terraform does first when it replaces it) runs the script with `MAILFLOW_ACTION=record`: the declaration
 *   the old resource deployed is added to the script's journal, without connecting to Exchange.
 * - `Teardown`: never replaced while the script keeps its file name; destroying it (`terraform destroy`, after `Deploy`)
 *   runs the script with `MAILFLOW_ACTION=remove`, which removes every declared and recorded object carrying the
 *   library's marker, in one session.
 *
 * Each mail object keeps its own resource, which records its settings as triggers and runs nothing; it waits for its
 * script's `Deploy`, so a resource of yours that depends on it runs after the object was deployed.
 */
import { Construct } from "./engine";
import { deploymentJournalPath, scriptDeclaration, scriptDeployables } from "../artifacts/deployment-settings";
import type { OnPremisesOrganizationModel, TenantModel, Topology } from "../model/topology";
import { escapeTerraformTemplate } from "../model/terraform-text";
import { executorOf, powershellOf } from "./context";
import { topologyOf } from "./findings";
import { type LocalExecProvisioner, MailObjectResource } from "./mail-object-resource";

const ID = "MailflowDeployment";

/** Per Topology, its tenants and organizations by construct path. */
const owners = new WeakMap<Topology, Map<string, TenantModel | OnPremisesOrganizationModel>>();

/**
 * The model of the owner at `path` in the app's Topology: the one the scripts are written from (a model of its own would
 * be computed a second time, and could differ).
 */
function ownerModel(topology: Topology, path: string): TenantModel | OnPremisesOrganizationModel {
  let byPath = owners.get(topology);
  if (byPath === undefined) {
    byPath = new Map([...topology.tenants, ...topology.organizations].map((o) => [o.path, o]));
    owners.set(topology, byPath);
  }
  const model = byPath.get(path);
  if (model === undefined) throw new Error(`[${path}] internal: no tenant or organization at this path in the topology`);
  return model;
}

/** The two resources that deploy one script as a whole: see the file comment. */
export class ScriptDeployment extends Construct {
  /** Runs the script when what it declares changes (`MAILFLOW_ACTION=deploy`), records it when destroyed. */
  public readonly deploy: MailObjectResource;
  /** Removes what the script declared when destroyed (`MAILFLOW_ACTION=remove`). */
  public readonly teardown: MailObjectResource;

  /**
   * The deployment of `owner`'s script `script` (relative to the stack's output folder), created on first use; `owner`
   * is the Tenant or OnPremisesOrganization that holds the script's objects.
   */
  public static of(owner: Construct, script: string): ScriptDeployment {
    const existing = owner.node.tryFindChild(ID);
    if (existing === undefined) return new ScriptDeployment(owner, script);
    if (existing instanceof ScriptDeployment) return existing;
    throw new Error(`[${existing.node.path}] the construct id "${ID}" is where cdktf-mailflow deploys the script of "${owner.node.path}": give this construct another id`);
  }

  private constructor(owner: Construct, script: string) {
    super(owner, ID);
    const type = executorOf(this) === "terraform_data" ? "terraform_data" : "null_resource";
    const self = (key: string) => `\${${type === "terraform_data" ? "self.triggers_replace" : "self.triggers"}.${key}}`;
    const command = `${powershellOf(this)} -NoProfile -NonInteractive -File `;
    const journal = deploymentJournalPath(script.split("/").pop() ?? script);
    this.teardown = new MailObjectResource(this, "Teardown", {
      type,
      triggers: { journal, script },
      provisioners: [
        { command: `${command}${self("script")}`, environment: { MAILFLOW_ACTION: "remove", MAILFLOW_JOURNAL: self("journal") }, when: "destroy", working_dir: "${path.module}" },
      ],
    });
    this.deploy = new MailObjectResource(this, "Deploy", {
      type,
      content: () => {
        const declaration = scriptDeclaration(scriptDeployables(ownerModel(topologyOf(this), owner.node.path)));
        const apply: LocalExecProvisioner = {
          command: `${command}${script}`,
          environment: { MAILFLOW_ACTION: "deploy", MAILFLOW_DIGEST: declaration.digest, MAILFLOW_JOURNAL: journal },
          working_dir: "${path.module}",
        };
        const record: LocalExecProvisioner = {
          command: `${command}${self("script")}`,
          environment: {
            MAILFLOW_ACTION: "record",
            MAILFLOW_JOURNAL: self("journal"),
            MAILFLOW_RECORD_OBJECTS: self("objects"),
            MAILFLOW_RECORD_SPOOF_PAIRS: self("spoofPairs"),
          },
          when: "destroy",
          working_dir: "${path.module}",
        };
        // User text (paths, spoof identities) is escaped so Terraform stores it instead of evaluating ${...} or %{...}.
        const triggers = {
          digest: declaration.digest,
          journal,
          objects: escapeTerraformTemplate(declaration.objects),
          script,
          spoofPairs: escapeTerraformTemplate(declaration.spoofPairs),
        };
        return { triggers, provisioners: [apply, record] };
      },
    });
    this.deploy.addMailDependency(this.teardown);
  }

  /** Makes this script's deployment wait for `other`'s (and its removal run first): an object of one waits for one of the other. */
  public dependOn(other: ScriptDeployment): void {
    if (other === this) return;
    this.deploy.addMailDependency(other.deploy);
    this.teardown.addMailDependency(other.teardown);
  }
}
