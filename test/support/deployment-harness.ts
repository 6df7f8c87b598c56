/**
 * Real `terraform` running the synthesized deployment in real pwsh against the fake Exchange: an estate of N tenants
 * and one on-premises organization that sends for tenant 0, synthesized with either deployment (`per-script` or `per-object`), and a workspace
 * that runs terraform with the fake's environment and counts the Exchange sessions the fake logged. Used by the
 * end-to-end test of the per-script deployment and by `npm run bench:deployment`.
 */
import { App, LocalBackend, TerraformStack } from "cdktf";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  Certificate, DEPLOYMENT_CONTEXT, type Deployment, EXECUTOR_CONTEXT, InboundConnector, OnPremisesOrganization, OutboundConnector, POWERSHELL_CONTEXT,
  RemovedMailObject, SYNTHESIS_DATE_CONTEXT, SendConnector, SpoofPair, Tenant,
} from "../../lib";
import { FAKE_EXCHANGE, FakeExchange, fakeModulePath, pwshPath } from "./pwsh";

/** The command the provisioners run: real pwsh with the fake remote-session cmdlets imported first. */
export const PWSH_WITH_REMOTING = path.join(FAKE_EXCHANGE, "pwsh-with-remoting");
/** The stack's name. */
export const ESTATE_STACK = "estate";
/** The Exchange server the organization's script opens its remote session to. */
export const EXCHANGE_SERVER = "ex01.corp.contoso.com";

/** What an estate declares; everything but `tenants` and `deployment` changes one object of it. */
export interface EstateVariant {
  readonly tenants: number;
  readonly deployment: Deployment;
  /**
   * The comment of each tenant's inbound connector.
   * @default `Hybrid mail of tenant <i>`
   */
  readonly comment?: (tenant: number) => string;
  /**
   * Tenants whose outbound connector is no longer declared.
   * @default none
   */
  readonly withoutOutbound?: readonly number[];
  /**
   * Whether tenant 0 declares its spoof pair (with `per-object`, a pair no longer declared is declared removed).
   * @default true
   */
  readonly spoofPair?: boolean;
}

/** Tenant i's initial domain. */
export function initialDomainOf(i: number): string {
  return `contoso${i}.onmicrosoft.com`;
}

/** Tenant i's domains, as the fake Exchange has them verified before any script runs. */
export function domainsOf(i: number): string[] {
  return [`contoso${i}.com`, `mail.contoso${i}.com`];
}

/** Synthesizes the estate into `outdir` (the same folder every time, as `cdktf synth` does); returns the stack's folder. */
export function synthesizeEstate(outdir: string, statePath: string, variant: EstateVariant): string {
  const app = new App({
    outdir,
    context: {
      [EXECUTOR_CONTEXT]: "terraform_data",
      [POWERSHELL_CONTEXT]: PWSH_WITH_REMOTING,
      [SYNTHESIS_DATE_CONTEXT]: "2026-11-22",
      [DEPLOYMENT_CONTEXT]: variant.deployment,
    },
  });
  const stack = new TerraformStack(app, ESTATE_STACK);
  new LocalBackend(stack, { path: statePath });
  const organization = new OnPremisesOrganization(stack, "OnPremises", { egressIpAddresses: ["203.0.113.25"], transportServers: ["EX01"] });
  for (let i = 0; i < variant.tenants; i++) {
    const [domain, host] = domainsOf(i);
    const tenant = new Tenant(stack, `Contoso${i}`, { initialDomain: initialDomainOf(i), ...(i === 0 ? { rejectDirectSend: true } : {}) });
    tenant.addAcceptedDomain(domain);
    tenant.addAcceptedDomain(host);
    const certificate = new Certificate(stack, `Certificate${i}`, {
      subject: `CN=${host}, O=Contoso ${i}, C=US`,
      issuer: "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US",
      notAfter: "2027-09-30",
    });
    new InboundConnector(tenant, "FromOnPremises", {
      connectorType: "OnPremises",
      tlsSenderCertificateName: host,
      comment: variant.comment?.(i) ?? `Hybrid mail of tenant ${i}`,
    });
    if (!(variant.withoutOutbound ?? []).includes(i)) {
      new OutboundConnector(tenant, "ToOnPremises", { connectorType: "OnPremises", recipientDomains: [domain], smartHosts: [host] });
    } else if (variant.deployment === "per-object") {
      new RemovedMailObject(tenant, "ToOnPremises");
    }
    if (i === 0) {
      if (variant.spoofPair ?? true) new SpoofPair(tenant, "SpoofPair", { spoofedUser: domain, sendingInfrastructure: "example.net", spoofType: "External" });
      else if (variant.deployment === "per-object") new RemovedMailObject(tenant, "SpoofPair");
    }
    // One organization sends for tenant 0 only: a send connector per tenant in one organization needs a routing split
    // (sites, scoped connectors) that the routing rules check and this estate does not need.
    if (i === 0) new SendConnector(organization, "ToContoso0", { tenant, certificate });
  }
  app.synth();
  return path.join(outdir, "stacks", ESTATE_STACK);
}

