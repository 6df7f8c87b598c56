import { collectTopology } from "../../../lib";
import { planJsonSchema, planSchema, topologyFromPlan } from "../../../lib/artifacts";
import { EXAMPLES, synthMailflow, testApp } from "../../support/examples";
import { jsonSchemaProblems } from "./json-schema-check";
import { fenceProblems, tableProblems } from "./markdown-syntax";
import { mermaidBlock, mermaidProblems } from "./mermaid-syntax";

describe.each(EXAMPLES)("example %s: the plan", (_name, build) => {
  const stack = build(testApp());
  const files = synthMailflow(stack);
  const markdown = files["plan.md"];
  const json = files["plan.json"];

  test("synthesis writes plan.md, plan.json and plan.schema.json next to the scripts", () => {
    expect(Object.keys(files)).toEqual(expect.arrayContaining(["plan.md", "plan.json", "plan.schema.json"]));
    expect(files["plan.schema.json"]).toBe(`${JSON.stringify(planJsonSchema(), null, 2)}\n`);
  });

  test("plan.json parses with planSchema, conforms to plan.schema.json, and gives back the topology", () => {
    const plan = planSchema.parse(JSON.parse(json));
    expect(jsonSchemaProblems(JSON.parse(files["plan.schema.json"]), JSON.parse(json))).toEqual([]);
    // Each example is one stack, so its plan carries the whole app's topology.
    expect(topologyFromPlan(plan)).toEqual(collectTopology(stack));
    expect(plan.summary.errors).toBe(0);
  });

  test("plan.md is well formed: tables keep their columns, fences close, the Mermaid block is valid", () => {
    expect(tableProblems(markdown)).toEqual([]);
    expect(fenceProblems(markdown)).toEqual([]);
    expect(mermaidProblems(mermaidBlock(markdown))).toEqual([]);
  });

  test("plan.md and plan.json match their snapshots", () => {
    expect(markdown).toMatchSnapshot("plan.md");
    expect(json).toMatchSnapshot("plan.json");
  });
});

test("the multi-tenant plan shows one certificate and one send connector per tenant, each relaying NDRs", () => {
  const files = synthMailflow(EXAMPLES[1][1](testApp()));
  const plan = planSchema.parse(JSON.parse(files["plan.json"]));
  expect(plan.certificateTenants.map((r) => [r.names, r.presentedBy, r.tenants.map((t) => t.tenant)])).toEqual([
    [["smtp.fabrikam.com"], ["multi-tenant/SharedExchange/ToFabrikam"], ["fabrikam.onmicrosoft.com"]],
    [["smtp.tailspintoys.com"], ["multi-tenant/SharedExchange/ToTailspin"], ["tailspintoys.onmicrosoft.com"]],
    [["smtp.wingtiptoys.com"], ["multi-tenant/SharedExchange/ToWingtip"], ["wingtiptoys.onmicrosoft.com"]],
  ]);
  for (const entry of plan.standardFlows) {
    const ndr = entry.flows.find((f) => f.flow === "ndr")!;
    expect([entry.sendConnector, ndr.declared, ndr.result.recipients[0].outcome, ndr.result.tenant]).toEqual([entry.sendConnector, true, "relayed", entry.tenant]);
  }
});
