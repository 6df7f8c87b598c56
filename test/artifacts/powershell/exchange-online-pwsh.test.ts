/**
 * The Exchange Online script run in real PowerShell (pwsh 7) against the fake Exchange Online module
 * (test/support/fake-exchange): what it creates, that a second run changes nothing, -WhatIf, removal of only what carries
 * the library's marker, a foreign connector of the declared name, a session of another tenant, ordinal comparison of
 * markers and construct paths, and the objects that carry no marker (accepted domains, spoof entries).
 * One pwsh process runs every script of this file (each in a new runspace, with strict mode Latest).
 */
import { exchangeOnlineScript } from "../../../lib/artifacts/powershell/exchange-online-script";
import { managedMarker } from "../../../lib/artifacts/powershell/managed-marker";
import type { TenantModel, Topology } from "../../../lib/model/topology";
import { FakeExchange, ScriptServer } from "../../support/pwsh";
import { everyKindTopology, inbound, tenant as tenantModel, topology as topologyOf } from "../../support/topology";
import { actualTenantState, declaredTenantState, expectOk, runScript, scriptFolder, writeScript } from "./pwsh-harness";

const INITIAL = "contoso.onmicrosoft.com";

/** The every-kind tenant, with RejectDirectSend declared. */
function contoso(change: (t: TenantModel) => TenantModel = (t) => t): { topology: Topology; tenant: TenantModel } {
  const t = everyKindTopology();
  const tenant = change({ ...t.tenants[0], organizationConfig: { path: "app/stack/Contoso/OrganizationConfig", rejectDirectSend: true } });
  return { topology: { ...t, tenants: [tenant] }, tenant };
}

let server: ScriptServer;
let fake: FakeExchange;
const folder = scriptFolder();

/** Writes the tenant's script and returns its path. */
function scriptOf(topology: Topology, tenant: TenantModel): string {
  return writeScript(folder, exchangeOnlineScript(topology, tenant));
}

beforeAll(() => {
  server = new ScriptServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  fake = new FakeExchange();
  fake.seedTenant(INITIAL, ["contoso.com", "corp.contoso.com"]);
});
afterEach(() => fake.dispose());

