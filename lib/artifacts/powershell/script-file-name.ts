/**
 * File names of generated scripts, derived from user text (an initial domain, a construct id).
 */

const MAX_STEM_LENGTH = 60;

/**
 * A file-name stem made only of `[a-z0-9-]`: accents are dropped (`Zürich` → `zurich`), every other
 * run of characters becomes one `-`, dashes at either end are removed, and the result is at most
 * 60 characters; `unnamed` when nothing is left. It can never hold `/`, `\` or `..`. Two different
 * texts can give the same stem: keeping file names unique is the caller's job.
 */
export function scriptFileStem(text: string): string {
  const stem = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, MAX_STEM_LENGTH)
    .replace(/-+$/, "");
  return stem === "" ? "unnamed" : stem;
}

/** The folder, relative to a stack's output folder, that holds the scripts. */
export const SCRIPTS_FOLDER = "mailflow/scripts";

/** File name of a tenant's Exchange Online script: `exo-<first label of the initial domain>.ps1`. */
export function exchangeOnlineScriptFileName(initialDomain: string): string {
  return `exo-${scriptFileStem(initialDomain.split(".")[0])}.ps1`;
}

/** File name of an organization's Exchange Management Shell script: `ems-<last segment of its construct path>.ps1`. */
export function exchangeServerScriptFileName(organizationPath: string): string {
  return `ems-${scriptFileStem(organizationPath.split("/").pop() ?? organizationPath)}.ps1`;
}
