/**
 * Determinism: the same app synthesizes to the same bytes every time, and declaring the same objects in
 * another order (tenants, domains, connectors, spoof pairs, certificates, organizations, send connectors,
 * expectations, removed objects) gives the same output, byte for byte: cdk.tf.json and the whole mailflow/
 * folder (scripts, and the plan files once they are written).
 */
import fc from "fast-check";
import { App, TerraformStack, Testing } from "cdktf";
import * as fs from "fs";
import {
  Certificate, DEPLOYMENT_CONTEXT, type Deployment, EXECUTOR_CONTEXT, InboundConnector, MailFlowExpectation, OnPremisesOrganization, OutboundConnector, RemovedMailObject,
  SYNTHESIS_DATE_CONTEXT, SendConnector, SpoofPair, Tenant,
} from "../../lib";
import { readTree } from "../support/examples";

const TENANTS = [
  { id: "Fabrikam", name: "fabrikam", domain: "fabrikam.com" },
  { id: "Tailspin", name: "tailspintoys", domain: "tailspintoys.com" },
  { id: "Wingtip", name: "wingtiptoys", domain: "wingtiptoys.com" },
];

/** What the declaration steps create, looked up by the steps that need it. */
interface Declared {
  stack: TerraformStack;
  tenants: Record<string, Tenant>;
  certificates: Record<string, Certificate>;
  organization?: OnPremisesOrganization;
  sendConnectors: Record<string, SendConnector>;
}

/** One declaration and the steps it needs first. */
interface Step {
  readonly name: string;
  readonly after: readonly string[];
  readonly run: (d: Declared) => void;
}

const STEPS: readonly Step[] = [
  { name: "organization", after: [], run: (d) => { d.organization = new OnPremisesOrganization(d.stack, "SharedExchange", { egressIpAddresses: ["198.51.100.10"], transportServers: ["MBX01", "MBX02"], relays: ["ndr"] }); } },
  ...TENANTS.flatMap((t, i): Step[] => [
    { name: `tenant ${t.id}`, after: [], run: (d) => { d.tenants[t.id] = new Tenant(d.stack, t.id, { initialDomain: `${t.name}.onmicrosoft.com`, ...(i === 0 ? { rejectDirectSend: true } : {}) }); } },
    { name: `domain ${t.domain}`, after: [`tenant ${t.id}`], run: (d) => { d.tenants[t.id].addAcceptedDomain(t.domain); } },
    { name: `domain corp.${t.domain}`, after: [`tenant ${t.id}`], run: (d) => { d.tenants[t.id].addAcceptedDomain(`corp.${t.domain}`, { domainType: "InternalRelay", matchSubDomains: true }); } },
    { name: `certificate ${t.id}`, after: [], run: (d) => { d.certificates[t.id] = new Certificate(d.stack, `${t.id}Certificate`, { subject: `CN=smtp.${t.domain}`, issuer: "CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, C=GB", notAfter: "2027-03-31" }); } },
    { name: `inbound ${t.id}`, after: [`tenant ${t.id}`], run: (d) => { new InboundConnector(d.tenants[t.id], "FromSharedExchange", { connectorType: "OnPremises", tlsSenderCertificateName: `smtp.${t.domain}`, comment: `It's ${t.id}'s \u2019connector\u2019` }); } },
    { name: `outbound ${t.id}`, after: [`tenant ${t.id}`], run: (d) => { new OutboundConnector(d.tenants[t.id], "ToSharedExchange", { connectorType: "OnPremises", recipientDomains: [`corp.${t.domain}`], smartHosts: [`smtp.${t.domain}`] }); } },
    // Internal: the tenant's own domain (External would be the warning spoof-type-mismatch, and cdktf lists annotations in
    // construct-tree order, which follows declaration order).
    { name: `spoof ${t.id}`, after: [`tenant ${t.id}`], run: (d) => { new SpoofPair(d.tenants[t.id], "NewsletterSpoof", { spoofedUser: `news@${t.domain}`, sendingInfrastructure: "example.net", spoofType: "Internal" }); } },
    { name: `removed ${t.id}`, after: [`tenant ${t.id}`], run: (d) => { new RemovedMailObject(d.tenants[t.id], "FromOldRelay"); } },
    // Each tenant's users on a Mailbox server of their own, its connector sourced there (domain.md section 4a).
    { name: `mailboxes ${t.id}`, after: ["organization", `tenant ${t.id}`], run: (d) => { d.organization!.addUserMailboxes(d.tenants[t.id], { servers: [`MBX-${t.id}`] }); } },
    {
      name: `send ${t.id}`,
      after: ["organization", `tenant ${t.id}`, `certificate ${t.id}`],
      run: (d) => { d.sendConnectors[t.id] = new SendConnector(d.organization!, `To${t.id}`, { name: `To ${t.id} Exchange Online`, tenant: d.tenants[t.id], certificate: d.certificates[t.id], sourceTransportServers: [`MBX-${t.id}`] }); },
    },
    {
      name: `expectation ${t.id}`,
      after: [`send ${t.id}`],
      run: (d) => { new MailFlowExpectation(d.stack, `${t.id}NdrsRelay`, { via: d.sendConnectors[t.id], mailFrom: "<>", rcptTo: "someone@example.net", expect: { outcome: "relayed", tenant: `${t.name}.onmicrosoft.com` } }); },
    },
  ]),
];

