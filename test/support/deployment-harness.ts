/**
 * Real `terraform` running the synthesized deployment in real pwsh against the fake Exchange: an estate of N tenants
 * and one on-premises organization that sends for tenant 0, synthesized with either deployment (`per-script` or `per-object`), and a workspace
 * that runs terraform with the fake's environment and counts the Exchange sessions the fake logged. Used by the
 * end-to-end test of the per-script deployment and by `npm run bench:deployment`.
 */
import { App, LocalBackend, TerraformStack } from "cdktf";
import * as path from "path";
import {
  Certificate, DEPLOYMENT_CONTEXT, type Deployment, EXECUTOR_CONTEXT, InboundConnector, OnPremisesOrganization, OutboundConnector, POWERSHELL_CONTEXT,
  RemovedMailObject, SYNTHESIS_DATE_CONTEXT, SendConnector, SpoofPair, Tenant,
} from "../../lib";
import { FAKE_EXCHANGE, pwshPath } from "./pwsh";
import { TerraformHarness } from "./terraform-harness";

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

/**
 * A {@link TerraformHarness} for the estate: its provisioners run {@link PWSH_WITH_REMOTING}, the organization's script
 * opens its remote session to {@link EXCHANGE_SERVER}, and terraform may run for half an hour (100 tenants per object).
 */
export class DeploymentWorkspace extends TerraformHarness {
  readonly outdir: string;
  readonly statePath: string;

  constructor() {
    super({ env: { MAILFLOW_EXCHANGE_SERVER: EXCHANGE_SERVER, MAILFLOW_TEST_PWSH: pwshPath() }, timeoutMs: 1_800_000 });
    this.outdir = path.join(this.work, "cdktf.out");
    this.statePath = path.join(this.work, "terraform.tfstate");
  }

  /** Seeds the fake Exchange with the estate's tenants and their verified domains. */
  seed(tenants: number): void {
    for (let i = 0; i < tenants; i++) this.seedTenant(initialDomainOf(i), domainsOf(i));
  }

  /** Synthesizes `variant` into this workspace's output folder; returns the stack's folder. */
  synthesize(variant: EstateVariant): string {
    return synthesizeEstate(this.outdir, this.statePath, variant);
  }

  /** The Exchange sessions opened since the fake's logs were last cleared, by kind. */
  sessionsOpened(): { readonly exo: number; readonly ems: number; readonly total: number } {
    const opened = this.sessions().filter((s) => s.event === "connect");
    const exo = opened.filter((s) => s.kind === "exo").length;
    return { exo, ems: opened.length - exo, total: opened.length };
  }
}
