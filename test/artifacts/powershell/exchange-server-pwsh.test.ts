/**
 * The Exchange Management Shell script run in real PowerShell (pwsh 7) against the fake send connector cmdlets
 * (test/support/fake-exchange/server): in a shell that has them loaded, and through a remote session to a server
 * (-ExchangeServer, the fake New-PSSession and Import-PSSession). One pwsh process runs every script of this file.
 */
import { exchangeServerScript } from "../../../lib/artifacts/powershell/exchange-server-script";
import { managedMarker } from "../../../lib/artifacts/powershell/managed-marker";
import type { OnPremisesOrganizationModel, Topology } from "../../../lib/model/topology";
import { FakeExchange, ScriptServer } from "../../support/pwsh";
import { everyKindTopology } from "../../support/topology";
import { MANAGEMENT_SHELL, REMOTE_SESSIONS, actualSendConnectors, declaredSendConnectors, expectOk, runScript, scriptFolder, writeScript } from "./pwsh-harness";

const ORGANIZATION = "default";

function datacenter(change: (o: OnPremisesOrganizationModel) => OnPremisesOrganizationModel = (o) => o): { topology: Topology; organization: OnPremisesOrganizationModel } {
  const t = everyKindTopology();
  const organization = change(t.organizations[0]);
  return { topology: { ...t, organizations: [organization] }, organization };
}

let server: ScriptServer;
let fake: FakeExchange;
const folder = scriptFolder();
const scriptOf = (topology: Topology, organization: OnPremisesOrganizationModel) => writeScript(folder, exchangeServerScript(topology, organization));

beforeAll(() => {
  server = new ScriptServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  fake = new FakeExchange();
});
afterEach(() => fake.dispose());

test("in the Exchange Management Shell: the first run creates the declared connectors, a second one changes nothing", async () => {
  const { topology, organization } = datacenter();
  const script = scriptOf(topology, organization);
  expectOk(await runScript(server, fake, script, { prelude: MANAGEMENT_SHELL }));
  expect(actualSendConnectors(fake.organization(ORGANIZATION))).toEqual(declaredSendConnectors(organization));
  // Created with the usage the library declares, and address spaces read back as Exchange shows them.
  expect(fake.calls().map((c) => [c.cmdlet, c.parameters.Usage])).toEqual([["New-SendConnector", "Custom"]]);
  fake.clearLogs();
  const second = expectOk(await runScript(server, fake, script, { prelude: MANAGEMENT_SHELL }));
  expect(fake.calls()).toEqual([]);
  expect(second.information).toEqual(["Send connector 'To Contoso EXO' (app/stack/Datacenter/ToContoso): unchanged."]);
});

test("through a remote session (-ExchangeServer): one session opened and removed, nothing changed under -WhatIf", async () => {
  const { topology, organization } = datacenter();
  const script = scriptOf(topology, organization);
  expectOk(await runScript(server, fake, script, { prelude: REMOTE_SESSIONS, whatIf: true, parameters: { ExchangeServer: "ex01.contoso.com" } }));
  expect(fake.organization(ORGANIZATION).sendConnectors).toEqual([]);
  expect(fake.calls()).toEqual([]);
  expectOk(await runScript(server, fake, script, { prelude: REMOTE_SESSIONS, env: { MAILFLOW_EXCHANGE_SERVER: "ex01.contoso.com" } }));
  expect(actualSendConnectors(fake.organization(ORGANIZATION))).toEqual(declaredSendConnectors(organization));
  expect(fake.sessions().map((s) => `${s.event} ${s.kind} ${s.server}`)).toEqual([
    "connect ems ex01.contoso.com", "disconnect ems ex01.contoso.com", "connect ems ex01.contoso.com", "disconnect ems ex01.contoso.com",
  ]);
});

test("without the Exchange cmdlets or a server, the script stops and says how to run it", async () => {
  const { topology, organization } = datacenter();
  const result = await runScript(server, fake, scriptOf(topology, organization));
  expect(result.ok).toBe(false);
  expect(result.error).toBe("The Exchange cmdlets are not loaded: run this script in the Exchange Management Shell, or pass -ExchangeServer <server FQDN> (or set MAILFLOW_EXCHANGE_SERVER).");
});

test("a changed setting is written alone; removal removes only the marked connector; a foreign one of the same name stays", async () => {
  const { topology, organization } = datacenter();
  expectOk(await runScript(server, fake, scriptOf(topology, organization), { prelude: MANAGEMENT_SHELL }));
  fake.clearLogs();
  const changed = datacenter((o) => ({ ...o, sendConnectors: [{ ...o.sendConnectors[0], addressSpaces: ["SMTP:*;10"], smartHosts: ["contoso-com.mail.protection.outlook.com"] }] }));
  expectOk(await runScript(server, fake, scriptOf(changed.topology, changed.organization), { prelude: MANAGEMENT_SHELL }));
  expect(fake.calls().map((c) => [c.cmdlet, Object.keys(c.parameters).sort()])).toEqual([["Set-SendConnector", ["AddressSpaces", "Identity"]]]);
  // A connector made by hand, and one of the declared name in another case without the marker.
  fake.editOrganization(ORGANIZATION, (s) => {
    s.sendConnectors.push({ ...s.sendConnectors[0], Identity: "Internet", Name: "Internet", Guid: "00000000-0000-0000-0000-000000000001", Comment: "by hand" });
  });
  expectOk(await runScript(server, fake, scriptOf(changed.topology, changed.organization), { prelude: MANAGEMENT_SHELL, remove: true }));
  expect(fake.organization(ORGANIZATION).sendConnectors.map((c) => c.Name)).toEqual(["Internet"]);
  fake.editOrganization(ORGANIZATION, (s) => {
    s.sendConnectors.push({ ...s.sendConnectors[0], Identity: "TO CONTOSO EXO", Name: "TO CONTOSO EXO", Guid: "00000000-0000-0000-0000-000000000002" });
  });
  const before = fake.organization(ORGANIZATION);
  const refused = await runScript(server, fake, scriptOf(changed.topology, changed.organization), { prelude: MANAGEMENT_SHELL });
  expect(refused.ok).toBe(false);
  expect(refused.warnings).toEqual([
    `Send connector 'To Contoso EXO' exists but was not created by cdktf-mailflow: its Comment has no line ${managedMarker("app/stack/Datacenter/ToContoso")}. It is left unchanged. To let this script manage it, add that line to its Comment; otherwise give the declared connector another name.`,
  ]);
  expect(fake.organization(ORGANIZATION)).toEqual(before);
});
