/**
 * The property tests' hostile values, run through real pwsh: for every string prop that reaches a script, values the
 * constructs accept are declared, the script is generated and applied against the fake Exchange, and the fake's state
 * must hold exactly the declared values, byte for byte (and a second run must change nothing). A few values per prop,
 * drawn with a fixed seed: each is a pwsh run, and the escaping itself is checked on thousands by the other property tests.
 */
import fc from "fast-check";
import * as fs from "fs";
import { collectTopology } from "../../lib";
import { FakeExchange, ScriptServer } from "../support/pwsh";
import {
  MANAGEMENT_SHELL, actualSendConnectors, actualTenantState, declaredSendConnectors, declaredTenantState, expectOk, runScript, scriptFolder, writeScript,
} from "../artifacts/powershell/pwsh-harness";
import { STRING_PROPS, declare, scriptOf } from "./harness/props";

const VALUES_PER_PROP = 3;

let server: ScriptServer;
const folder = scriptFolder();
beforeAll(() => {
  server = new ScriptServer();
});
afterAll(async () => {
  await server.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** Values of the prop the constructs accept, drawn with a fixed seed, and the stack they declare. */
function acceptedValues(prop: (typeof STRING_PROPS)[number]) {
  const accepted: { value: string; topology: ReturnType<typeof collectTopology> }[] = [];
  for (const value of fc.sample(prop.values, { numRuns: 400, seed: 11 })) {
    if (accepted.length >= VALUES_PER_PROP) break;
    try {
      const stack = declare(prop.declare(value), prop.script, { objects: prop.objects });
      accepted.push({ value, topology: collectTopology(stack) });
    } catch {
      // Refused by the constructs (checked by the other property tests).
    }
  }
  return accepted;
}

// The tenant's display name is written nowhere, and the connection settings reach Connect-ExchangeOnline, not the state.
const REACHING_STATE = STRING_PROPS.filter((p) => !p.name.startsWith("Tenant.displayName") && !p.name.startsWith("Tenant.connection"));

test.each(REACHING_STATE.map((p) => [p.name, p] as const))("%s: hostile values reach the fake Exchange byte for byte", async (_name, prop) => {
  const values = acceptedValues(prop);
  expect(values.length).toBeGreaterThan(0);
  for (const { value, topology } of values) {
    const fake = new FakeExchange();
    try {
      const script = writeScript(folder, scriptOf(topology, prop.script));
      if (prop.script === "exo") {
        const tenant = topology.tenants[0];
        fake.seedTenant(tenant.initialDomain, tenant.acceptedDomains.map((d) => d.domainName));
        const result = await runScript(server, fake, script);
        expect({ value, ok: result.ok, error: result.error }).toEqual({ value, ok: true, error: null });
        expect({ value, state: actualTenantState(fake.tenant(tenant.initialDomain), tenant) }).toEqual({ value, state: declaredTenantState(tenant) });
        fake.clearLogs();
        expectOk(await runScript(server, fake, script));
        expect(fake.calls()).toEqual([]);
      } else {
        const organization = topology.organizations[0];
        const result = await runScript(server, fake, script, { prelude: MANAGEMENT_SHELL });
        expect({ value, ok: result.ok, error: result.error }).toEqual({ value, ok: true, error: null });
        expect({ value, state: actualSendConnectors(fake.organization()) }).toEqual({ value, state: declaredSendConnectors(organization) });
        fake.clearLogs();
        expectOk(await runScript(server, fake, script, { prelude: MANAGEMENT_SHELL }));
        expect(fake.calls()).toEqual([]);
      }
    } finally {
      fake.dispose();
    }
  }
});
