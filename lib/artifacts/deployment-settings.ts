/**
 * The desired settings of one deployable mail object as flat strings, and their digest. The Terraform
 * resource's triggers hold both, and each script embeds the digest of every object it declares, so a
 * script can tell a resource replaced for newer settings from one destroyed for good. Both sides call
 * these functions with the same model, so they cannot disagree.
 */
import { createHash } from "node:crypto";
import type {
  AcceptedDomainModel, InboundConnectorModel, OnPremisesOrganizationModel, OrganizationConfigModel, OutboundConnectorModel, SendConnectorModel,
  SpoofPairModel, TenantModel,
} from "../model/topology";

/** The model of an object that becomes one Terraform resource and one block of a deployment script. */
export type DeployableModel =
  | AcceptedDomainModel
  | InboundConnectorModel
  | OutboundConnectorModel
  | SpoofPairModel
  | SendConnectorModel
  | OrganizationConfigModel;

/** Number of hex digits kept of the SHA-256: 64 bits, plenty to tell two settings of one object apart. */
const DIGEST_LENGTH = 16;

/**
 * The object's desired settings, one string each, keys sorted: lists joined with commas (no list element
 * can hold a comma), booleans as `true`/`false`, absent values left out. The construct path is not a
 * setting: it names the object.
 */
export function deploymentSettings(model: DeployableModel): Record<string, string> {
  const values = model as unknown as Readonly<Record<string, unknown>>;
  const settings: Record<string, string> = {};
  for (const key of Object.keys(values).sort()) {
    const value = values[key];
    if (key === "path" || value === undefined) continue;
    settings[key] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return settings;
}

/**
 * A short, stable digest of settings: the first 16 hex digits of the SHA-256 of their canonical JSON
 * (`[[key, value], ...]` sorted by key), so it does not depend on the order the keys were written in.
 */
export function settingsDigest(settings: Readonly<Record<string, string>>): string {
  const canonical = JSON.stringify(Object.keys(settings).sort().map((key) => [key, settings[key]]));
  return createHash("sha256").update(canonical, "utf8").digest("hex").slice(0, DIGEST_LENGTH);
}

// Models are immutable values, and a script writes each object's digest twice (apply and removal).
const digests = new WeakMap<DeployableModel, string>();

/** The digest of an object's desired settings: `settingsDigest(deploymentSettings(model))`, computed once per model object. */
export function objectDigest(model: DeployableModel): string {
  let digest = digests.get(model);
  if (digest === undefined) {
    digest = settingsDigest(deploymentSettings(model));
    digests.set(model, digest);
  }
  return digest;
}

/**
 * The objects one deployment script declares, in its creation order: a tenant's accepted domains, inbound connectors,
 * outbound connectors, spoof pairs and tenant-wide settings, or an on-premises organization's send connectors.
 */
export function scriptDeployables(owner: TenantModel | OnPremisesOrganizationModel): DeployableModel[] {
  if ("sendConnectors" in owner) return [...owner.sendConnectors];
  return [
    ...owner.acceptedDomains,
    ...owner.inboundConnectors,
    ...owner.outboundConnectors,
    ...owner.spoofPairs,
    ...(owner.organizationConfig ? [owner.organizationConfig] : []),
  ];
}

/**
 * What a script declares as a whole, in the form the per-script deployment (see the `cdktf-mailflow:deployment` context
 * key) writes into its Terraform resource and passes to the script: both sides compute it with this one function.
 */
export interface ScriptDeclaration {
  /** The construct paths of the declared objects, one per line, in creation order. */
  readonly objects: string;
  /** The identities of the declared spoof pairs, one JSON array `[spoofedUser, sendingInfrastructure, spoofType]` per line. */
  readonly spoofPairs: string;
  /** The digest of the whole declaration: every object's path and settings digest, in order (16 hex digits). */
  readonly digest: string;
}

/** The declaration of a script whose objects are `deployables` (see {@link scriptDeployables}). */
export function scriptDeclaration(deployables: readonly DeployableModel[]): ScriptDeclaration {
  const spoofPairs = deployables.filter((d): d is SpoofPairModel => "spoofedUser" in d && "sendingInfrastructure" in d);
  const canonical = JSON.stringify(deployables.map((d) => [d.path, objectDigest(d)]));
  return {
    objects: deployables.map((d) => d.path).join("\n"),
    spoofPairs: spoofPairs.map((s) => JSON.stringify([s.spoofedUser, s.sendingInfrastructure, s.spoofType])).join("\n"),
    digest: createHash("sha256").update(canonical, "utf8").digest("hex").slice(0, DIGEST_LENGTH),
  };
}

/**
 * The folder, relative to a stack's output folder, where the per-script deployment keeps each script's journal: what the
 * script deployed before a change, recorded (without connecting to Exchange) when Terraform replaces the script's
 * resource, and read by the next run so that objects no longer declared are removed in the same Exchange session.
 * Outside `mailflow/`, which synthesis rewrites: a journal must survive a synthesis between a failed and a retried apply.
 */
export const DEPLOYMENT_JOURNAL_FOLDER = ".mailflow-journal";

/** The journal file of a script (see {@link DEPLOYMENT_JOURNAL_FOLDER}), relative to the stack's output folder. */
export function deploymentJournalPath(scriptFileName: string): string {
  return `${DEPLOYMENT_JOURNAL_FOLDER}/${scriptFileName.replace(/\.ps1$/, "")}.json`;
}
