/**
 * Context keys users set on the App (`new App({ context: { ... } })` or cdktf.json `context`).
 */
import type { IConstruct } from "./engine";

/** Context key: which Terraform resource carries each mail object, `"null_resource"` (default) or `"terraform_data"`. */
export const EXECUTOR_CONTEXT = "cdktf-mailflow:executor";
/** Context key: the synthesis date `YYYY-MM-DD` used by the certificate-expiry rules (default: today, UTC). */
export const SYNTHESIS_DATE_CONTEXT = "cdktf-mailflow:synthesisDate";
/** Context key: the command that runs the deployment scripts (default `pwsh`). */
export const POWERSHELL_CONTEXT = "cdktf-mailflow:powershell";

/**
 * Context key: how Terraform runs the deployment scripts, `"per-script"` (default) or `"per-object"`.
 *
 * - `per-script`: each mail object's resource only records its settings (so `terraform plan` shows which object and
 *   which setting changes) and runs nothing; one resource per script (per tenant, per on-premises organization) runs the
 *   whole script once when anything it declares changes: at most one Exchange session per script per apply, none when
 *   nothing changed. Deleting a declaration removes its object in that same session (the script's journal, in the stack's `.mailflow-journal/` folder, says what it deployed before).
 * - `per-object`: each mail object's resource runs the script for that one object, on create and on destroy: one Exchange
 *   session per changed object. Deleting a declaration needs a `RemovedMailObject`.
 */
export const DEPLOYMENT_CONTEXT = "cdktf-mailflow:deployment";

/** How the deployment scripts run: see {@link DEPLOYMENT_CONTEXT}. */
export type Deployment = "per-script" | "per-object";

/** The value of context key `key`, one of `values` (the first is the default), checked. */
function choiceOf<T extends string>(scope: IConstruct, key: string, values: readonly [T, ...T[]]): T {
  const value = scope.node.tryGetContext(key) ?? values[0];
  if (!values.includes(value)) {
    const allowed = values.map((v, i) => `"${v}"${i === 0 ? " (default)" : ""}`).join(" and ");
    throw new Error(`[${scope.node.path}] context "${key}" is ${JSON.stringify(value)}: allowed values are ${allowed}`);
  }
  return value;
}

/** The deployment set in context, checked. */
export function deploymentOf(scope: IConstruct): Deployment {
  return choiceOf(scope, DEPLOYMENT_CONTEXT, ["per-script", "per-object"]);
}

/** Terraform resource types that can carry a mail object. */
export type Executor = "null_resource" | "terraform_data";

/** The executor set in context, checked. */
export function executorOf(scope: IConstruct): Executor {
  return choiceOf(scope, EXECUTOR_CONTEXT, ["null_resource", "terraform_data"]);
}

/** The synthesis date set in context (checked), or today's date in UTC. */
export function synthesisDateOf(scope: IConstruct): string {
  const value = scope.node.tryGetContext(SYNTHESIS_DATE_CONTEXT);
  if (value === undefined) return new Date().toISOString().slice(0, 10);
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new Error(`[${scope.node.path}] context "${SYNTHESIS_DATE_CONTEXT}" is ${JSON.stringify(value)}: expected a date YYYY-MM-DD`);
  }
  return value;
}

/** The PowerShell command set in context, or `pwsh`. */
export function powershellOf(scope: IConstruct): string {
  const value = scope.node.tryGetContext(POWERSHELL_CONTEXT) ?? "pwsh";
  if (typeof value !== "string" || !/^[A-Za-z0-9_./-]+$/.test(value)) {
    throw new Error(`[${scope.node.path}] context "${POWERSHELL_CONTEXT}" is ${JSON.stringify(value)}: expected a command name or path of letters, digits, _ . / -`);
  }
  return value;
}