/** A folder with terraform's environment, the fake Exchange and the estate's state file. */
export class DeploymentWorkspace {
  readonly dir: string;
  readonly fake: FakeExchange;
  readonly outdir: string;
  readonly statePath: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor() {
    const version = spawnSync("terraform", ["version"], { encoding: "utf8" });
    if (version.error !== undefined || version.status !== 0) {
      throw new Error("terraform is not on PATH: this runs the real terraform (>= 1.4, for terraform_data). Install it; it never skips.");
    }
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-deployment-"));
    this.fake = new FakeExchange(path.join(this.dir, "fake-exchange"));
    this.outdir = path.join(this.dir, "cdktf.out");
    this.statePath = path.join(this.dir, "terraform.tfstate");
    const cliConfig = path.join(this.dir, "terraformrc");
    fs.writeFileSync(cliConfig, "");
    // Only what terraform and pwsh need, and no MAILFLOW_* or TF_* variable of this process's own environment.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MAILFLOW_") && !k.startsWith("TF_") && !k.startsWith("FAKE_EXCHANGE")));
    const fakeEnv = Object.fromEntries(Object.entries(this.fake.env({ MAILFLOW_EXCHANGE_SERVER: EXCHANGE_SERVER })).filter((e): e is [string, string] => e[1] !== null));
    this.env = {
      ...inherited,
      ...fakeEnv,
      MAILFLOW_TEST_PWSH: pwshPath(),
      PSModulePath: fakeModulePath(),
      POWERSHELL_TELEMETRY_OPTOUT: "1",
      POWERSHELL_UPDATECHECK: "Off",
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
      TF_DATA_DIR: path.join(this.dir, "terraform-data"),
      TF_CLI_CONFIG_FILE: cliConfig,
    };
  }

  /** Seeds the fake Exchange with the estate's tenants and their verified domains. */
  seed(tenants: number): void {
    for (let i = 0; i < tenants; i++) this.fake.seedTenant(initialDomainOf(i), domainsOf(i));
  }

  /** Synthesizes `variant` into this workspace's output folder; returns the stack's folder. */
  synthesize(variant: EstateVariant): string {
    return synthesizeEstate(this.outdir, this.statePath, variant);
  }

  /** Runs terraform in `cwd`; returns its standard output, or throws with all its output when it exits non-zero. */
  terraform(cwd: string, ...args: string[]): string {
    // `show` reads no input, so it takes no -input flag.
    const flags = args[0] === "show" ? ["-no-color"] : ["-input=false", "-no-color"];
    const result = spawnSync("terraform", [...args, ...flags], { cwd, env: this.env, encoding: "utf8", timeout: 1_800_000, maxBuffer: 256 * 1024 * 1024 });
    if (result.error !== undefined) throw new Error(`terraform ${args[0]} could not run: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`terraform ${args.join(" ")} exited with ${result.status}:\n${result.stdout}${result.stderr}`);
    return result.stdout;
  }

  /** The Exchange sessions opened since the fake's logs were last cleared, by kind. */
  sessionsOpened(): { readonly exo: number; readonly ems: number; readonly total: number } {
    const opened = this.fake.sessions().filter((s) => s.event === "connect");
    const exo = opened.filter((s) => s.kind === "exo").length;
    return { exo, ems: opened.length - exo, total: opened.length };
  }

  /** Deletes the workspace. */
  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
