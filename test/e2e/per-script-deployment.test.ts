/**
 * End to end, the per-script deployment (the default) under the real `terraform` and real pwsh against the fake
 * Exchange: one Exchange session per script on the first apply, none when nothing changed, one when one setting of one
 * tenant changes or one of its objects is deleted from the code, and a destroy that removes only marked objects.
 */
import * as fs from "fs";
import * as path from "path";
import { DEPLOYMENT_JOURNAL_FOLDER } from "../../lib/artifacts/deployment-settings";
import { managedMarker } from "../../lib/artifacts/powershell/managed-marker";
import { DeploymentWorkspace, ESTATE_STACK, type EstateVariant, initialDomainOf } from "../support/deployment-harness";

const TENANTS = 3;
// Terraform must keep these literal: ${...} and %{...} are templates to it, the quotes and $(...) to PowerShell.
const HOSTILE = "${path.module} %{ if true }x%{ endif } it's \u2019quoted\u2019 $(calc) `n #> <#";

const marked = (path: string) => (c: Record<string, unknown>) => String(c.Comment ?? "").split(/\r?\n/).includes(managedMarker(path));

describe("per-script deployment under real terraform and pwsh", () => {
  let work: DeploymentWorkspace;

  beforeAll(() => {
    work = new DeploymentWorkspace();
    work.seed(TENANTS);
  });

  afterAll(() => work?.dispose());

  test("sessions: one per script first, none unchanged, one per changed tenant; deletions and destroy remove only marked objects", () => {
    const base: EstateVariant = { tenants: TENANTS, deployment: "per-script", comment: (i) => `Hybrid mail of tenant ${i} ${HOSTILE}` };
    const stackDir = work.synthesize(base);
    work.terraform(stackDir, "init");

    // 1. First apply: each script once (three tenants, one organization), creating exactly the declared objects.
    work.terraform(stackDir, "apply", "-auto-approve");
    expect(work.sessionsOpened()).toEqual({ exo: TENANTS, ems: 1, total: TENANTS + 1 });
    for (let i = 0; i < TENANTS; i++) {
      const tenant = work.fake.tenant(initialDomainOf(i));
      expect(tenant.inboundConnectors.map((c) => [c.Name, c.Comment])).toEqual([
        ["FromOnPremises", `Hybrid mail of tenant ${i} ${HOSTILE}\n${managedMarker(`${ESTATE_STACK}/Contoso${i}/FromOnPremises`)}`],
      ]);
      expect(tenant.outboundConnectors.filter(marked(`${ESTATE_STACK}/Contoso${i}/ToOnPremises`))).toHaveLength(1);
      expect(tenant.spoofItems).toHaveLength(i === 0 ? 1 : 0);
      expect(tenant.organizationConfig.RejectDirectSend).toBe(i === 0);
    }
    expect(work.fake.organization().sendConnectors.map((c) => c.Name)).toEqual(["ToContoso0"]);

    // 2. Synthesized again with nothing changed: nothing to do, no session.
    work.fake.clearLogs();
    work.synthesize(base);
    expect(work.terraform(stackDir, "plan")).toContain("No changes.");
    work.terraform(stackDir, "apply", "-auto-approve");
    expect(work.sessionsOpened().total).toBe(0);

    // 3. One setting of one tenant: the plan names the object and the setting; one session, one Set- of that setting.
    const changed: EstateVariant = { ...base, comment: (i) => (i === 1 ? `Second revision ${HOSTILE}` : base.comment!(i)) };
    work.synthesize(changed);
    const plan = work.terraform(stackDir, "plan");
    expect(plan).toMatch(/# terraform_data\.Contoso1_FromOnPremises_[0-9A-F]+ must be replaced/);
    expect(plan).toMatch(/~ comment\s+= "Hybrid mail of tenant 1 .*" -> "Second revision /);
    expect(plan).toMatch(/# terraform_data\.Contoso1_MailflowDeployment_Deploy_[0-9A-F]+ must be replaced/);
    expect(plan).toContain("Plan: 2 to add, 0 to change, 2 to destroy.");
    work.terraform(stackDir, "apply", "-auto-approve");
    expect(work.sessionsOpened()).toEqual({ exo: 1, ems: 0, total: 1 });
    const sets = work.fake.calls().filter((c) => !c.whatIf);
    expect(sets.map((c) => [c.cmdlet, Object.keys(c.parameters).filter((k) => k !== "Identity").sort()])).toEqual([["Set-InboundConnector", ["Comment"]]]);
    expect(work.fake.tenant(initialDomainOf(1)).inboundConnectors[0].Comment).toBe(
      `Second revision ${HOSTILE}\n${managedMarker(`${ESTATE_STACK}/Contoso1/FromOnPremises`)}`,
    );

    // 4. One connector deleted from the code (nothing else declared for it): one session removes exactly that connector.
    work.fake.clearLogs();
    const withoutOutbound: EstateVariant = { ...changed, withoutOutbound: [2] };
    work.synthesize(withoutOutbound);
    work.terraform(stackDir, "apply", "-auto-approve");
    expect(work.sessionsOpened()).toEqual({ exo: 1, ems: 0, total: 1 });
    expect(work.fake.calls().filter((c) => !c.whatIf).map((c) => c.cmdlet)).toEqual(["Remove-OutboundConnector"]);
    expect(work.fake.tenant(initialDomainOf(2)).outboundConnectors).toEqual([]);
    expect(work.fake.tenant(initialDomainOf(1)).outboundConnectors).toHaveLength(1);
    // The journal is consumed once the removal is done.
    expect(fs.existsSync(path.join(stackDir, DEPLOYMENT_JOURNAL_FOLDER, "exo-contoso2.json"))).toBe(false);

    // 5. A spoof pair deleted from the code: its entry carries no marker; the recorded identity finds it.
    work.fake.clearLogs();
    const withoutSpoof: EstateVariant = { ...withoutOutbound, spoofPair: false };
    work.synthesize(withoutSpoof);
    work.terraform(stackDir, "apply", "-auto-approve");
    expect(work.sessionsOpened().total).toBe(1);
    expect(work.fake.tenant(initialDomainOf(0)).spoofItems).toEqual([]);

    // 6. Destroy: one session per script; every marked object goes, a foreign connector of the same kind stays.
    work.fake.editTenant(initialDomainOf(0), (state) => {
      state.inboundConnectors.push({ ...state.inboundConnectors[0], Identity: "Partner", Guid: "5e7a0c1e-0000-4000-8000-00000000a7e1", Name: "Partner", ConnectorType: "Partner", Comment: "made by hand" });
    });
    work.fake.clearLogs();
    work.terraform(stackDir, "destroy", "-auto-approve");
    expect(work.sessionsOpened()).toEqual({ exo: TENANTS, ems: 1, total: TENANTS + 1 });
    expect(work.fake.tenant(initialDomainOf(0)).inboundConnectors.map((c) => c.Name)).toEqual(["Partner"]);
    for (let i = 0; i < TENANTS; i++) expect(work.fake.tenant(initialDomainOf(i)).outboundConnectors).toEqual([]);
    expect(work.fake.organization().sendConnectors).toEqual([]);
  }, 900_000);
});
