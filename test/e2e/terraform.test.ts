/**
 * End to end: the real `terraform init`, `plan`, `apply` and `destroy` on a synthesized stack, with the
 * `terraform_data` executor (built into Terraform, so nothing is downloaded) and a stand-in `pwsh`
 * (test/support/fake-pwsh.js) that checks each script parses and records every call.
 */
import { App, LocalBackend, TerraformStack } from "cdktf";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  Certificate, EXECUTOR_CONTEXT, InboundConnector, OnPremisesOrganization, OutboundConnector, POWERSHELL_CONTEXT, SYNTHESIS_DATE_CONTEXT,
  RemovedMailObject, SendConnector, SpoofPair, Tenant,
} from "../../lib";

const FAKE_PWSH = path.join(__dirname, "..", "support", "fake-pwsh.js");
const STACK = "e2e";

/** One call of the stand-in pwsh, as it logs it. */
interface Call {
  readonly args: string[];
  readonly script: string;
  readonly environment: Record<string, string>;
  /** Whether the script declares MAILFLOW_OBJECT. */
  readonly declared: boolean;
  /** The digest the script declares for MAILFLOW_OBJECT (null when it declares none). */
  readonly scriptDigest: string | null;
  readonly start: number;
  readonly end: number;
}

/** What changes between the syntheses of the test. */
interface Variant {
  /** The inbound connector's comment: the one setting the test changes. */
  readonly comment: string;
  /** Whether the spoof pair is still declared (else it is declared removed). */
  readonly spoofPair: boolean;
  /** Whether the outbound connector is still declared (else its declaration is just deleted). @default true */
  readonly outbound?: boolean;
}

// Terraform must keep these literal: ${...} and %{...} are templates to it, the quotes and $(...) to PowerShell.
const HOSTILE = "${path.module} %{ if true }x%{ endif } it's \u2019quoted\u2019 $(calc) `n #> <#";
const SPOOF_ID = "Spoof${self.id}";

const paths = {
  contoso: `${STACK}/Contoso/contoso.com`,
  sales: `${STACK}/Contoso/sales.contoso.com`,
  inbound: `${STACK}/Contoso/FromOnPremises`,
  outbound: `${STACK}/Contoso/ToOnPremises`,
  spoof: `${STACK}/Contoso/${SPOOF_ID}`,
  config: `${STACK}/Contoso/OrganizationConfig`,
  send: `${STACK}/ContosoExchange/ToExchangeOnline`,
};

/** Pairs [dependent, dependency]: the dependency must exist first and go last. */
const DEPENDENCIES: ReadonlyArray<readonly [string, string]> = [
  [paths.inbound, paths.contoso],
  [paths.inbound, paths.sales],
  [paths.outbound, paths.contoso],
  [paths.outbound, paths.sales],
  [paths.send, paths.inbound],
  [paths.config, paths.inbound],
];

/** Synthesizes the stack into `outdir` (the same folder every time, as `cdktf synth` does). */
function synthesize(outdir: string, statePath: string, variant: Variant): string {
  const app = new App({
    outdir,
    context: { [EXECUTOR_CONTEXT]: "terraform_data", [POWERSHELL_CONTEXT]: FAKE_PWSH, [SYNTHESIS_DATE_CONTEXT]: "2026-11-22" },
  });
  const stack = new TerraformStack(app, STACK);
  // Keeps the state in the temporary folder instead of cdktf's default, the project directory.
  new LocalBackend(stack, { path: statePath });
  const contoso = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com", rejectDirectSend: true });
  contoso.addAcceptedDomain("contoso.com");
  contoso.addAcceptedDomain("sales.contoso.com");
  const certificate = new Certificate(stack, "MailCertificate", {
    subject: "CN=mail.contoso.com, O=Contoso Ltd, C=US",
    issuer: "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US",
    notAfter: "2027-09-30",
  });
  new InboundConnector(contoso, "FromOnPremises", { connectorType: "OnPremises", tlsSenderCertificateName: "mail.contoso.com", comment: variant.comment });
  if (variant.outbound ?? true) new OutboundConnector(contoso, "ToOnPremises", { connectorType: "OnPremises", recipientDomains: ["contoso.com"], smartHosts: ["mail.contoso.com"] });
  // Deleting a declaration alone runs no script (Terraform drops a deleted block's provisioners): RemovedMailObject does.
  if (variant.spoofPair) new SpoofPair(contoso, SPOOF_ID, { spoofedUser: "contoso.com", sendingInfrastructure: "example.net", spoofType: "External" });
  else new RemovedMailObject(contoso, SPOOF_ID);
  const organization = new OnPremisesOrganization(stack, "ContosoExchange", { egressIpAddresses: ["203.0.113.25"], transportServers: ["EX01"] });
  new SendConnector(organization, "ToExchangeOnline", { tenant: contoso, certificate });
  app.synth();
  return path.join(outdir, "stacks", STACK);
}

