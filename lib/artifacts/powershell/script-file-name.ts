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
