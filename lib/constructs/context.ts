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

/** Terraform resource types that can carry a mail object. */
export type Executor = "null_resource" | "terraform_data";

/** The executor set in context, checked. */
export function executorOf(scope: IConstruct): Executor {
  const value = scope.node.tryGetContext(EXECUTOR_CONTEXT) ?? "null_resource";
  if (value !== "null_resource" && value !== "terraform_data") {
    throw new Error(`[${scope.node.path}] context "${EXECUTOR_CONTEXT}" is ${JSON.stringify(value)}: allowed values are "null_resource" (default) and "terraform_data"`);
  }
  return value;
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
