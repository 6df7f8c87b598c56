/**
 * Whole generated topologies (harness/topologies.ts: several tenants with domains, connectors of both kinds and spoof
 * pairs, hostile names and comments, an on-premises organization with send connectors) run through real pwsh against
 * the fake Exchange, every tenant's and the organization's script as a person runs it (no MAILFLOW_OBJECT): a -WhatIf
 * run changes nothing; the first apply creates exactly the declared state; a second calls no New-/Set-/Remove- and says
 * each object is unchanged; -WhatIf -Remove changes nothing; removal removes what the script created and nothing else
 * (a foreign connector, a connector marked for another construct path, a foreign spoof entry and the accepted domains stay).
 * One pwsh process runs every script; few topologies, each of them many runs.
 */
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { InvalidPropsError, collectTopology } from "../../lib";
import { exchangeOnlineScript } from "../../lib/artifacts/powershell/exchange-online-script";
import { exchangeServerScript } from "../../lib/artifacts/powershell/exchange-server-script";
import { commentWithMarker } from "../../lib/artifacts/powershell/managed-marker";
import type { OnPremisesOrganizationModel, TenantModel, Topology } from "../../lib/model/topology";
import { FakeExchange, type FakeTenantState, type RunResult, ScriptServer } from "../support/pwsh";
import {
  MANAGEMENT_SHELL, type RunOptions, actualSendConnectors, actualTenantState, declaredSendConnectors, declaredTenantState, expectOk, runScript, scriptFolder, writeScript,
} from "../artifacts/powershell/pwsh-harness";
import { declareTopology, topologySpec } from "./harness/topologies";

const NUM_RUNS = Number(process.env.MAILFLOW_PWSH_TOPOLOGIES ?? 8);

