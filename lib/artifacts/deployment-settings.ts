/**
 * The desired settings of one deployable mail object as flat strings, and their digest. The Terraform
 * resource's triggers hold both, and each script embeds the digest of every object it declares, so a
 * script can tell a resource replaced for newer settings from one destroyed for good. Both sides call
 * these functions with the same model, so they cannot disagree.
 */
import { createHash } from "node:crypto";
import type {
  AcceptedDomainModel, InboundConnectorModel, OrganizationConfigModel, OutboundConnectorModel, SendConnectorModel, SpoofPairModel,
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
