/**
 * Every script of every example, as synthesis writes it, run in real pwsh against the fake Exchange: the first apply
 * creates exactly the declared state, a second changes nothing (no changing cmdlet called), and removal leaves no
 * connector or spoof entry behind. One pwsh process runs them all.
 */
import * as fs from "fs";
import * as path from "path";
import { exchangeOnlineScriptFileName, exchangeServerScriptFileName } from "../../../lib/artifacts/powershell/script-file-name";
import { collectTopology } from "../../../lib";
import { EXAMPLES, synthMailflow, testApp } from "../../support/examples";
import { FakeExchange, ScriptServer } from "../../support/pwsh";
import { MANAGEMENT_SHELL, actualSendConnectors, actualTenantState, declaredSendConnectors, declaredTenantState, expectOk, runScript, scriptFolder } from "./pwsh-harness";

let server: ScriptServer;
beforeAll(() => {
  server = new ScriptServer();
});
afterAll(async () => {
  await server.close();
});

test.each(EXAMPLES)("the %s example's scripts apply, change nothing the second time, and remove what they created", async (_name, declare) => {
  const stack = declare(testApp());
  const topology = collectTopology(stack);
  const files = synthMailflow(stack);
  const folder = scriptFolder();
  for (const [name, content] of Object.entries(files)) {
    if (name.startsWith("scripts/")) fs.writeFileSync(path.join(folder, path.basename(name)), content, "utf8");
  }
  const fake = new FakeExchange();
  try {
    for (const tenant of topology.tenants.filter((t) => t.stack === stack.node.id)) {
      fake.seedTenant(tenant.initialDomain, tenant.acceptedDomains.map((d) => d.domainName));
      const script = path.join(folder, exchangeOnlineScriptFileName(tenant.initialDomain));
      expectOk(await runScript(server, fake, script));
      expect(actualTenantState(fake.tenant(tenant.initialDomain), tenant)).toEqual(declaredTenantState(tenant));
      fake.clearLogs();
      expectOk(await runScript(server, fake, script));
      expect(fake.calls()).toEqual([]);
      expectOk(await runScript(server, fake, script, { remove: true }));
      const removed = fake.tenant(tenant.initialDomain);
      expect([removed.inboundConnectors, removed.outboundConnectors, removed.spoofItems]).toEqual([[], [], []]);
    }
    for (const organization of topology.organizations.filter((o) => o.stack === stack.node.id)) {
      const env = { FAKE_EXCHANGE_ORGANIZATION: organization.path };
      const script = path.join(folder, exchangeServerScriptFileName(organization.path));
      expectOk(await runScript(server, fake, script, { prelude: MANAGEMENT_SHELL, env }));
      expect(actualSendConnectors(fake.organization(organization.path))).toEqual(declaredSendConnectors(organization));
      fake.clearLogs();
      expectOk(await runScript(server, fake, script, { prelude: MANAGEMENT_SHELL, env }));
      expect(fake.calls()).toEqual([]);
      expectOk(await runScript(server, fake, script, { prelude: MANAGEMENT_SHELL, env, remove: true }));
      expect(fake.organization(organization.path).sendConnectors).toEqual([]);
    }
  } finally {
    fake.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