let server: ScriptServer;
const folder = scriptFolder();
beforeAll(() => {
  server = new ScriptServer();
});
afterAll(async () => {
  await server.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** Connectors and a spoof entry no script of the topology owns: names the generator never gives, no marker or another path's. */
const foreignInbound = (name: string, guid: string, comment: string) => ({
  Identity: name, Name: name, Guid: guid, Enabled: true, ConnectorType: "Partner",
  ConnectorSource: "AdminUI", Comment: comment, SenderIPAddresses: ["192.0.2.1"], SenderDomains: ["*"], AssociatedAcceptedDomains: [], RequireTls: true,
  RestrictDomainsToIPAddresses: false, RestrictDomainsToCertificate: false, CloudServicesMailEnabled: false, TreatMessagesAsInternal: false,
  TlsSenderCertificateName: null,
});
const FOREIGN_INBOUND = [
  foreignInbound("Made by hand", "00000000-0000-0000-0000-00000000f0f0", "nobody's"),
  // Marked, but for a construct path the topology does not declare: no script of it may act on this one.
  foreignInbound("Other app's connector", "00000000-0000-0000-0000-00000000f0f2", commentWithMarker("kept", "other/Tenant0/In0")),
];
const FOREIGN_SPOOF = { Identity: "00000000-0000-0000-0000-00000000f00f", SpoofedUser: "someone@foreign.example.org", SendingInfrastructure: "mx.foreign.example.org", SpoofType: "External", Action: "Allow" };
const FOREIGN_SEND = {
  Identity: "Made by hand", Name: "Made by hand", Guid: "00000000-0000-0000-0000-00000000f0f1", AddressSpaces: ["SMTP:*;1"], SmartHosts: ["relay.example.org"],
  DNSRoutingEnabled: false, RequireTLS: false, TlsAuthLevel: null, TlsDomain: null, TlsCertificateName: null, CloudServicesMailEnabled: false, Fqdn: null,
  SourceTransportServers: ["EX01"], Enabled: true, Comment: "nobody's", Usage: "Custom", Port: 25, MaxMessageSize: "35 MB (36,700,160 bytes)",
};

const changing = (result: RunResult, what: string) => ({ what, ok: result.ok, error: result.error, errors: result.errors });
const succeeded = (what: string) => ({ what, ok: true, error: null, errors: [] });

/** The number of "unchanged" lines a second apply of a tenant's script writes: one per object, one for RejectDirectSend. */
function tenantObjectCount(tenant: TenantModel): number {
  return tenant.acceptedDomains.length + tenant.inboundConnectors.length + tenant.outboundConnectors.length + tenant.spoofPairs.length + (tenant.organizationConfig ? 1 : 0);
}

/**
 * Runs one script through its life: -WhatIf, apply, a second apply, -WhatIf -Remove, remove. `state` reads what the script
 * acts on; `expectApplied` and `expectRemoved` compare it with the declarations; `objects` is how many "unchanged" lines a
 * second apply writes.
 */
async function lifecycle(options: {
  readonly what: string;
  readonly script: string;
  readonly fake: FakeExchange;
  readonly run?: RunOptions;
  readonly state: () => unknown;
  readonly expectApplied: () => void;
  readonly objects: number;
  readonly expectRemoved: () => void;
}): Promise<void> {
  const { what, script, fake } = options;
  const run = (extra: RunOptions = {}) => runScript(server, fake, script, { ...options.run, ...extra });

  // -WhatIf on the untouched state: no changing cmdlet runs other than as -WhatIf, and nothing changes.
  const seeded = options.state();
  fake.clearLogs();
  expect(changing(await run({ whatIf: true }), `${what} -WhatIf`)).toEqual(succeeded(`${what} -WhatIf`));
  expect(fake.calls().filter((c) => !c.whatIf)).toEqual([]);
  expect(options.state()).toEqual(seeded);

  // The first apply creates exactly the declared state.
  expect(changing(await run(), `${what} apply`)).toEqual(succeeded(`${what} apply`));
  options.expectApplied();

  // A second apply changes nothing, calls nothing that changes, and says every object is unchanged.
  const applied = options.state();
  fake.clearLogs();
  const second = expectOk(await run());
  expect({ what, calls: fake.calls() }).toEqual({ what, calls: [] });
  expect(options.state()).toEqual(applied);
  expect({ what, lines: second.information.length, allUnchanged: second.information.every((l) => l.endsWith(": unchanged.")) }).toEqual({ what, lines: options.objects, allUnchanged: true });

  // -WhatIf -Remove: no changing cmdlet runs other than as -WhatIf, and nothing changes.
  expect(changing(await run({ whatIf: true, remove: true }), `${what} -WhatIf -Remove`)).toEqual(succeeded(`${what} -WhatIf -Remove`));
  expect(fake.calls().filter((c) => !c.whatIf)).toEqual([]);
  expect(options.state()).toEqual(applied);

  // Removal removes what the script created and nothing else.
  expect(changing(await run({ remove: true }), `${what} remove`)).toEqual(succeeded(`${what} remove`));
  options.expectRemoved();

}

/** The tenant's state without the foreign objects, for comparing with the declarations. */
function ours(state: FakeTenantState): FakeTenantState {
  const foreignNames = new Set(FOREIGN_INBOUND.map((c) => c.Name));
  return { ...state, inboundConnectors: state.inboundConnectors.filter((c) => !foreignNames.has(String(c.Name))), spoofItems: state.spoofItems.filter((s) => s.Identity !== FOREIGN_SPOOF.Identity) };
}

async function checkTenant(topology: Topology, tenant: TenantModel, fake: FakeExchange): Promise<void> {
  const script = writeScript(folder, exchangeOnlineScript(topology, tenant));
  fake.seedTenant(tenant.initialDomain, tenant.acceptedDomains.map((d) => d.domainName));
  fake.editTenant(tenant.initialDomain, (s) => {
    s.inboundConnectors.push(...FOREIGN_INBOUND.map((c) => ({ ...c })));
    s.spoofItems.push({ ...FOREIGN_SPOOF });
  });
  const seeded = fake.tenant(tenant.initialDomain);
  await lifecycle({
    what: tenant.path,
    script,
    fake,
    state: () => fake.tenant(tenant.initialDomain),
    objects: tenantObjectCount(tenant),
    expectApplied: () => {
      const state = fake.tenant(tenant.initialDomain);
      expect({ tenant: tenant.path, state: actualTenantState(ours(state), tenant) }).toEqual({ tenant: tenant.path, state: declaredTenantState(tenant) });
      expect(state.inboundConnectors.filter((c) => FOREIGN_INBOUND.some((f) => f.Name === c.Name))).toEqual(FOREIGN_INBOUND);
      expect(state.spoofItems.filter((s) => s.Identity === FOREIGN_SPOOF.Identity)).toEqual([FOREIGN_SPOOF]);
    },
    expectRemoved: () => {
      const state = fake.tenant(tenant.initialDomain);
      expect({ tenant: tenant.path, inbound: state.inboundConnectors, outbound: state.outboundConnectors, spoof: state.spoofItems }).toEqual({
        tenant: tenant.path, inbound: FOREIGN_INBOUND, outbound: [], spoof: [FOREIGN_SPOOF],
      });
      // Accepted domains are never removed by a script (only in the admin center).
      expect(state.acceptedDomains.map((d) => d.DomainName)).toEqual(seeded.acceptedDomains.map((d) => d.DomainName));
    },
  });
}

async function checkOrganization(topology: Topology, organization: OnPremisesOrganizationModel, fake: FakeExchange): Promise<void> {
  const script = writeScript(folder, exchangeServerScript(topology, organization));
  fake.editOrganization(organization.path, (s) => s.sendConnectors.push({ ...FOREIGN_SEND }));
  const read = () => fake.organization(organization.path);
  const withoutForeign = () => ({ sendConnectors: read().sendConnectors.filter((c) => c.Guid !== FOREIGN_SEND.Guid) });
  await lifecycle({
    what: organization.path,
    script,
    fake,
    run: { prelude: MANAGEMENT_SHELL, env: { FAKE_EXCHANGE_ORGANIZATION: organization.path } },
    state: read,
    objects: organization.sendConnectors.length,
    expectApplied: () => {
      expect({ organization: organization.path, state: actualSendConnectors(withoutForeign()) }).toEqual({ organization: organization.path, state: declaredSendConnectors(organization) });
      expect(read().sendConnectors.filter((c) => c.Guid === FOREIGN_SEND.Guid)).toEqual([FOREIGN_SEND]);
    },
    expectRemoved: () => {
      expect(read().sendConnectors).toEqual([FOREIGN_SEND]);
    },
  });
}

test(`${NUM_RUNS} whole generated topologies: -WhatIf changes nothing, apply creates the declared state, a second apply changes nothing, removal removes only ours`, async () => {
  let checked = 0;
  await fc.assert(
    fc.asyncProperty(topologySpec(), async (spec) => {
      let topology: Topology;
      try {
        topology = collectTopology(declareTopology(spec));
      } catch (error) {
        // A combination the constructs refuse (the generator aims to make none): not a run.
        if (error instanceof InvalidPropsError) fc.pre(false);
        throw error;
      }
      const fake = new FakeExchange(fs.mkdtempSync(path.join(folder, "fake-")));
      try {
        for (const tenant of topology.tenants) await checkTenant(topology, tenant, fake);
        for (const organization of topology.organizations) await checkOrganization(topology, organization, fake);
      } finally {
        fake.dispose();
      }
      checked++;
    }),
    { numRuns: NUM_RUNS, endOnFailure: true },
  );
  expect(checked).toBeGreaterThanOrEqual(NUM_RUNS);
}, 600_000);
