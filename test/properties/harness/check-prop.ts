/**
 * The property every string prop must have, for one generated value:
 * - through the constructs, the value is either refused with an InvalidPropsError naming the construct path
 *   and the prop, or accepted, and then the script is the baseline's with the value (as the construct writes
 *   it) inside string literals only, parsing without error and with the same commands;
 * - written into the model as is (no validation), the script generator either refuses it with its own error,
 *   only for a value that holds a character no script may hold (or the ownership marker), or writes a script
 *   with the same guarantees.
 */
import fc from "fast-check";
import { MANAGED_MARKER_PREFIX } from "../../../lib/artifacts/powershell/managed-marker";
import { unsafeCharacterProblem } from "../../../lib/model/text";
import type { Topology } from "../../../lib/model/topology";
import { InvalidPropsError } from "../../../lib/model/validation";
import { type StringProp, digestChanges, digestsOf, scriptOf, topologyOf } from "./props";
import { type Baseline, parseFully, scriptProblem } from "./script-check";

/** Cases per prop: the issue asks for at least 2,000 in CI. */
export const RUNS_PER_PROP = 2000;

// The generators' own refusals: a character no script may hold, or a comment that claims another object.
const GENERATOR_REFUSAL = /^(Cannot write [^]+ into a PowerShell script: the value (contains|holds) |Refusing to write a value into a PowerShell script: it contains )/;
const MARKER_REFUSAL = /^Cannot write Comment of [^]+ into a PowerShell script: it already holds a cdktf-mailflow marker/;

const FILE_NAME = /^(exo|ems)-[a-z0-9-]+\.ps1$/;

/** The baselines of a prop: its declarations with the placeholder, through the constructs and through the model. */
export interface PropBaselines {
  readonly topology: Topology;
  readonly digests: readonly string[];
  readonly construct: Baseline;
  readonly modelDigests: readonly string[];
  readonly model: Baseline;
}

/** Builds and parses the two baselines of `prop` once. */
export async function baselinesOf(prop: StringProp): Promise<PropBaselines> {
  const written = prop.asWritten ?? ((v: string) => v);
  const topology = topologyOf(prop.declare(prop.placeholder), prop.script, prop.objects);
  const modelTopology = prop.model(topology, prop.placeholder);
  const construct = { shape: await parseFully(scriptOf(topology, prop.script).content), placeholder: written(prop.placeholder) };
  const model = { shape: await parseFully(scriptOf(modelTopology, prop.script).content), placeholder: prop.placeholder };
  return { topology, digests: digestsOf(topology), construct, modelDigests: digestsOf(modelTopology), model };
}

/** Throws, describing the failure, when `value` breaks the property of `prop`. */
export async function checkValue(prop: StringProp, baselines: PropBaselines, value: string): Promise<void> {
  const written = prop.asWritten ?? ((v: string) => v);
  // 1. Through the constructs.
  let declared: Topology | undefined;
  try {
    declared = topologyOf(prop.declare(value), prop.script, prop.objects);
  } catch (error) {
    const expected = prop.refusal(value);
    if (!(error instanceof InvalidPropsError)) throw new Error(`the constructs failed with something other than InvalidPropsError: ${(error as Error)?.stack ?? String(error)}`);
    if (error.path !== expected.path) throw new Error(`InvalidPropsError names path ${JSON.stringify(error.path)}, expected ${JSON.stringify(expected.path)}`);
    if (!error.problems.some((p) => p.prop === expected.prop)) throw new Error(`InvalidPropsError names ${JSON.stringify(error.problems.map((p) => p.prop))}, not ${expected.prop}: ${error.message}`);
  }
  if (declared !== undefined) {
    const script = scriptOf(declared, prop.script);
    if (!FILE_NAME.test(script.fileName)) throw new Error(`file name ${JSON.stringify(script.fileName)}`);
    const problem = await scriptProblem(baselines.construct, script.content, written(value), digestChanges(baselines.digests, declared));
    if (problem !== undefined) throw new Error(`through the constructs: ${problem}`);
  }
  // 2. Written into the model as is; a model equal to the constructs' one gives the same script, already checked.
  const raw = prop.model(baselines.topology, value);
  if (declared !== undefined && JSON.stringify(raw) === JSON.stringify(declared)) return;
  let content: string;
  try {
    const script = scriptOf(raw, prop.script);
    if (!FILE_NAME.test(script.fileName)) throw new Error(`file name ${JSON.stringify(script.fileName)}`);
    content = script.content;
  } catch (error) {
    const message = (error as Error).message;
    const justified = (GENERATOR_REFUSAL.test(message) && unsafeCharacterProblem(value) !== undefined) || (MARKER_REFUSAL.test(message) && value.includes(MANAGED_MARKER_PREFIX));
    if (!justified) throw new Error(`the script generator failed for a value it should write: ${(error as Error).stack}`);
    return;
  }
  const problem = await scriptProblem(baselines.model, content, value, digestChanges(baselines.modelDigests, raw));
  if (problem !== undefined) throw new Error(`through the model: ${problem}`);
}

/** Runs the property of `prop` for `numRuns` generated values. */
export async function checkStringProp(prop: StringProp, numRuns = RUNS_PER_PROP): Promise<void> {
  const baselines = await baselinesOf(prop);
  await fc.assert(
    fc.asyncProperty(prop.values, (value) => checkValue(prop, baselines, value)),
    { numRuns },
  );
}
