/**
 * Real PowerShell for the tests: where pwsh is (the test setup installs it, scripts/ensure-pwsh.js), a long-lived pwsh
 * that runs generated scripts one after another (test/support/fake-exchange/Invoke-ScriptServer.ps1: pwsh takes about
 * a second to start, a script run in it tens of milliseconds), and the fake Exchange the scripts act on: its state folder,
 * seeded and read back as JSON, and its logs of changing calls and sessions.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// A plain script shared with `npm test`'s setup step, so both look for pwsh the same way.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ensure = require("../../scripts/ensure-pwsh.js") as { findPwsh(env?: NodeJS.ProcessEnv): string | undefined; INSTALL_HINT: string };

/** The folder of the fake Exchange modules. */
export const FAKE_EXCHANGE = path.join(__dirname, "fake-exchange");
/** Module folders: the fake ExchangeOnlineManagement (loaded by the scripts' #Requires) and the fake Exchange Server cmdlets. */
export const FAKE_ONLINE_MODULES = path.join(FAKE_EXCHANGE, "online");
export const FAKE_SERVER_MODULES = path.join(FAKE_EXCHANGE, "server");
const SCRIPT_SERVER = path.join(FAKE_EXCHANGE, "Invoke-ScriptServer.ps1");

/**
 * The path of pwsh, its folder put on PATH for this process and its children. Throws with what to install when there is
 * none: these tests never skip.
 */
export function pwshPath(): string {
  const found = ensure.findPwsh(process.env);
  if (found === undefined) throw new Error(`pwsh was not found. ${ensure.INSTALL_HINT}`);
  const dir = path.dirname(found);
  const PATH = process.env.PATH ?? "";
  if (!PATH.split(path.delimiter).includes(dir)) process.env.PATH = `${dir}${path.delimiter}${PATH}`;
  return found;
}

/** PSModulePath with the fake modules first (`server` too: the Exchange Management Shell has its cmdlets loaded). */
export function fakeModulePath(options: { readonly server?: boolean } = {}): string {
  const own = [FAKE_ONLINE_MODULES, ...(options.server ? [FAKE_SERVER_MODULES] : [])];
  return [...own, process.env.PSModulePath ?? ""].filter((p) => p !== "").join(path.delimiter);
}

/** What one script run gave. */
export interface RunResult {
  /** Whether the script ended without a terminating error (what `pwsh -File` reports as exit code 0). */
  readonly ok: boolean;
  /** The terminating error's message. */
  readonly error: string | null;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  /** Write-Host lines. */
  readonly information: readonly string[];
  readonly output: readonly string[];
}

/** One script run: the script, its parameters (true for a switch), environment variables (null removes one), a prelude. */
export interface RunRequest {
  readonly script: string;
  readonly parameters?: Readonly<Record<string, string | boolean | readonly string[]>>;
  readonly env?: Readonly<Record<string, string | null>>;
  /** PowerShell run first in the same runspace, e.g. `Import-Module ...` or `Connect-ExchangeOnline ...`. */
  readonly prelude?: string;
}

