/**
 * Reading a plan.json that synthesis wrote: the commands that compare against declarations (simulate, drift) start here.
 */
import * as fs from "fs";
import { planSchema, topologyFromPlan, PLAN_SCHEMA_VERSION, type Plan } from "../artifacts/plan";
import type { Topology } from "../model/topology";
import { topologyValueProblems } from "../model/topology-problems";
import { UsageError } from "./usage-error";

/** A plan.json and the topology it was built from, or a usage error that says what is wrong with the file. */
export function readPlanFile(file: string): { readonly plan: Plan; readonly topology: Topology } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the plan ${file}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the plan ${file} is not JSON (${(error as Error).message}): pass the plan.json that cdktf synth wrote`);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === "number" && version > PLAN_SCHEMA_VERSION) {
    throw new UsageError(`the plan ${file} has schemaVersion ${version}, newer than this tool reads (${PLAN_SCHEMA_VERSION}): update cdktf-mailflow`);
  }
  const parsed = planSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new UsageError(`the plan ${file} is not a cdktf-mailflow plan.json: ${issues.join("; ")}${parsed.error.issues.length > 5 ? "; ..." : ""}`);
  }
  const topology = topologyFromPlan(parsed.data);
  const problems = topologyValueProblems(topology);
  if (problems.length > 0) {
    const [first] = problems;
    throw new UsageError(
      `the plan ${file} holds an invalid value at ${first.field} (${first.path}): ${first.message}` +
        `${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}: pass the plan.json that cdktf synth wrote, unedited`,
    );
  }
  return { plan: parsed.data, topology };
}
