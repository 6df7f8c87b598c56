import type { Construct } from "constructs";

/**
 * `id`, checked before it reaches the constructs library: a string that no child of `scope` has yet.
 * Throws `[<path>] ...` otherwise, instead of a TypeError or the constructs library's own message.
 */
export function constructId(scope: Construct, id: unknown, kind: string): string {
  const scopePath = scope?.node?.path ?? "";
  if (typeof id !== "string") {
    throw new Error(`[${scopePath}] the construct id of a ${kind} must be a string, not ${id === null ? "null" : typeof id}`);
  }
  const taken = scope?.node?.tryFindChild(id);
  if (taken !== undefined) {
    // Compared by name: importing the class would make a cycle through MailObject.
    const what = taken.constructor.name === "OrganizationConfig" ? "the tenant's own OrganizationConfig (created because rejectDirectSend is set)" : `a ${taken.constructor.name}`;
    throw new Error(`[${scopePath === "" ? id : `${scopePath}/${id}`}] ${scopePath || "the app"} already has a child with id ${JSON.stringify(id)}: ${what}. Give the ${kind} another construct id.`);
  }
  return id;
}
