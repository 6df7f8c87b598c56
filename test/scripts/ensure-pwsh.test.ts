/**
 * The test setup's pwsh installer (scripts/ensure-pwsh.js), with a stand-in `dotnet` on a PATH of its own and a HOME of
 * its own, so the test depends neither on the pwsh of this machine nor on the network. (A real install into a temporary
 * --tool-path was checked by hand: `MAILFLOW_PWSH_TOOL_PATH=/tmp/x HOME=/tmp/h node scripts/ensure-pwsh.js`.)
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const SCRIPT = path.join(__dirname, "..", "..", "scripts", "ensure-pwsh.js");

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-pwsh-"));
  fs.mkdirSync(path.join(dir, "bin"));
  fs.mkdirSync(path.join(dir, "home"));
  // The few commands the stand-in dotnet uses, and nothing else (no pwsh, no real dotnet).
  fs.mkdirSync(path.join(dir, "sys"));
  for (const command of ["mkdir", "chmod"]) fs.symlinkSync(spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).stdout.trim(), path.join(dir, "sys", command));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A stand-in dotnet that logs its arguments and, for `tool install --global`, puts a pwsh into ~/.dotnet/tools. */
function fakeDotnet(installs: boolean): void {
  const script = [
    "#!/bin/sh",
    `echo "$@" >> "${path.join(dir, "dotnet.log")}"`,
    ...(installs ? ['mkdir -p "$HOME/.dotnet/tools"', 'printf "#!/bin/sh\\necho 7.6.9\\n" > "$HOME/.dotnet/tools/pwsh"', 'chmod +x "$HOME/.dotnet/tools/pwsh"'] : []),
    "exit 0",
  ].join("\n");
  fs.writeFileSync(path.join(dir, "bin", "dotnet"), script, { mode: 0o755 });
}

function run(env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [SCRIPT], {
    env: { PATH: `${path.join(dir, "bin")}:${path.join(dir, "sys")}`, HOME: path.join(dir, "home"), ...env },
    encoding: "utf8",
  });
}

test("installs PowerShell 7.6.9 as a global .NET tool when pwsh is missing and dotnet is there", () => {
  fakeDotnet(true);
  const result = run();
  expect(result.status).toBe(0);
  expect(fs.readFileSync(path.join(dir, "dotnet.log"), "utf8")).toBe("tool install --global PowerShell --version 7.6.9\n");
  expect(result.stderr).toContain(`PowerShell installed: ${path.join(dir, "home", ".dotnet", "tools", "pwsh")}`);
  // Found the second time, without installing again.
  expect(run().status).toBe(0);
  expect(fs.readFileSync(path.join(dir, "dotnet.log"), "utf8").split("\n").filter((l) => l !== "")).toHaveLength(1);
});

test("installs into MAILFLOW_PWSH_TOOL_PATH when it is set", () => {
  fakeDotnet(false);
  const result = run({ MAILFLOW_PWSH_TOOL_PATH: path.join(dir, "tools") });
  expect(fs.readFileSync(path.join(dir, "dotnet.log"), "utf8")).toBe(`tool install --tool-path ${path.join(dir, "tools")} PowerShell --version 7.6.9\n`);
  // The stand-in installed nothing: the run fails and says what to install.
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("but pwsh is still not in");
});

test("without pwsh and dotnet, fails and says what to install", () => {
  const result = run();
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("PowerShell 7 (pwsh) is needed by the tests that run the generated deployment scripts");
  expect(result.stderr).toContain("the .NET SDK 10");
  expect(result.stderr).toContain("dotnet tool install --global PowerShell --version 7.6.9");
});

test("MAILFLOW_PWSH names pwsh directly", () => {
  const pwsh = path.join(dir, "my-pwsh");
  fs.writeFileSync(pwsh, "#!/bin/sh\n", { mode: 0o755 });
  expect(run({ MAILFLOW_PWSH: pwsh }).status).toBe(0);
  expect(run({ MAILFLOW_PWSH: path.join(dir, "missing") }).status).toBe(1);
});