/** The steps in an order that respects their dependencies, choosing among the ready ones by `priority`. */
function order(priority: readonly number[]): Step[] {
  const done = new Set<string>();
  const result: Step[] = [];
  while (result.length < STEPS.length) {
    const ready = STEPS.map((s, i) => ({ s, i })).filter(({ s }) => !done.has(s.name) && s.after.every((a) => done.has(a)));
    ready.sort((a, b) => priority[a.i] - priority[b.i] || a.i - b.i);
    result.push(ready[0].s);
    done.add(ready[0].s.name);
  }
  return result;
}

/** Synthesizes the steps in this order into a fresh folder and returns every file written, path → content. */
function synthesize(steps: readonly Step[], executor: "null_resource" | "terraform_data" = "terraform_data", deployment: Deployment = "per-script"): Record<string, string> {
  const outdir = fs.mkdtempSync(`${require("os").tmpdir()}/mailflow-determinism-`);
  try {
    const app = new App({ outdir, stackTraces: false, context: { [SYNTHESIS_DATE_CONTEXT]: "2026-11-22", [EXECUTOR_CONTEXT]: executor, [DEPLOYMENT_CONTEXT]: deployment } });
    const declared: Declared = { stack: new TerraformStack(app, "multi"), tenants: {}, certificates: {}, sendConnectors: {} };
    for (const step of steps) step.run(declared);
    app.synth();
    return readTree(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe("determinism", () => {
  let reference: Record<string, string>;
  beforeAll(() => {
    reference = synthesize(STEPS);
  });

  test("the output holds cdk.tf.json and the scripts of every tenant and organization", () => {
    expect(Object.keys(reference)).toEqual(expect.arrayContaining([
      "stacks/multi/cdk.tf.json",
      "stacks/multi/mailflow/scripts/exo-fabrikam.ps1",
      "stacks/multi/mailflow/scripts/exo-tailspintoys.ps1",
      "stacks/multi/mailflow/scripts/exo-wingtiptoys.ps1",
      "stacks/multi/mailflow/scripts/ems-sharedexchange.ps1",
    ]));
    // Per script, the deployment resources of each script; deleted objects need no removed block.
    const resources = JSON.parse(reference["stacks/multi/cdk.tf.json"]).resource.terraform_data as Record<string, unknown>;
    expect(Object.keys(resources).filter((name) => /_MailflowDeployment_(Deploy|Teardown)_/.test(name))).toHaveLength(8);
    expect(JSON.parse(reference["stacks/multi/cdk.tf.json"]).removed).toBeUndefined();
    expect(JSON.parse(synthesize(STEPS, "terraform_data", "per-object")["stacks/multi/cdk.tf.json"]).removed).toHaveLength(3);
  });

  test("per object, synthesizing twice and in another order gives the same bytes", () => {
    const perObject = synthesize(STEPS, "terraform_data", "per-object");
    expect(synthesize(order(STEPS.map((_, i) => -i)), "terraform_data", "per-object")).toEqual(perObject);
  });

  test("synthesizing the same app twice gives the same bytes, with either executor", () => {
    expect(synthesize(STEPS)).toEqual(reference);
    expect(synthesize(STEPS, "null_resource")).toEqual(synthesize(STEPS, "null_resource"));
  });

  test("declaring the same objects in another order gives the same bytes: reversed, and 4 random orders", () => {
    expect(synthesize(order(STEPS.map((_, i) => -i)))).toEqual(reference);
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: STEPS.length, maxLength: STEPS.length }), (priority) => {
        const steps = order(priority);
        const output = synthesize(steps);
        // One file at a time, so a failure names the file that differs.
        for (const file of Object.keys(reference)) expect({ file, content: output[file] }).toEqual({ file, content: reference[file] });
        expect(Object.keys(output)).toEqual(Object.keys(reference));
      }),
      { numRuns: 4 },
    );
  });

  test("Testing.synth of the same stack is stable too", () => {
    const build = () => {
      const app = Testing.app({ context: { [SYNTHESIS_DATE_CONTEXT]: "2026-11-22" } } as never);
      const declared: Declared = { stack: new TerraformStack(app, "multi"), tenants: {}, certificates: {}, sendConnectors: {} };
      for (const step of order(STEPS.map((_, i) => (i * 7919) % 31))) step.run(declared);
      return Testing.synth(declared.stack);
    };
    expect(build()).toBe(build());
  });
});
