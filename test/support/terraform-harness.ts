/**
 * The real `terraform` running synthesized stacks whose provisioners run the real pwsh against the fake Exchange
 * (test/support/pwsh.ts): a work folder, an environment for terraform with nothing of the caller's Terraform or
 * mail flow settings, the fake modules on PSModulePath, the fake's state folder seeded with each tenant's accepted
 * domains, and readers of what the scripts did (the fake's state, calls.jsonl and sessions.jsonl).
 *
 * Both programs are required: the harness throws with what to install when either is missing (tests never skip).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEPLOYMENT_CONTEXT, type Deployment, EXECUTOR_CONTEXT, POWERSHELL_CONTEXT } from "../../lib";
import {
  FakeExchange, type FakeCall, type FakeOrganizationState, type FakeSessionEvent, type FakeTenantState, fakeModulePath, pwshPath,
} from "./pwsh";

/**
 * The context a stack run by the harness needs: the `terraform_data` executor (built into Terraform: nothing to
 * download), the real pwsh, and the deployment mode.
 */
export function terraformContext(pwsh: string, deployment: Deployment = "per-object"): Record<string, string> {
  return { [EXECUTOR_CONTEXT]: "terraform_data", [POWERSHELL_CONTEXT]: pwsh, [DEPLOYMENT_CONTEXT]: deployment };
}

/** Throws with what to install when terraform (>= 1.4, for `terraform_data`) is not on PATH. */
export function requireTerraform(): string {
  const version = spawnSync("terraform", ["version", "-json"], { encoding: "utf8", timeout: 60_000 });
  if (version.error !== undefined || version.status !== 0) {
    throw new Error("terraform is not on PATH: these tests run the real terraform (>= 1.4, for terraform_data). Install it (https://developer.hashicorp.com/terraform/install); they never skip.");
  }
  return (JSON.parse(version.stdout) as { terraform_version: string }).terraform_version;
}

/** One run of a script for one object, as the fake's logs show it: from its first logged event to its last. */
export interface ObjectRun {
  readonly object: string;
  /** The first event's time (round-trip format, sorts as text). */
  readonly start: string;
  /** The last event's time. */
  readonly end: string;
}

/** A work folder, terraform's environment, and the fake Exchange its scripts act on. Create in beforeAll, dispose in afterAll. */
export class TerraformHarness {
  /** The work folder (deleted by {@link dispose}). */
  readonly work: string;
  /** The pwsh the stacks must run (give it to {@link terraformContext}). */
  readonly pwsh: string;
  /** The fake Exchange: state folder, seeding, readers. */
  readonly fake: FakeExchange;
  /** The environment terraform runs in, and so every provisioner. */
  readonly env: NodeJS.ProcessEnv;

  private readonly timeoutMs: number;

  /**
   * @param options.env more environment variables for terraform and its provisioners (@default - none)
   * @param options.timeoutMs how long one terraform command may run (@default 300,000 ms)
   */
  constructor(options: { readonly env?: Readonly<Record<string, string>>; readonly timeoutMs?: number } = {}) {
    this.timeoutMs = options.timeoutMs ?? 300_000;
    requireTerraform();
    this.pwsh = pwshPath();
    this.work = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-terraform-"));
    this.fake = new FakeExchange(path.join(this.work, "fake-exchange"));
    const cliConfig = path.join(this.work, "terraformrc");
    fs.writeFileSync(cliConfig, "");
    // Nothing of the caller's own Terraform or mail flow settings: a MAILFLOW_OBJECT or TF_VAR_ left in the shell changes runs.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MAILFLOW_") && !k.startsWith("TF_") && !k.startsWith("FAKE_EXCHANGE_")));
    const fakeEnv = Object.fromEntries(Object.entries(this.fake.env()).filter((e): e is [string, string] => e[1] !== null));
    this.env = {
      ...inherited,
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
      TF_DATA_DIR: path.join(this.work, "terraform-data"),
      TF_CLI_CONFIG_FILE: cliConfig,
      // The fake ExchangeOnlineManagement (the scripts' #Requires) and the fake Exchange Server cmdlets, found by autoloading
      // as they are in the Exchange Management Shell.
      PSModulePath: fakeModulePath({ server: true }),
      POWERSHELL_TELEMETRY_OPTOUT: "1",
      POWERSHELL_UPDATECHECK: "Off",
      DOTNET_CLI_TELEMETRY_OPTOUT: "1",
      // FAKE_EXCHANGE_STATE, and MAILFLOW_APP_ID and MAILFLOW_CERTIFICATE_PATH that the fake Connect-ExchangeOnline accepts.
      ...fakeEnv,
      ...options.env,
    };
  }

  /** A tenant as Exchange Online has it before any script ran, with `domains` added and verified (Authoritative). */
  seedTenant(initialDomain: string, domains: readonly string[]): void {
    this.fake.seedTenant(initialDomain, domains);
  }

  /**
   * Runs terraform in `cwd` (non-interactive, no colour) and returns its standard output; throws with all its output
   * when it exits non-zero.
   */
  terraform(cwd: string, ...args: string[]): string {
    // `show` reads no input, so it takes no -input flag.
    const flags = args[0] === "show" ? ["-no-color"] : ["-input=false", "-no-color"];
    const result = spawnSync("terraform", [...args, ...flags], { cwd, env: this.env, encoding: "utf8", timeout: this.timeoutMs, maxBuffer: 256 * 1024 * 1024 });
    if (result.error !== undefined) throw new Error(`terraform ${args[0]} could not run: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`terraform ${args.join(" ")} exited with ${result.status}:\n${result.stdout}${result.stderr}`);
    return result.stdout;
  }

  /** A tenant's state in the fake. */
  tenant(initialDomain: string): FakeTenantState {
    return this.fake.tenant(initialDomain);
  }

  /** An on-premises organization's state in the fake (`default`: provisioners set no FAKE_EXCHANGE_ORGANIZATION). */
  organization(name = "default"): FakeOrganizationState {
    return this.fake.organization(name);
  }

  /** The changing calls (calls.jsonl) since the last {@link clearLogs}, in the order they were made. */
  calls(): FakeCall[] {
    return this.fake.calls();
  }

  /** The sessions opened and closed (sessions.jsonl) since the last {@link clearLogs}. */
  sessions(): FakeSessionEvent[] {
    return this.fake.sessions();
  }

  /** Each object's run since the last {@link clearLogs}, from its calls and sessions (an object that logged nothing has none). */
  runs(): Map<string, ObjectRun> {
    const runs = new Map<string, ObjectRun>();
    for (const event of [...this.calls(), ...this.sessions()]) {
      const seen = runs.get(event.object);
      runs.set(event.object, {
        object: event.object,
        start: seen === undefined || event.time < seen.start ? event.time : seen.start,
        end: seen === undefined || event.time > seen.end ? event.time : seen.end,
      });
    }
    return runs;
  }

  /** Empties calls.jsonl and sessions.jsonl. */
  clearLogs(): void {
    this.fake.clearLogs();
  }

  /** Deletes the work folder, the fake's state with it. */
  dispose(): void {
    fs.rmSync(this.work, { recursive: true, force: true });
  }
}
