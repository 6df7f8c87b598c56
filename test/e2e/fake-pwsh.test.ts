/**
 * The stand-in pwsh the end-to-end test relies on: it fails on a script that does not parse, and records each
 * call (arguments, MAILFLOW_* variables, the digest the script declares for the object, times).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exchangeOnlineScript } from "../../lib/artifacts/powershell/exchange-online-script";
import { objectDigest } from "../../lib/artifacts/deployment-settings";
import { everyKindTopology } from "../support/topology";

const FAKE_PWSH = path.join(__dirname, "..", "support", "fake-pwsh.js");

describe("the stand-in pwsh", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pwsh-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (script: string, env: Record<string, string>) =>
    spawnSync(FAKE_PWSH, ["-NoProfile", "-NonInteractive", "-File", script], { cwd: dir, env: { PATH: process.env.PATH, MAILFLOW_FAKE_PWSH_LOG: path.join(dir, "log"), ...env }, encoding: "utf8" });

  test("is an executable with a node shebang", () => {
    expect(fs.readFileSync(FAKE_PWSH, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(fs.statSync(FAKE_PWSH).mode & 0o111).not.toBe(0);
  });

  test("records a call of a script that parses, with the digest the script declares for the object", () => {
    const t = everyKindTopology();
    fs.writeFileSync(path.join(dir, "exo.ps1"), exchangeOnlineScript(t, t.tenants[0]).content);
    const connector = t.tenants[0].inboundConnectors[0];
    const result = run("exo.ps1", { MAILFLOW_OBJECT: connector.path, MAILFLOW_ACTION: "remove", MAILFLOW_DIGEST: "0123456789abcdef" });
    expect(result.status).toBe(0);
    const [call] = fs.readFileSync(path.join(dir, "log"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(call).toMatchObject({
      args: ["-NoProfile", "-NonInteractive", "-File", "exo.ps1"],
      environment: { MAILFLOW_OBJECT: connector.path, MAILFLOW_ACTION: "remove", MAILFLOW_DIGEST: "0123456789abcdef" },
      declared: true,
      scriptDigest: objectDigest(connector),
    });
    expect(call.end).toBeGreaterThan(call.start);
  });

  test("fails, logging nothing, on a script that does not parse", () => {
    fs.writeFileSync(path.join(dir, "broken.ps1"), "if ('unterminated {\n");
    const result = run("broken.ps1", { MAILFLOW_OBJECT: "x", MAILFLOW_ACTION: "apply" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("does not parse as PowerShell");
    expect(fs.existsSync(path.join(dir, "log"))).toBe(false);
  });
});