describe("applying", () => {
  test("the first run creates exactly the declared objects, in one session it opens and closes", async () => {
    const { topology, tenant } = contoso();
    const result = expectOk(await runScript(server, fake, scriptOf(topology, tenant)));
    expect(actualTenantState(fake.tenant(INITIAL), tenant)).toEqual(declaredTenantState(tenant));
    expect(result.warnings).toEqual([]);
    expect(fake.sessions().map((s) => `${s.event} ${s.kind} ${s.organization}`)).toEqual([`connect exo ${INITIAL}`, `disconnect exo ${INITIAL}`]);
    // Accepted domains already right (contoso.com) are not written; the InternalRelay one is.
    expect(fake.calls().filter((c) => c.cmdlet === "Set-AcceptedDomain").map((c) => c.parameters)).toEqual([
      { Identity: "corp.contoso.com", DomainType: "InternalRelay", MatchSubDomains: true },
    ]);
    expect(result.information).toContain("Accepted domain contoso.com: unchanged.");
  });

  test("a second run changes nothing and calls no Set- cmdlet: every object is said to be unchanged", async () => {
    const { topology, tenant } = contoso();
    const script = scriptOf(topology, tenant);
    expectOk(await runScript(server, fake, script));
    const before = fake.tenant(INITIAL);
    fake.clearLogs();
    const second = expectOk(await runScript(server, fake, script));
    expect(fake.calls()).toEqual([]);
    expect(fake.tenant(INITIAL)).toEqual(before);
    expect(second.information).toEqual([
      "Accepted domain contoso.com: unchanged.",
      "Accepted domain corp.contoso.com: unchanged.",
      "Inbound connector 'From on-premises' (app/stack/Contoso/FromOnPremises): unchanged.",
      "Inbound connector 'From relay' (app/stack/Contoso/FromRelay): unchanged.",
      "Outbound connector 'To on-premises' (app/stack/Contoso/ToOnPremises): unchanged.",
      "Spoof entry contoso.com from relay.example.net: unchanged.",
      "RejectDirectSend of the organization: unchanged.",
    ]);
  });

  test("a changed declaration writes only the settings that changed; $null clears a list", async () => {
    const { topology, tenant } = contoso();
    expectOk(await runScript(server, fake, scriptOf(topology, tenant)));
    fake.clearLogs();
    const changed = contoso((t) => ({
      ...t,
      inboundConnectors: [{ ...t.inboundConnectors[0], associatedAcceptedDomains: [] }, { ...t.inboundConnectors[1], comment: "Relay \u2019s new comment" }],
      spoofPairs: [{ ...t.spoofPairs[0], action: "Block" }],
    }));
    expectOk(await runScript(server, fake, scriptOf(changed.topology, changed.tenant)));
    expect(fake.calls().map((c) => ({ cmdlet: c.cmdlet, parameters: Object.keys(c.parameters).sort() }))).toEqual([
      { cmdlet: "Set-InboundConnector", parameters: ["AssociatedAcceptedDomains", "Identity"] },
      { cmdlet: "Set-InboundConnector", parameters: ["Comment", "Identity"] },
      { cmdlet: "Set-TenantAllowBlockListSpoofItems", parameters: ["Action", "Identity", "Ids"] },
    ]);
    expect(fake.calls()[0].parameters.AssociatedAcceptedDomains).toBeNull();
    expect(actualTenantState(fake.tenant(INITIAL), changed.tenant)).toEqual(declaredTenantState(changed.tenant));
  });

  test("-WhatIf changes nothing, on a new tenant and on one already applied", async () => {
    const { topology, tenant } = contoso();
    const script = scriptOf(topology, tenant);
    const empty = fake.tenant(INITIAL);
    const dry = expectOk(await runScript(server, fake, script, { whatIf: true }));
    expect(fake.tenant(INITIAL)).toEqual(empty);
    // The script's own ShouldProcess answers: no changing cmdlet is even called.
    expect(fake.calls()).toEqual([]);
    expect(dry.warnings).toEqual([]);
    // Applied, then a changed declaration run with -WhatIf: still nothing changes.
    expectOk(await runScript(server, fake, script));
    const applied = fake.tenant(INITIAL);
    fake.clearLogs();
    const changed = contoso((t) => ({ ...t, inboundConnectors: t.inboundConnectors.map((c) => ({ ...c, enabled: false })) }));
    expectOk(await runScript(server, fake, scriptOf(changed.topology, changed.tenant), { whatIf: true }));
    expectOk(await runScript(server, fake, script, { whatIf: true, remove: true }));
    expect(fake.tenant(INITIAL)).toEqual(applied);
    expect(fake.calls()).toEqual([]);
  });

  test("the Terraform resource of one object applies that object only", async () => {
    const { topology, tenant } = contoso();
    expectOk(await runScript(server, fake, scriptOf(topology, tenant), { object: ["app/stack/Contoso/FromRelay"] }));
    const state = fake.tenant(INITIAL);
    expect(state.inboundConnectors.map((c) => c.Name)).toEqual(["From relay"]);
    expect(state.outboundConnectors).toEqual([]);
    expect(state.spoofItems).toEqual([]);
  });

  test("a domain missing from the tenant is reported and fails the run, after everything else is applied", async () => {
    const { topology, tenant } = contoso();
    fake.seedTenant(INITIAL, ["contoso.com"]);
    const result = await runScript(server, fake, scriptOf(topology, tenant));
    expect(result.ok).toBe(false);
    expect(result.error).toBe("1 object(s) were left unchanged; see the warnings above.");
    expect(result.warnings[0]).toContain("Accepted domain corp.contoso.com is not in this tenant, and Exchange Online cannot create one.");
    expect(fake.tenant(INITIAL).inboundConnectors).toHaveLength(2);
  });
});

