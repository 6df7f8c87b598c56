#!/usr/bin/env node
/**
 * Test setup: makes sure PowerShell 7 (`pwsh`) is there for the suites that run the generated scripts.
 *
 * Looks for pwsh (MAILFLOW_PWSH, then PATH, then the .NET global tools folder ~/.dotnet/tools). When it is missing and
 * the .NET SDK is installed, installs PowerShell as a .NET tool (`dotnet tool install --global PowerShell --version
 * 7.6.9`, or into MAILFLOW_PWSH_TOOL_PATH when that is set). When neither is there, says what to install and exits 1.
 * The tests find pwsh the same way (`findPwsh`), and put its folder on PATH.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

/** The PowerShell version the project installs and tests with. */
const PWSH_VERSION = "7.6.9";

/** Whether `file` is an executable file. */
function executable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `name` (with the platform's executable extensions) in the folders of PATH, or undefined. */
function onPath(name, env) {
  const extensions = process.platform === "win32" ? (env.PATHEXT || ".EXE;.CMD").split(";") : [""];
  for (const dir of (env.PATH || "").split(path.delimiter)) {
    if (dir === "") continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension);
      if (executable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The folders a .NET tool install puts pwsh in: MAILFLOW_PWSH_TOOL_PATH, then the global tools folder. */
function toolFolders(env) {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return [env.MAILFLOW_PWSH_TOOL_PATH, path.join(home, ".dotnet", "tools")].filter((d) => d !== undefined && d !== "");
}

/**
 * The path of pwsh: MAILFLOW_PWSH when set (it must be an executable), else `pwsh` on PATH, else in a .NET tools folder;
 * undefined when there is none.
 */
function findPwsh(env = process.env) {
  if (env.MAILFLOW_PWSH) return executable(env.MAILFLOW_PWSH) ? env.MAILFLOW_PWSH : undefined;
  const found = onPath("pwsh", env);
  if (found !== undefined) return found;
  const name = process.platform === "win32" ? "pwsh.exe" : "pwsh";
  return toolFolders(env).map((dir) => path.join(dir, name)).find(executable);
}

/** What to install when neither pwsh nor dotnet is there. */
const INSTALL_HINT = [
  "PowerShell 7 (pwsh) is needed by the tests that run the generated deployment scripts, and it was not found",
  "(MAILFLOW_PWSH, PATH, ~/.dotnet/tools), nor was the .NET SDK to install it with (dotnet).",
  "Install one of them, then run `npm test` again:",
  "  - the .NET SDK 10 (https://dotnet.microsoft.com/download, or your distribution's dotnet-sdk-10.0 package):",
  `    the tests then install PowerShell ${PWSH_VERSION} themselves (dotnet tool install --global PowerShell --version ${PWSH_VERSION});`,
  `  - or PowerShell ${PWSH_VERSION} (https://learn.microsoft.com/powershell/scripting/install/installing-powershell),`,
  "    with pwsh on PATH or its path in MAILFLOW_PWSH.",
].join("\n");

/** Installs PowerShell with dotnet; returns the exit status. */
function install(env, log) {
  const target = env.MAILFLOW_PWSH_TOOL_PATH ? ["--tool-path", env.MAILFLOW_PWSH_TOOL_PATH] : ["--global"];
  const args = ["tool", "install", ...target, "PowerShell", "--version", PWSH_VERSION];
  log(`pwsh not found: installing PowerShell ${PWSH_VERSION} as a .NET tool (dotnet ${args.join(" ")})`);
  const result = spawnSync("dotnet", args, { env: { DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1", ...env }, stdio: ["ignore", "inherit", "inherit"] });
  if (result.error !== undefined) {
    log(`dotnet could not run: ${result.error.message}`);
    return 1;
  }
  return result.status === null ? 1 : result.status;
}

/** Finds pwsh, installing it when dotnet is there; returns its path, or undefined after saying what to install. */
function ensurePwsh(env = process.env, log = (line) => process.stderr.write(`${line}\n`)) {
  const found = findPwsh(env);
  if (found !== undefined) return found;
  if (onPath("dotnet", env) === undefined) {
    log(INSTALL_HINT);
    return undefined;
  }
  const status = install(env, log);
  const installed = findPwsh(env);
  if (installed !== undefined) {
    log(`PowerShell installed: ${installed}`);
    return installed;
  }
  log(`dotnet tool install ${status === 0 ? "succeeded" : `exited with ${status}`}, but pwsh is still not in ${toolFolders(env).join(" or ")}.`);
  log(INSTALL_HINT);
  return undefined;
}

module.exports = { PWSH_VERSION, findPwsh, ensurePwsh, INSTALL_HINT };

if (require.main === module) {
  process.exit(ensurePwsh() === undefined ? 1 : 0);
}
