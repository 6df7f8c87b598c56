/**
 * End to end: the real `terraform init`, `plan`, `apply` and `destroy` on a synthesized stack, with the
 * `terraform_data` executor (built into Terraform, so nothing is downloaded) whose provisioners run the generated
 * scripts in the real pwsh against the fake Exchange (test/support/terraform-harness.ts): what Terraform runs is
 * judged by what the scripts did to the fake's state and by the changing calls they made.
 */
import { App, LocalBackend, TerraformStack } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import {
  Certificate, collectTopology, InboundConnector, OnPremisesOrganization, OutboundConnector, RemovedMailObject, SendConnector, SpoofPair,
  SYNTHESIS_DATE_CONTEXT, Tenant,
} from "../../lib";
import { commentWithMarker } from "../../lib/artifacts/powershell/managed-marker";
import type { Topology as TopologyModel } from "../../lib/model/topology";
import { actualSendConnectors, actualTenantState, declaredSendConnectors, declaredTenantState } from "../artifacts/powershell/pwsh-harness";
import type { FakeCall } from "../support/pwsh";
import { TerraformHarness, terraformContext } from "../support/terraform-harness";

const STACK = "e2e";
const INITIAL = "contoso.onmicrosoft.com";

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

/** A connector made by hand in the tenant, without the library's marker: no run may touch it. */
const FOREIGN_INBOUND = {
  Identity: "Legacy relay", Name: "Legacy relay", Guid: "00000000-0000-0000-0000-00000000f0f0", Enabled: true, ConnectorType: "Partner",
  ConnectorSource: "AdminUI", Comment: "made by hand", SenderIPAddresses: ["192.0.2.1"], SenderDomains: ["*"], AssociatedAcceptedDomains: [],
  RequireTls: true, RestrictDomainsToIPAddresses: false, RestrictDomainsToCertificate: false, CloudServicesMailEnabled: false,
  TreatMessagesAsInternal: false, TlsSenderCertificateName: null,
};

let harness: TerraformHarness;

/** Synthesizes the stack into `outdir` (the same folder every time, as `cdktf synth` does); returns its folder and model. */
function synthesize(outdir: string, statePath: string, variant: Variant): { stackDir: string; topology: TopologyModel } {
  const app = new App({ outdir, context: { ...terraformContext(harness.pwsh), [SYNTHESIS_DATE_CONTEXT]: "2026-11-22" } });
  const stack = new TerraformStack(app, STACK);
  // Keeps the state in the temporary folder instead of cdktf's default, the project directory.
  new LocalBackend(stack, { path: statePath });
  const contoso = new Tenant(stack, "Contoso", { initialDomain: INITIAL, rejectDirectSend: true });
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
  const topology = collectTopology(stack);
  app.synth();
  return { stackDir: path.join(outdir, "stacks", STACK), topology };
}

/** The changing calls, as `cmdlet object`, sorted. */
function callSummary(calls: readonly FakeCall[]): string[] {
  return calls.map((c) => `${c.cmdlet} ${c.object}`).sort();
}

/** The objects whose script ran since the logs were cleared (every run connects or changes something), sorted. */
function ranObjects(): string[] {
  return [...harness.runs().keys()].sort();
}

/** The tenant's state in the fake without the foreign connector, in the terms of the declarations; and the foreign connector. */
function tenantState(topology: TopologyModel) {
  const state = harness.tenant(INITIAL);
  const foreign = state.inboundConnectors.filter((c) => c.Name === FOREIGN_INBOUND.Name);
  const ours = { ...state, inboundConnectors: state.inboundConnectors.filter((c) => c.Name !== FOREIGN_INBOUND.Name) };
  return { actual: actualTenantState(ours, topology.tenants[0]), declared: declaredTenantState(topology.tenants[0]), foreign };
}

