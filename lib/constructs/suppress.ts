import type { IConstruct } from "./engine";
import type { SuppressionModel } from "../model/topology";
import { RULES } from "../rules/catalogue";
import { attachFindingValidation, markTopologyChanged } from "./findings";

/** Options of {@link suppress}. */
export interface SuppressOptions {
  /**
   * Last day (`YYYY-MM-DD` or a Date) the suppression holds; after it, the suppression is itself an error.
   * @default - never expires
   */
  readonly expires?: string | Date;
}

const registry = new WeakMap<IConstruct, SuppressionModel[]>();

/**
 * Accepts a rule's finding on `construct` and its children, for a stated reason. The finding stays visible
 * (listed as suppressed in the plan and as an info annotation) but no longer fails synthesis.
 *
 * @param construct the construct (and its children) the suppression applies to
 * @param ruleId a rule id of the catalogue (RULES.md)
 * @param reason why the finding is accepted, at least 10 characters
 */
export function suppress(construct: IConstruct, ruleId: string, reason: string, options: SuppressOptions = {}): void {
  const path = construct?.node?.path;
  if (path === undefined) throw new Error("suppress: the first argument must be a construct");
  const known = RULES.map((r) => r.id);
  if (!known.includes(ruleId)) {
    throw new Error(`[${path}] suppress: unknown rule id ${JSON.stringify(ruleId)}; the rule ids are: ${known.join(", ")}`);
  }
  if (typeof reason !== "string" || reason.trim().length < 10) {
    throw new Error(`[${path}] suppress ${ruleId}: the reason ${JSON.stringify(reason)} is too short: say in at least 10 characters why this finding is acceptable`);
  }
  let expires: string | undefined;
  if (options.expires instanceof Date) {
    if (Number.isNaN(options.expires.getTime())) throw new Error(`[${path}] suppress ${ruleId}: expires is an invalid Date`);
    expires = options.expires.toISOString().slice(0, 10);
  } else if (options.expires !== undefined) {
    if (typeof options.expires !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(options.expires) || Number.isNaN(Date.parse(options.expires))) {
      throw new Error(`[${path}] suppress ${ruleId}: expires ${JSON.stringify(options.expires)} is not a date YYYY-MM-DD`);
    }
    expires = options.expires;
  }
  const root = construct.node.root;
  registry.set(root, [...(registry.get(root) ?? []), { path, ruleId, reason: reason.trim(), ...(expires ? { expires } : {}) }]);
  markTopologyChanged(construct);
  attachFindingValidation(construct);
}

/** Every suppression declared in the app `scope` belongs to, by path then rule id. */
export function suppressionsOf(scope: IConstruct): SuppressionModel[] {
  return [...(registry.get(scope.node.root) ?? [])].sort((a, b) => (a.path + "\u0000" + a.ruleId < b.path + "\u0000" + b.ruleId ? -1 : 1));
}