describe("ownership", () => {
  const foreign = (name: string, comment: string) => ({
    Identity: name, Name: name, Guid: "00000000-0000-0000-0000-00000000f0f0", Enabled: true, ConnectorType: "Partner", ConnectorSource: "AdminUI",
    Comment: comment, SenderIPAddresses: ["192.0.2.1"], SenderDomains: ["*"], AssociatedAcceptedDomains: [], RequireTls: true,
    RestrictDomainsToIPAddresses: false, RestrictDomainsToCertificate: false, CloudServicesMailEnabled: false, TreatMessagesAsInternal: false,
    TlsSenderCertificateName: null,
  });

  test("a connector of the declared name (any case) without the marker is left alone, with a warning and a failed run", async () => {
    const { topology, tenant } = contoso();
    fake.editTenant(INITIAL, (s) => s.inboundConnectors.push(foreign("FROM ON-PREMISES", "made by hand")));
    const before = fake.tenant(INITIAL).inboundConnectors[0];
    const result = await runScript(server, fake, scriptOf(topology, tenant));
    expect(result.ok).toBe(false);
    expect(result.error).toBe("1 object(s) were left unchanged; see the warnings above.");
    expect(result.warnings).toEqual([
      `Inbound connector 'From on-premises' exists but was not created by cdktf-mailflow: its Comment has no line ${managedMarker("app/stack/Contoso/FromOnPremises")}. It is left unchanged. To let this script manage it, add that line to its Comment; otherwise give the declared connector another name.`,
    ]);
    const after = fake.tenant(INITIAL);
    expect(after.inboundConnectors.find((c) => c.Name === "FROM ON-PREMISES")).toEqual(before);
    // Everything else was applied.
    expect(after.inboundConnectors.map((c) => c.Name).sort()).toEqual(["FROM ON-PREMISES", "From relay"]);
    expect(after.outboundConnectors).toHaveLength(1);
    // Removing leaves it in place too, and says so.
    const removal = expectOk(await runScript(server, fake, scriptOf(topology, tenant), { remove: true }));
    expect(removal.warnings).toContain(`Inbound connector 'From on-premises' was not created by cdktf-mailflow (its Comment has no line ${managedMarker("app/stack/Contoso/FromOnPremises")}): left in place.`);
    expect(fake.tenant(INITIAL).inboundConnectors).toEqual([before]);
  });

  test("removal removes the marked connectors and spoof entries, never another connector, and keeps domains and RejectDirectSend", async () => {
    const { topology, tenant } = contoso();
    const script = scriptOf(topology, tenant);
    fake.editTenant(INITIAL, (s) => s.inboundConnectors.push(foreign("Partner by hand", "nothing to do with us")));
    expectOk(await runScript(server, fake, script));
    const result = expectOk(await runScript(server, fake, script, { remove: true }));
    const state = fake.tenant(INITIAL);
    expect(state.inboundConnectors.map((c) => c.Name)).toEqual(["Partner by hand"]);
    expect(state.outboundConnectors).toEqual([]);
    expect(state.spoofItems).toEqual([]);
    expect(state.organizationConfig.RejectDirectSend).toBe(true);
    expect(actualTenantState(state, tenant).acceptedDomains).toEqual(declaredTenantState(tenant).acceptedDomains);
    expect(result.warnings).toEqual([
      "RejectDirectSend is left as it is: a setting of the whole tenant is not reset when its declaration is removed. Change it with Set-OrganizationConfig -RejectDirectSend.",
      "Accepted domain corp.contoso.com is not removed: a domain is removed from the tenant in the Microsoft 365 admin center.",
      "Accepted domain contoso.com is not removed: a domain is removed from the tenant in the Microsoft 365 admin center.",
    ]);
    expect(fake.calls().filter((c) => c.cmdlet.startsWith("Remove-")).map((c) => c.cmdlet)).toEqual([
      "Remove-TenantAllowBlockListSpoofItems", "Remove-OutboundConnector", "Remove-InboundConnector", "Remove-InboundConnector",
    ]);
  });

  test("spoof entries carry no marker: an entry with the declared identity is adopted (its action set) and removed with the pair", async () => {
    const { topology, tenant } = contoso();
    const script = scriptOf(topology, tenant);
    fake.editTenant(INITIAL, (s) => {
      s.spoofItems.push({ Identity: "11111111-1111-1111-1111-111111111111", SpoofedUser: "CONTOSO.COM", SendingInfrastructure: "relay.example.net", SpoofType: "External", Action: "Block" });
      s.spoofItems.push({ Identity: "22222222-2222-2222-2222-222222222222", SpoofedUser: "contoso.com", SendingInfrastructure: "other.example.net", SpoofType: "External", Action: "Block" });
    });
    expectOk(await runScript(server, fake, script));
    expect(fake.tenant(INITIAL).spoofItems.map((s) => `${s.Identity} ${s.Action}`)).toEqual([
      "11111111-1111-1111-1111-111111111111 Allow",
      "22222222-2222-2222-2222-222222222222 Block",
    ]);
    expectOk(await runScript(server, fake, script, { remove: true }));
    expect(fake.tenant(INITIAL).spoofItems.map((s) => s.Identity)).toEqual(["22222222-2222-2222-2222-222222222222"]);
  });

  test("a session of another tenant makes the script refuse before any change, and stay connected", async () => {
    const { topology, tenant } = contoso();
    fake.seedTenant("fabrikam.onmicrosoft.com", ["fabrikam.com"]);
    const before = fake.tenant("fabrikam.onmicrosoft.com");
    const result = await runScript(server, fake, scriptOf(topology, tenant), {
      prelude: `Connect-ExchangeOnline -AppId 'x' -Organization 'fabrikam.onmicrosoft.com' -CertificateFilePath '${fake.certificateFile}'`,
    });
    expect(result.ok).toBe(false);
    expect(result.error).toBe(`The Exchange Online session does not belong to tenant ${INITIAL}. Disconnect it (Disconnect-ExchangeOnline) or connect to that tenant, then run this script again.`);
    expect(fake.calls()).toEqual([]);
    expect(fake.tenant("fabrikam.onmicrosoft.com")).toEqual(before);
    // The session was the caller's: the script neither opened another nor closed it.
    expect(fake.sessions().map((s) => `${s.event} ${s.organization}`)).toEqual(["connect fabrikam.onmicrosoft.com"]);
  });

  test("without an application id the script stops before connecting, and says how to give one", async () => {
    const { topology, tenant } = contoso((t) => ({ ...t, connection: {} }));
    const result = await runScript(server, fake, scriptOf(topology, tenant), { env: { MAILFLOW_APP_ID: null } });
    expect(result.ok).toBe(false);
    expect(result.error).toBe("No application id: pass -AppId or set MAILFLOW_APP_ID.");
    expect(fake.sessions()).toEqual([]);
  });
});