describe("terraform end to end (terraform_data executor, real pwsh, fake Exchange)", () => {
  beforeAll(() => {
    harness = new TerraformHarness();
    harness.seedTenant(INITIAL, ["contoso.com", "sales.contoso.com"]);
    harness.fake.editTenant(INITIAL, (s) => s.inboundConnectors.push({ ...FOREIGN_INBOUND }));
  });

  afterAll(() => {
    harness?.dispose();
  });

  test("apply creates the declared state in dependency order; a changed setting re-runs one object; removal and destroy remove only ours", () => {
    const outdir = path.join(harness.work, "cdktf.out");
    const statePath = path.join(harness.work, "terraform.tfstate");
    const first: Variant = { comment: `Hybrid mail ${HOSTILE}`, spoofPair: true };
    const { stackDir, topology } = synthesize(outdir, statePath, first);
    // The context pins the deployment mode ("per-object"): a key this library version does not read yet must not fail synthesis.
    expect(harness.terraform(stackDir, "init")).toContain("Terraform has been successfully initialized");
    expect(harness.terraform(stackDir, "plan")).toContain("Plan: 7 to add, 0 to change, 0 to destroy.");

    // 1. Apply: every object's script runs, creating exactly the declared state, each after what it depends on.
    harness.terraform(stackDir, "apply", "-auto-approve");
    expect(ranObjects()).toEqual(Object.values(paths).sort());
    const runs = harness.runs();
    for (const [dependent, dependency] of DEPENDENCIES) {
      expect({ dependent, dependency, after: runs.get(dependency)!.end < runs.get(dependent)!.start }).toEqual({ dependent, dependency, after: true });
    }
    expect(callSummary(harness.calls())).toEqual([
      `New-InboundConnector ${paths.inbound}`,
      `New-OutboundConnector ${paths.outbound}`,
      `New-SendConnector ${paths.send}`,
      `New-TenantAllowBlockListSpoofItems ${paths.spoof}`,
      `Set-OrganizationConfig ${paths.config}`,
    ]);
    expect(harness.calls().every((c) => !c.whatIf)).toBe(true);
    const applied = tenantState(topology);
    expect(applied.actual).toEqual(applied.declared);
    expect(applied.actual.rejectDirectSend).toBe(true);
    expect(applied.foreign).toEqual([FOREIGN_INBOUND]);
    expect(actualSendConnectors(harness.organization())).toEqual(declaredSendConnectors(topology.organizations[0]));
    // Every connector carries the marker of its construct path; the hostile comment reached Exchange byte for byte.
    const inbound = harness.tenant(INITIAL).inboundConnectors.find((c) => c.Name !== FOREIGN_INBOUND.Name)!;
    expect(inbound.Comment).toBe(commentWithMarker(first.comment, paths.inbound));
    expect(Buffer.from(String(inbound.Comment), "utf8").includes(Buffer.from(first.comment, "utf8"))).toBe(true);
    expect(String(harness.tenant(INITIAL).outboundConnectors[0].Comment)).toContain(paths.outbound);
    expect(String(harness.organization().sendConnectors[0].Comment)).toContain(paths.send);

    // Terraform stored the hostile comment and construct path as text: neither ${...} nor %{...} was evaluated.
    const shown = JSON.parse(harness.terraform(stackDir, "show", "-json")) as {
      values: { root_module: { resources: { values: { triggers_replace: Record<string, string> } }[] } };
    };
    const triggers = shown.values.root_module.resources.map((r) => r.values.triggers_replace);
    expect(triggers.find((t) => t.object === paths.inbound)?.comment).toBe(first.comment);
    expect(triggers.find((t) => t.object === paths.spoof)).toBeDefined();

    // 2. Nothing changed: Terraform runs no script at all.
    harness.clearLogs();
    synthesize(outdir, statePath, first);
    expect(harness.terraform(stackDir, "plan")).toContain("No changes.");
    expect(harness.terraform(stackDir, "apply", "-auto-approve")).toContain("0 added, 0 changed, 0 destroyed.");
    expect([harness.calls(), harness.sessions()]).toEqual([[], []]);

    // 3. One changed setting: only that object's resource is replaced. Its removal carries the old digest, which differs
    //    from the one its script now declares, so the script keeps the connector; the apply sets the one setting in place.
    const second: Variant = { ...first, comment: `Hybrid mail, second revision ${HOSTILE}` };
    const guid = inbound.Guid;
    synthesize(outdir, statePath, second);
    expect(harness.terraform(stackDir, "plan")).toContain("Plan: 1 to add, 0 to change, 1 to destroy.");
    harness.terraform(stackDir, "apply", "-auto-approve");
    expect(ranObjects()).toEqual([paths.inbound]);
    expect(harness.sessions().map((s) => s.event)).toEqual(["connect", "disconnect", "connect", "disconnect"]);
    expect(harness.calls().map((c) => ({ cmdlet: c.cmdlet, parameters: c.parameters }))).toEqual([
      { cmdlet: "Set-InboundConnector", parameters: { Identity: inbound.Identity, Comment: commentWithMarker(second.comment, paths.inbound) } },
    ]);
    const changed = harness.tenant(INITIAL).inboundConnectors.filter((c) => c.Name !== FOREIGN_INBOUND.Name);
    expect(changed.map((c) => [c.Guid, c.Comment])).toEqual([[guid, commentWithMarker(second.comment, paths.inbound)]]);

    // 4. A spoof pair deleted from the code and declared removed: its removal passes the entry's identity, which the
    //    script, no longer declaring the pair, needs to find the entry. Only that entry goes.
    harness.clearLogs();
    const beforeRemoval = harness.tenant(INITIAL);
    const organizationBefore = harness.organization();
    synthesize(outdir, statePath, { ...second, spoofPair: false });
    harness.terraform(stackDir, "apply", "-auto-approve");
    expect(ranObjects()).toEqual([paths.spoof]);
    expect(callSummary(harness.calls())).toEqual([`Remove-TenantAllowBlockListSpoofItems ${paths.spoof}`]);
    expect(harness.tenant(INITIAL)).toEqual({ ...beforeRemoval, spoofItems: [] });
    expect(harness.organization()).toEqual(organizationBefore);

    // 5. The pitfall RemovedMailObject exists for: a declaration just deleted makes Terraform forget the resource
    //    without running any script (it drops a deleted block's provisioners), so the connector stays in Exchange.
    harness.clearLogs();
    synthesize(outdir, statePath, { ...second, spoofPair: false, outbound: false });
    expect(harness.terraform(stackDir, "apply", "-auto-approve")).toContain("0 added, 0 changed, 1 destroyed.");
    expect([harness.calls(), harness.sessions()]).toEqual([[], []]);
    expect(harness.tenant(INITIAL).outboundConnectors.map((c) => c.Name)).toEqual(["ToOnPremises"]);

    // Declared again, the connector left behind is found by its marker and adopted unchanged: nothing is created twice.
    const { topology: redeclared } = synthesize(outdir, statePath, { ...second, spoofPair: false });
    expect(harness.terraform(stackDir, "apply", "-auto-approve")).toContain("1 added, 0 changed, 0 destroyed.");
    expect(ranObjects()).toEqual([paths.outbound]);
    expect(harness.calls()).toEqual([]);
    const adopted = tenantState(redeclared);
    expect(adopted.actual).toEqual(adopted.declared);

    // 6. Destroy: every remaining object's script removes what carries its marker, dependents first; the foreign
    //    connector and the accepted domains (removed only in the admin center) stay.
    harness.clearLogs();
    harness.terraform(stackDir, "destroy", "-auto-approve");
    expect(ranObjects()).toEqual(Object.values(paths).filter((p) => p !== paths.spoof).sort());
    const removals = harness.runs();
    for (const [dependent, dependency] of DEPENDENCIES) {
      expect({ dependent, dependency, before: removals.get(dependent)!.end < removals.get(dependency)!.start }).toEqual({ dependent, dependency, before: true });
    }
    expect(callSummary(harness.calls().filter((c) => c.cmdlet.startsWith("Remove-")))).toEqual([
      `Remove-InboundConnector ${paths.inbound}`,
      `Remove-OutboundConnector ${paths.outbound}`,
      `Remove-SendConnector ${paths.send}`,
    ]);
    const destroyed = harness.tenant(INITIAL);
    expect(destroyed.inboundConnectors).toEqual([FOREIGN_INBOUND]);
    expect([destroyed.outboundConnectors, destroyed.spoofItems, harness.organization().sendConnectors]).toEqual([[], [], []]);
    expect(destroyed.acceptedDomains.map((d) => d.DomainName)).toEqual([INITIAL, "contoso.mail.onmicrosoft.com", "contoso.com", "sales.contoso.com"]);
    expect(fs.existsSync(statePath)).toBe(true);
  }, 300_000);
});
