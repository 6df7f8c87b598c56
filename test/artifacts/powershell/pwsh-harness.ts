/**
 * Runs generated scripts in real pwsh against the fake Exchange (test/support/pwsh.ts): writes each script to a file as
 * synthesis does (UTF-8, its byte order mark kept), then applies or removes with the environment a Terraform
 * provisioner gives.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { GeneratedScript } from "../../../lib/artifacts/powershell/script-sections";
import { FakeExchange, FAKE_SERVER_MODULES, type RunResult, ScriptServer } from "../../support/pwsh";

/** Where scripts are written for a test file. */
export function scriptFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-scripts-"));
}

/** Writes a generated script into `dir` and returns its path. */
export function writeScript(dir: string, script: GeneratedScript): string {
  const file = path.join(dir, script.fileName);
  fs.writeFileSync(file, script.content, "utf8");
  return file;
}

/** How one run is made. */
export interface RunOptions {
  /** MAILFLOW_OBJECT: construct paths, one per line. */
  readonly object?: readonly string[];
  /** MAILFLOW_ACTION=remove. */
  readonly remove?: boolean;
  /** MAILFLOW_DIGEST. */
  readonly digest?: string;
  readonly whatIf?: boolean;
  /** More environment variables (MAILFLOW_SPOOFED_USER, FAKE_EXCHANGE_ORGANIZATION...). */
  readonly env?: Readonly<Record<string, string | null>>;
  readonly prelude?: string;
  /** Script parameters besides -WhatIf. */
  readonly parameters?: Readonly<Record<string, string | boolean | readonly string[]>>;
}

/** The prelude that makes a runspace an Exchange Management Shell (the send connector cmdlets loaded). */
export const MANAGEMENT_SHELL = `Import-Module '${path.join(FAKE_SERVER_MODULES, "FakeExchangeServer", "FakeExchangeServer.psm1").replace(/'/g, "''")}'`;
/** The prelude that replaces the remote-session cmdlets with the fakes (a script given -ExchangeServer). */
export const REMOTE_SESSIONS = `Import-Module '${path.join(FAKE_SERVER_MODULES, "FakeExchangeRemoting", "FakeExchangeRemoting.psm1").replace(/'/g, "''")}'`;

/** Runs `script` in `server` against `fake`, as a Terraform provisioner or a person would. */
export function runScript(server: ScriptServer, fake: FakeExchange, script: string, options: RunOptions = {}): Promise<RunResult> {
  return server.run({
    script,
    parameters: { ...(options.whatIf ? { WhatIf: true } : {}), ...options.parameters },
    env: fake.env({
      ...(options.object ? { MAILFLOW_OBJECT: options.object.join("\n") } : {}),
      ...(options.remove ? { MAILFLOW_ACTION: "remove" } : {}),
      ...(options.digest !== undefined ? { MAILFLOW_DIGEST: options.digest } : {}),
      ...options.env,
    }),
    prelude: options.prelude,
  });
}

/** Fails with everything the script said when it did not succeed. */
export function expectOk(result: RunResult): RunResult {
  if (!result.ok || result.errors.length > 0) {
    throw new Error(`the script failed: ${result.error}\nerrors: ${result.errors.join("\n")}\nwarnings: ${result.warnings.join("\n")}\ninformation: ${result.information.join("\n")}`);
  }
  return result;
}
