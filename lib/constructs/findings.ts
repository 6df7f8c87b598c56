/**
 * Runs the rule catalogue over the whole app and reports each finding on the construct it concerns:
 * errors as cdktf validation failures (`[path] rule-id: message`), warnings as annotations.
 */
import { Annotations } from "cdktf";
import type { IConstruct } from "constructs";
import { checkRules } from "../simulate";
import type { Finding } from "../rules";
import { synthesisDateOf } from "./context";
import { collectTopology } from "./topology-collector";

interface RootState {
  generation: number;
  cached?: { generation: number; findings: Finding[]; byPath: Map<string, Finding[]> };
  warned: Set<string>;
}

const states = new WeakMap<IConstruct, RootState>();

function stateOf(construct: IConstruct): RootState {
  const root = construct.node.root;
  let state = states.get(root);
  if (state === undefined) {
    state = { generation: 0, warned: new Set() };
    states.set(root, state);
  }
  return state;
}

/** Records that the declared topology changed, so cached findings are recomputed. */
export function markTopologyChanged(construct: IConstruct): void {
  stateOf(construct).generation++;
}

/** Every finding of the app `scope` belongs to, suppressed ones included, computed once per topology change. */
export function findingsOf(scope: IConstruct): Finding[] {
  return cachedFindings(scope).findings;
}

function cachedFindings(scope: IConstruct): NonNullable<RootState["cached"]> {
  const state = stateOf(scope);
  if (state.cached?.generation !== state.generation) {
    const findings = checkRules(collectTopology(scope), { now: synthesisDateOf(scope.node.root) });
    const byPath = new Map<string, Finding[]>();
    for (const finding of findings) byPath.set(finding.path, [...(byPath.get(finding.path) ?? []), finding]);
    state.cached = { generation: state.generation, findings, byPath };
  }
  return state.cached;
}

const attached = new WeakSet<IConstruct>();

/**
 * Makes `construct` report the findings whose path is its own: unsuppressed errors fail validation
 * (and so `app.synth()` and `Testing.synth(stack, true)`), warnings become annotations. Idempotent.
 */
export function attachFindingValidation(construct: IConstruct): void {
  if (attached.has(construct)) return;
  attached.add(construct);
  construct.node.addValidation({
    validate: () => {
      const findings = cachedFindings(construct).byPath.get(construct.node.path) ?? [];
      const state = stateOf(construct);
      for (const finding of findings) {
        if (finding.severity !== "warning") continue;
        const text = `${finding.ruleId}: ${finding.message}${finding.suppressed ? ` (suppressed: ${finding.suppressionReason})` : ""}`;
        const key = `${construct.node.path}\u0000${text}`;
        if (state.warned.has(key)) continue;
        state.warned.add(key);
        if (finding.suppressed) Annotations.of(construct).addInfo(text);
        else Annotations.of(construct).addWarning(text);
      }
      return findings.filter((f) => f.severity === "error" && !f.suppressed).map((f) => `${f.ruleId}: ${f.message}`);
    },
  });
}
