import type { z } from "zod";
import {
  PLAN_SCHEMA_VERSION, buildPlan, certificateSchema, expectationSchema, organizationSchema, planJsonSchema, planSchema,
  renderPlanJson, suppressionSchema, tenantSchema, topologySchema,
} from "../../../lib/artifacts";
import type {
  CertificateModel, MailFlowExpectationModel, OnPremisesOrganizationModel, SuppressionModel, TenantModel, Topology,
} from "../../../lib/model/topology";
import { everyKindTopology } from "../../support/topology";
import { MAIN, fixtureFindings, twoStackTopology } from "./fixtures";
import { jsonSchemaProblems } from "./json-schema-check";

// Compile-time checks (tsc in `npm test` fails otherwise). `Same`: each model schema's type and its model interface are
// assignable both ways. `Covers`: every field of the interface, nested ones included, is in the schema; `Same` alone
// would miss a new optional field, which zod would then strip from plan.json and from the topology read back.
type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AllTrue<T> = T[keyof T] extends true ? true : false;
type CoversObject<S, M> = S extends object
  ? Exclude<keyof M, keyof S> extends never
    ? AllTrue<{ [K in keyof M & keyof S]-?: Covers<NonNullable<S[K]>, NonNullable<M[K]>> }>
    : false
  : false;
type Covers<S, M> = [M] extends [readonly (infer MU)[]]
  ? [S] extends [readonly (infer SU)[]] ? Covers<SU, MU> : false
  : [M] extends [object]
    ? (M extends object ? (true extends CoversObject<S, M> ? true : false) : never) extends true ? true : false
    : true;
const sameShapes: [
  Same<z.infer<typeof tenantSchema>, DeepMutable<TenantModel>>,
  Same<z.infer<typeof certificateSchema>, DeepMutable<CertificateModel>>,
  Same<z.infer<typeof organizationSchema>, DeepMutable<OnPremisesOrganizationModel>>,
  Same<z.infer<typeof expectationSchema>, DeepMutable<MailFlowExpectationModel>>,
  Same<z.infer<typeof suppressionSchema>, DeepMutable<SuppressionModel>>,
  Same<z.infer<typeof topologySchema>, DeepMutable<Topology>>,
  Covers<z.infer<typeof topologySchema>, Topology>,
] = [true, true, true, true, true, true, true];

// The checker itself: it notices a missing optional field, nested or not, and accepts a union matched member by member.
const coversSelfTest: [
  Covers<{ a: string }, { a: string; b?: number }>,
  Covers<{ a: { c: string }[] }, { a: readonly { c: string; d?: string }[] }>,
  Covers<{ v: { x: string } | { y?: string } }, { v: { x: string } | { y?: string } }>,
] = [false, false, true];

test("the model schemas match the Topology interfaces (checked by tsc)", () => {
  expect(sameShapes.every(Boolean)).toBe(true);
  expect(coversSelfTest).toEqual([false, false, true]);
});

test("a model schema keeps every field of a model object and adds none", () => {
  const world = everyKindTopology();
  expect(topologySchema.parse(world)).toEqual(world);
  expect(tenantSchema.parse({ ...world.tenants[0], fromOtherStack: true })).toEqual(world.tenants[0]);
});

describe("plan.json", () => {
  const plan = buildPlan(twoStackTopology(), MAIN, { findings: fixtureFindings() });
  const text = renderPlanJson(plan);

  test("parses back with planSchema to the same plan", () => {
    expect(planSchema.parse(JSON.parse(text))).toEqual(plan);
  });

  test("conforms to the generated JSON Schema", () => {
    expect(jsonSchemaProblems(planJsonSchema(), JSON.parse(text))).toEqual([]);
  });

  test("the JSON Schema rejects what it should: a wrong schemaVersion, an unknown key, a missing section", () => {
    const data = JSON.parse(text);
    expect(jsonSchemaProblems(planJsonSchema(), { ...data, schemaVersion: 2 })).toEqual(["$.schemaVersion: expected 1"]);
    expect(jsonSchemaProblems(planJsonSchema(), { ...data, extra: 1 })).toEqual(["$: unexpected property extra"]);
    const { findings: _, ...withoutFindings } = data;
    expect(jsonSchemaProblems(planJsonSchema(), withoutFindings)).toEqual(["$: missing findings"]);
  });

  test("has schemaVersion first, the schema's key order, 2-space indent and a final newline", () => {
    expect(text.startsWith(`{\n  "schemaVersion": ${PLAN_SCHEMA_VERSION},\n  "stack": "main",\n  "summary": {`)).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual(Object.keys(planSchema.shape));
    // Keys follow the schema, not the order the builder happened to write them in.
    const shuffled = { ...plan, findings: plan.findings, schemaVersion: plan.schemaVersion };
    expect(renderPlanJson(shuffled)).toBe(text);
  });

  test("refuses a malformed plan instead of writing it", () => {
    expect(() => renderPlanJson({ ...plan, summary: { ...plan.summary, errors: -1 } })).toThrow(/errors/);
  });
});

test("plan.schema.json is current (a change here is a change of plan.json's shape: raise PLAN_SCHEMA_VERSION when readers could notice)", () => {
  expect(`${JSON.stringify(planJsonSchema(), null, 2)}\n`).toMatchSnapshot();
});
