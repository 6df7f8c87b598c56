/**
 * PowerShell deployment scripts generated from a Topology: one Exchange Online script per tenant,
 * one Exchange Management Shell script per on-premises organization.
 */
export { PS_SINGLE_QUOTE_CHARACTERS, type UnsafeCharacterOptions, psArray, psBool, psLiteral, unsafeCharacterProblem } from "./literal";
export { MANAGED_MARKER_PREFIX, MANAGED_MARKER_SUFFIX, commentWithMarker, managedMarker } from "./managed-marker";
export { SCRIPTS_FOLDER, exchangeOnlineScriptFileName, exchangeServerScriptFileName, scriptFileStem } from "./script-file-name";
export { type GeneratedScript, SCRIPT_BYTE_ORDER_MARK } from "./script-sections";
export { exchangeOnlineScript } from "./exchange-online-script";
export { exchangeServerScript } from "./exchange-server-script";
export { EXPORT_FILES, exchangeOnlineExportScript, exchangeServerExportScript } from "./export-scripts";