describe("markers and construct paths are compared ordinally (ICU's culture comparison ignores U+00AD and U+200B)", () => {
  // Topologies written as data: the constructs refuse such ids, the scripts must not depend on it.
  const path = "app/stack/Contoso/FromOnPremises";
  const lookalike = "app/stack/Contoso/From\u200BOnPremises";
  const single = (connectorPath: string, name: string) => {
    const t = tenantModel("contoso", {
      path: "app/stack/Contoso",
      domains: ["contoso.com"],
      inboundConnectors: [inbound({ name, path: connectorPath, tlsSenderCertificateName: "mail.contoso.com" })],
    });
    return { topology: topologyOf({ tenants: [t] }), tenant: t };
  };

  test("a Comment whose marker holds a soft hyphen is not the marker: the connector is not taken over", async () => {
    const { topology, tenant } = single(path, "From on-premises");
    const spoofed = `[managed-by:cdktf\u00AD-mailflow path=${path}]`;
    fake.editTenant(INITIAL, (s) => s.inboundConnectors.push({
      Identity: "From on-premises", Name: "From on-premises", Guid: "00000000-0000-0000-0000-0000000000ad", Enabled: true, ConnectorType: "Partner",
      ConnectorSource: "AdminUI", Comment: spoofed, SenderIPAddresses: ["192.0.2.1"], SenderDomains: ["*"], AssociatedAcceptedDomains: [],
      RequireTls: true, RestrictDomainsToIPAddresses: false, RestrictDomainsToCertificate: false, CloudServicesMailEnabled: false,
      TreatMessagesAsInternal: false, TlsSenderCertificateName: null,
    }));
    const before = fake.tenant(INITIAL).inboundConnectors;
    const result = await runScript(server, fake, scriptOf(topology, tenant));
    expect(result.ok).toBe(false);
    expect(result.warnings[0]).toContain("exists but was not created by cdktf-mailflow");
    expect(fake.calls()).toEqual([]);
    const removal = expectOk(await runScript(server, fake, scriptOf(topology, tenant), { remove: true }));
    expect(removal.warnings[0]).toContain("was not created by cdktf-mailflow");
    expect(fake.tenant(INITIAL).inboundConnectors).toEqual(before);
  });

  test("a path with a zero-width space names another object: not selected, not matched by marker, not removed", async () => {
    const ours = single(path, "From on-premises");
    expectOk(await runScript(server, fake, scriptOf(ours.topology, ours.tenant)));
    const created = fake.tenant(INITIAL).inboundConnectors;
    // Applying the look-alike path: the script does not declare it.
    const applyOther = await runScript(server, fake, scriptOf(ours.topology, ours.tenant), { object: [lookalike] });
    expect(applyOther.ok).toBe(false);
    expect(applyOther.error).toBe(`This script declares no object at: ${lookalike}. Synthesize again, or check the paths given in -Object or MAILFLOW_OBJECT.`);
    // Removing the look-alike path (a deleted declaration): nothing carries its marker, so nothing is removed.
    const removeOther = expectOk(await runScript(server, fake, scriptOf(ours.topology, ours.tenant), { object: [lookalike], remove: true }));
    expect(removeOther.warnings[0]).toContain(`No connector carries the marker of ${lookalike}, so nothing was removed for it.`);
    // A script declaring the look-alike object creates its own connector instead of taking ours over.
    const other = single(lookalike, "From on-premises 2");
    expectOk(await runScript(server, fake, scriptOf(other.topology, other.tenant)));
    const state = fake.tenant(INITIAL).inboundConnectors;
    expect(state).toHaveLength(2);
    expect(state.find((c) => c.Name === "From on-premises")).toEqual(created[0]);
    expect(state.find((c) => c.Name === "From on-premises 2")?.Comment).toBe(managedMarker(lookalike));
  });
});