/** A pwsh process that runs scripts one at a time, each in a new runspace. Start it in beforeAll, close it in afterAll. */
export class ScriptServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = "";
  private stderr = "";
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: RunResult) => void; reject: (e: Error) => void }>();
  private exited: Error | undefined;

  constructor(options: { readonly server?: boolean } = {}) {
    this.child = spawn(pwshPath(), ["-NoProfile", "-NonInteractive", "-File", SCRIPT_SERVER], {
      env: { ...process.env, PSModulePath: fakeModulePath(options), POWERSHELL_TELEMETRY_OPTOUT: "1", POWERSHELL_UPDATECHECK: "Off" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout.setEncoding("utf8");
    this.child.stderr.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => this.receive(chunk));
    this.child.stderr.on("data", (chunk: string) => (this.stderr += chunk));
    this.child.on("exit", (code) => {
      this.exited = new Error(`the pwsh script server exited with ${code}: ${this.stderr}`);
      for (const { reject } of this.waiting.values()) reject(this.exited);
      this.waiting.clear();
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let at: number;
    while ((at = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, at).replace(/\r$/, "");
      this.buffer = this.buffer.slice(at + 1);
      if (!line.startsWith("@@result ")) continue;
      const answer = JSON.parse(line.slice("@@result ".length)) as RunResult & { id: number };
      const waiter = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      waiter?.resolve(answer);
    }
  }

  /** Runs one script and resolves with what it gave (a failing script resolves too, with `ok` false). */
  run(request: RunRequest): Promise<RunResult> {
    if (this.exited !== undefined) return Promise.reject(this.exited);
    const id = ++this.next;
    const line = JSON.stringify({ id, script: request.script, parameters: request.parameters ?? {}, env: request.env ?? {}, prelude: request.prelude ?? "" });
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.stdin.write(`${line}\n`);
    });
  }

  /** Ends the pwsh process. */
  async close(): Promise<void> {
    if (this.exited !== undefined) return;
    const done = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin.end();
    await done;
  }
}

/** One changing call the fake recorded. */
export interface FakeCall {
  readonly cmdlet: string;
  readonly scope: string;
  readonly whatIf: boolean;
  readonly parameters: Record<string, unknown>;
  /** The pwsh process that made the call. */
  readonly process: number;
  /** When, UTC in round-trip format (`2026-12-02T10:20:00.1234567Z`: sorts as text). */
  readonly time: string;
  /** MAILFLOW_OBJECT of the run (`""` when unset). */
  readonly object: string;
}

/** One session event the fake recorded. */
export interface FakeSessionEvent {
  readonly event: "connect" | "disconnect";
  readonly kind: "exo" | "ems";
  readonly organization?: string;
  readonly server?: string;
  /** The pwsh process of the session. */
  readonly process: number;
  /** When, UTC in round-trip format (sorts as text). */
  readonly time: string;
  /** MAILFLOW_OBJECT of the run (`""` when unset). */
  readonly object: string;
}

/** An accepted domain as the fake stores it. */
export interface FakeDomain {
  readonly DomainName: string;
  readonly DomainType: string;
  readonly MatchSubDomains: boolean;
  readonly OutboundOnly: boolean;
  readonly [key: string]: unknown;
}

/** A tenant's state as the fake stores it. */
export interface FakeTenantState {
  readonly initialDomain: string;
  readonly acceptedDomains: FakeDomain[];
  readonly inboundConnectors: Record<string, unknown>[];
  readonly outboundConnectors: Record<string, unknown>[];
  readonly spoofItems: Record<string, unknown>[];
  readonly organizationConfig: { readonly RejectDirectSend: boolean; readonly [key: string]: unknown };
}

/** An on-premises organization's state as the fake stores it. */
export interface FakeOrganizationState {
  readonly sendConnectors: Record<string, unknown>[];
}

const hex = (name: string) => Buffer.from(name.toLowerCase(), "utf8").toString("hex");

/** The fake Exchange's state folder: seeds tenants, reads their state and the call and session logs. */
export class FakeExchange {
  /** The state folder (FAKE_EXCHANGE_STATE). */
  readonly dir: string;
  /** An empty file standing for the application's certificate (Connect-ExchangeOnline checks that the file exists). */
  readonly certificateFile: string;

  constructor(dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-fake-exchange-"))) {
    this.dir = dir;
    fs.mkdirSync(dir, { recursive: true });
    this.certificateFile = path.join(dir, "app.pfx");
    fs.writeFileSync(this.certificateFile, "");
  }

  /** The environment a script run needs: the state folder and the app-only connection's settings. */
  env(extra: Readonly<Record<string, string | null>> = {}): Record<string, string | null> {
    return {
      FAKE_EXCHANGE_STATE: this.dir,
      MAILFLOW_APP_ID: "00000000-0000-0000-0000-0000000000a1",
      MAILFLOW_CERTIFICATE_PATH: this.certificateFile,
      MAILFLOW_CERTIFICATE_PASSWORD: null,
      MAILFLOW_CERTIFICATE_THUMBPRINT: null,
      MAILFLOW_OBJECT: null,
      MAILFLOW_ACTION: null,
      MAILFLOW_DIGEST: null,
      MAILFLOW_SPOOFED_USER: null,
      MAILFLOW_SENDING_INFRASTRUCTURE: null,
      MAILFLOW_SPOOF_TYPE: null,
      MAILFLOW_EXCHANGE_SERVER: null,
      FAKE_EXCHANGE_ORGANIZATION: null,
      ...extra,
    };
  }

  private tenantFile(initialDomain: string): string {
    return path.join(this.dir, `exo-${hex(initialDomain)}.json`);
  }

  private organizationFile(name: string): string {
    return path.join(this.dir, `ems-${hex(name)}.json`);
  }

  /**
   * A tenant as Exchange Online has it before any script ran: its initial domain, its coexistence domain, and the
   * domains added and verified in the admin center (Exchange Online cannot create them), Authoritative.
   */
  seedTenant(initialDomain: string, domains: readonly string[] = []): void {
    const label = initialDomain.split(".")[0];
    const domain = (name: string, initial: boolean) => ({
      Identity: name, Name: name, DomainName: name, DomainType: "Authoritative", Default: initial, InitialDomain: initial,
      MatchSubDomains: false, OutboundOnly: false, AddressBookEnabled: true, PendingRemoval: false, PendingCompletion: false,
      SendingFromDomainDisabled: false, SendingToDomainDisabled: false,
    });
    const names = [initialDomain, `${label}.mail.onmicrosoft.com`, ...domains.filter((d) => d.toLowerCase() !== initialDomain.toLowerCase())];
    const state = {
      initialDomain,
      acceptedDomains: names.map((name, i) => domain(name, i === 0)),
      inboundConnectors: [], outboundConnectors: [], spoofItems: [],
      organizationConfig: { Name: label, Identity: label, RejectDirectSend: false },
    };
    fs.writeFileSync(this.tenantFile(initialDomain), JSON.stringify(state, null, 2));
  }

  /** Changes a tenant's stored state (for objects that exist before a script runs, such as a foreign connector). */
  editTenant(initialDomain: string, change: (state: FakeTenantState) => void): void {
    const state = this.tenant(initialDomain);
    change(state);
    fs.writeFileSync(this.tenantFile(initialDomain), JSON.stringify(state, null, 2));
  }

  /** A tenant's state. */
  tenant(initialDomain: string): FakeTenantState {
    return JSON.parse(fs.readFileSync(this.tenantFile(initialDomain), "utf8")) as FakeTenantState;
  }

  /** An on-premises organization's state (empty when no script has touched it). */
  organization(name = "default"): FakeOrganizationState {
    const file = this.organizationFile(name);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as FakeOrganizationState) : { sendConnectors: [] };
  }

  /** Changes an organization's stored state. */
  editOrganization(name: string, change: (state: FakeOrganizationState) => void): void {
    const state = this.organization(name);
    change(state);
    fs.writeFileSync(this.organizationFile(name), JSON.stringify(state, null, 2));
  }

  private log<T>(name: string): T[] {
    const file = path.join(this.dir, name);
    if (!fs.existsSync(file)) return [];
    return fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as T);
  }

  /** The changing calls since the last `clearLogs` (under -WhatIf too, marked). */
  calls(): FakeCall[] {
    return this.log<FakeCall>("calls.jsonl");
  }

  /** The sessions opened and closed since the last `clearLogs`. */
  sessions(): FakeSessionEvent[] {
    return this.log<FakeSessionEvent>("sessions.jsonl");
  }

  /** Empties the call and session logs. */
  clearLogs(): void {
    for (const name of ["calls.jsonl", "sessions.jsonl"]) fs.rmSync(path.join(this.dir, name), { force: true });
  }

  /** Deletes the state folder. */
  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The pwsh executable, or undefined when PowerShell is not installed (found as `npm test`'s setup finds it). */
export function findPwsh(): string | undefined {
  return ensure.findPwsh(process.env);
}

/** Runs a PowerShell command with pwsh in a process of its own; returns stdout, or throws with stderr. */
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