/** Runs terraform in `cwd` and returns its standard output; fails the test with all its output when it exits non-zero. */
function terraform(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): string {
  // `show` reads no input, so it takes no -input flag.
  const flags = args[0] === "show" ? ["-no-color"] : ["-input=false", "-no-color"];
  const result = spawnSync("terraform", [...args, ...flags], { cwd, env, encoding: "utf8", timeout: 120_000 });
  if (result.error !== undefined) throw new Error(`terraform ${args[0]} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`terraform ${args.join(" ")} exited with ${result.status}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function readCalls(log: string): Call[] {
  if (!fs.existsSync(log)) return [];
  return fs.readFileSync(log, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Call);
}

function only(calls: readonly Call[], object: string, action: string): Call {
  const matching = calls.filter((c) => c.environment.MAILFLOW_OBJECT === object && c.environment.MAILFLOW_ACTION === action);
  expect({ object, action, count: matching.length }).toEqual({ object, action, count: 1 });
  return matching[0];
}

/** Every call's [object, action], sorted, for comparing sets of calls. */
function summary(calls: readonly Call[]): string[] {
  return calls.map((c) => `${c.environment.MAILFLOW_ACTION} ${c.environment.MAILFLOW_OBJECT}`).sort();
}

describe("terraform end to end (terraform_data executor, stand-in pwsh)", () => {
  let work: string;
  let env: NodeJS.ProcessEnv;
  let log: string;

  beforeAll(() => {
    const version = spawnSync("terraform", ["version"], { encoding: "utf8" });
    if (version.error !== undefined || version.status !== 0) {
      throw new Error("terraform is not on PATH: this test runs the real terraform (>= 1.4, for terraform_data). Install it; the test never skips.");
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-e2e-"));
    log = path.join(work, "pwsh-calls.jsonl");
    const cliConfig = path.join(work, "terraformrc");
    fs.writeFileSync(cliConfig, "");
    // Only what terraform needs, and no MAILFLOW_* variable of the test's own environment.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MAILFLOW_") && !k.startsWith("TF_")));
    env = {
      ...inherited,
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
      TF_DATA_DIR: path.join(work, "terraform-data"),
      TF_CLI_CONFIG_FILE: cliConfig,
      MAILFLOW_FAKE_PWSH_LOG: log,
    };
  });

  afterAll(() => {
    if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
  });

  test("apply runs the scripts in dependency order; a changed setting re-runs one object; destroy removes in reverse", () => {
    const outdir = path.join(work, "cdktf.out");
    const state = path.join(work, "terraform.tfstate");
    const first: Variant = { comment: `Hybrid mail ${HOSTILE}`, spoofPair: true };
    const stackDir = synthesize(outdir, state, first);

    terraform(stackDir, env, "init");
    expect(terraform(stackDir, env, "plan")).toContain("Plan: 7 to add, 0 to change, 0 to destroy.");

    // 1. Apply: one call per object, each applying the settings its script declares, in dependency order.
    terraform(stackDir, env, "apply", "-auto-approve");
    const applied = readCalls(log);
    expect(summary(applied)).toEqual(Object.values(paths).map((p) => `apply ${p}`).sort());
    for (const call of applied) {
      expect(call.args).toEqual(["-NoProfile", "-NonInteractive", "-File", call.script]);
      expect(call.declared).toBe(true);
      expect(call.environment.MAILFLOW_DIGEST).toMatch(/^[0-9a-f]{16}$/);
      expect(call.environment.MAILFLOW_DIGEST).toBe(call.scriptDigest);
    }
    for (const [dependent, dependency] of DEPENDENCIES) {
      expect({ dependent, after: only(applied, dependency, "apply").end <= only(applied, dependent, "apply").start }).toEqual({ dependent, after: true });
    }
    expect(only(applied, paths.send, "apply").script).toBe("mailflow/scripts/ems-contosoexchange.ps1");
    expect(only(applied, paths.inbound, "apply").script).toBe("mailflow/scripts/exo-contoso.ps1");

    // Terraform stored the hostile comment and construct path as text: neither ${...} nor %{...} was evaluated.
    const shown = JSON.parse(terraform(stackDir, env, "show", "-json")) as {
      values: { root_module: { resources: { values: { triggers_replace: Record<string, string> } }[] } };
    };
    const triggers = shown.values.root_module.resources.map((r) => r.values.triggers_replace);
    expect(triggers.find((t) => t.object === paths.inbound)?.comment).toBe(first.comment);
    expect(triggers.find((t) => t.object === paths.spoof)).toBeDefined();

    // 2. One changed setting: only that object's resource is replaced. Its removal carries the old digest,
    //    which differs from the one its script now declares, so the script keeps the connector.
    const oldDigest = only(applied, paths.inbound, "apply").environment.MAILFLOW_DIGEST;
    fs.rmSync(log);
    synthesize(outdir, state, { ...first, comment: `Hybrid mail, second revision ${HOSTILE}` });
    expect(terraform(stackDir, env, "plan")).toContain("Plan: 1 to add, 0 to change, 1 to destroy.");
    terraform(stackDir, env, "apply", "-auto-approve");
    const changed = readCalls(log);
    expect(summary(changed)).toEqual([`apply ${paths.inbound}`, `remove ${paths.inbound}`]);
    const removal = only(changed, paths.inbound, "remove");
    const reapply = only(changed, paths.inbound, "apply");
    expect(removal.environment.MAILFLOW_DIGEST).toBe(oldDigest);
    expect(removal.declared).toBe(true);
    expect(removal.scriptDigest).not.toBe(oldDigest);
    expect(reapply.environment.MAILFLOW_DIGEST).toBe(removal.scriptDigest);
    expect(removal.end).toBeLessThanOrEqual(reapply.start);

    // 3. A spoof pair deleted from the code (declared as removed): its removal passes the entry's identity, which the
    //    script, no longer declaring the pair, needs to find the entry.
    fs.rmSync(log);
    synthesize(outdir, state, { ...first, comment: `Hybrid mail, second revision ${HOSTILE}`, spoofPair: false });
    terraform(stackDir, env, "apply", "-auto-approve");
    const deleted = readCalls(log);
    expect(summary(deleted)).toEqual([`remove ${paths.spoof}`]);
    expect(deleted[0].declared).toBe(false);
    expect(deleted[0].environment).toMatchObject({
      MAILFLOW_SPOOFED_USER: "contoso.com",
      MAILFLOW_SENDING_INFRASTRUCTURE: "example.net",
      MAILFLOW_SPOOF_TYPE: "External",
    });

    // 4. The pitfall RemovedMailObject exists for: a declaration just deleted makes Terraform forget the resource
    //    without running any script (it drops a deleted block's provisioners), so the connector would stay in Exchange.
    fs.rmSync(log);
    synthesize(outdir, state, { ...first, comment: `Hybrid mail, second revision ${HOSTILE}`, spoofPair: false, outbound: false });
    expect(terraform(stackDir, env, "apply", "-auto-approve")).toContain("0 added, 0 changed, 1 destroyed.");
    expect(readCalls(log)).toEqual([]);

    // 5. Destroy: every remaining object's removal, with the digest its script declares (so it is removed), in reverse order.
    terraform(stackDir, env, "destroy", "-auto-approve");
    const destroyed = readCalls(log);
    expect(summary(destroyed)).toEqual(Object.values(paths).filter((p) => p !== paths.spoof && p !== paths.outbound).map((p) => `remove ${p}`).sort());
    for (const call of destroyed) {
      expect(call.declared).toBe(true);
      expect(call.environment.MAILFLOW_DIGEST).toBe(call.scriptDigest);
    }
    for (const [dependent, dependency] of DEPENDENCIES.filter(([dependent]) => dependent !== paths.outbound)) {
      expect({ dependent, before: only(destroyed, dependent, "remove").end <= only(destroyed, dependency, "remove").start }).toEqual({ dependent, before: true });
    }
  });
});
