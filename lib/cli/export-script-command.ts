/**
 * `cdktf-mailflow export-script --out DIR`: writes the read-only export scripts, one for an Exchange Online tenant and
 * one for an on-premises Exchange organization.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { exchangeOnlineExportScript, exchangeServerExportScript } from "../artifacts/powershell";
import { LIVE_EXIT } from "./live-input";
import type { CliIo } from "./terminal";
import { UsageError } from "./usage-error";

/** The help text of `cdktf-mailflow export-script`. */
export const EXPORT_SCRIPT_HELP = `Usage: cdktf-mailflow export-script --out <dir>

Writes two read-only PowerShell scripts into <dir>; they call Get- cmdlets only and change nothing:
  export-exchange-online.ps1  one tenant: accepted domains, inbound and outbound connectors, spoof items and
                              RejectDirectSend. Connects app-only as the deployment scripts do:
                              ./export-exchange-online.ps1 -Organization contoso.onmicrosoft.com -AppId <guid>
                                -CertificateFilePath ./app.pfx [-OutputFolder ./estate/contoso]
                              (or MAILFLOW_APP_ID, MAILFLOW_CERTIFICATE_PATH, MAILFLOW_CERTIFICATE_PASSWORD,
                              MAILFLOW_CERTIFICATE_THUMBPRINT)
  export-exchange-server.ps1  one on-premises organization, in the Exchange Management Shell or with -ExchangeServer:
                              send connectors, the Exchange certificates of every transport server with their DER,
                              the servers with their Active Directory sites, and mailbox counts per server and
                              primary SMTP domain (no address) [-OutputFolder ./estate/contoso-onprem]
Each writes one folder of JSON files (one per cmdlet, and mailflow-export.json naming the tenant or organization).
Run them once per tenant and organization into folders side by side, then: cdktf-mailflow audit ./estate

Options:
  --out <dir>   the folder to write the scripts into (created when missing; the two files are overwritten)
  -h, --help    print this help
`;

/** Runs `export-script` with its arguments (after the command name); returns the exit code. */
export function exportScriptCommand(args: readonly string[], io: CliIo): number {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: { out: { type: "string" }, help: { type: "boolean", short: "h", default: false } }, allowPositionals: false, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message, "export-script");
  }
  if (values.help) {
    io.stdout.write(EXPORT_SCRIPT_HELP);
    return LIVE_EXIT.ok;
  }
  if (values.out === undefined) throw new UsageError("--out <dir> is required: the folder to write the scripts into", "export-script");
  const scripts = [exchangeOnlineExportScript(), exchangeServerExportScript()];
  try {
    fs.mkdirSync(values.out, { recursive: true });
    for (const script of scripts) fs.writeFileSync(path.join(values.out, script.fileName), script.content, "utf8");
  } catch (error) {
    throw new UsageError(`cannot write the scripts into ${values.out}: ${(error as Error).message}`);
  }
  io.stdout.write(scripts.map((s) => `wrote ${path.join(values.out!, s.fileName)}\n`).join(""));
  return LIVE_EXIT.ok;
}
