/**
 * Where each object's deployment script lives in a stack's output folder. The Terraform resources point at
 * these paths and the script writers name their files the same way, from this one place.
 */
import { scriptFileStem } from "./powershell/script-file-name";

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
