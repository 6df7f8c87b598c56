import type { Construct } from "./engine";
import { cdktfTokenProblem } from "../model/terraform-text";
import { unsafeCharacterProblem } from "../model/text";
import { InvalidPropsError } from "../model/validation";

/**
 * `id`, checked before it reaches the constructs library: a non-empty string that no child of `scope` has yet,
 * giving a construct path that a script, `MAILFLOW_OBJECT` (one path per line) and cdktf carry unchanged.
 * Throws `[<path>] ...` (an {@link InvalidPropsError} naming `(construct id)` for the characters) instead of a
 * TypeError or the constructs library's own message.
 */
export function constructId(scope: Construct, id: unknown, kind: string): string {
  const scopePath: string = scope?.node?.path ?? "";
  if (typeof id !== "string" || id === "") {
    const given = id === "" ? "an empty string" : id === null ? "null" : typeof id;
    throw new Error(`[${scopePath}] the construct id of a ${kind} must be a non-empty string, not ${given}`);
  }
  // The constructs library writes "/" (the path separator) and line feeds in an id as "--".
  const path = `${scopePath === "" ? "" : `${scopePath}/`}${id.replace(/[/\n]/g, "--")}`;
  // The constructs library keeps children in a plain object: an id such as "constructor" or "__proto__" clashes with its prototype.
  const problem =
    unsafeCharacterProblem(path) ??
    cdktfTokenProblem(path) ??
    (id in Object.prototype ? `ends in ${JSON.stringify(id)}, a name the constructs library cannot give a child (it is a property of every JavaScript object)` : undefined);
  if (problem !== undefined) {
    throw new InvalidPropsError(kind, path, [
      {
        prop: "(construct id)",
        value: JSON.stringify(id),
        message: `is not allowed: the construct path ${problem}; use construct ids without control, line-break or bidirectional characters`,
      },
    ]);
  }
  const taken = scope?.node?.tryFindChild(id);
  if (taken !== undefined) {
    // Compared by name: importing the class would make a cycle through MailObject.
    const what = taken.constructor.name === "OrganizationConfig" ? "the tenant's own OrganizationConfig (created because rejectDirectSend is set)" : `a ${taken.constructor.name}`;
    throw new Error(`[${path}] ${scopePath || "the app"} already has a child with id ${JSON.stringify(id)}: ${what}. Give the ${kind} another construct id.`);
  }
  return id;
}
