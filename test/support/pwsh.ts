/** Where PowerShell 7 is on this machine, if anywhere: MAILFLOW_PWSH, ~/.dotnet/tools/pwsh, or pwsh on the PATH. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The pwsh executable, or undefined when PowerShell is not installed (tests that need it are then skipped, and say so). */
export function findPwsh(): string | undefined {
  const candidates = [process.env.MAILFLOW_PWSH, path.join(os.homedir(), ".dotnet", "tools", "pwsh")].filter((c): c is string => !!c);
  for (const candidate of candidates) if (fs.existsSync(candidate)) return candidate;
  const which = spawnSync("sh", ["-c", "command -v pwsh"], { encoding: "utf8" });
  return which.status === 0 && which.stdout.trim() !== "" ? which.stdout.trim() : undefined;
}

/** Runs a PowerShell command with pwsh; returns stdout, or throws with stderr. */
export function runPwsh(pwsh: string, command: string, options: { cwd?: string; timeoutMs?: number } = {}): string {
  const result = spawnSync(pwsh, ["-NoProfile", "-NonInteractive", "-Command", command], {
    encoding: "utf8",
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 60_000,
    env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: "1", POWERSHELL_UPDATECHECK: "Off", DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
  });
  if (result.status !== 0) throw new Error(`pwsh failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
  return result.stdout;
}
