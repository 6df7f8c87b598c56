/**
 * Runs the rule catalogue over the whole app and reports each finding on the construct it concerns:
 * errors as cdktf validation failures (`[path] rule-id: message`), warnings as annotations.
 */
import { AnnotationMetadataEntryType, type IConstruct } from "./engine";
import type { Topology } from "../model/topology";
import { checkRules } from "../simulate";
import type { Finding } from "../rules";
import { synthesisDateOf } from "./context";
import { collectTopology } from "./topology-collector";

interface RootState {
  generation: number;
  topology?: { generation: number; topology: Topology };
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

/**
 * The app's Topology (see `collectTopology`), collected once per topology change: the rules and every stack's
 * artifacts read the same one instead of walking the whole construct tree again per stack. Treat it as read-only.
 */
export function topologyOf(scope: IConstruct): Topology {
  const state = stateOf(scope);
  if (state.topology?.generation !== state.generation) state.topology = { generation: state.generation, topology: collectTopology(scope) };
  return state.topology.topology;
}

function cachedFindings(scope: IConstruct): NonNullable<RootState["cached"]> {
  const state = stateOf(scope);
  if (state.cached?.generation !== state.generation) {
    const findings = checkRules(topologyOf(scope), { now: synthesisDateOf(scope.node.root) });
    const byPath = new Map<string, Finding[]>();
    for (const finding of findings) {
      const list = byPath.get(finding.path);
      if (list === undefined) byPath.set(finding.path, [finding]);
      else list.push(finding);
    }
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
        // As Annotations.of(construct) would add them, minus the stack trace: captured here it shows only this validation
        // (cdktf internals, with absolute paths that made manifest.json differ between machines) and cost a capture per warning.
        construct.node.addMetadata(finding.suppressed ? AnnotationMetadataEntryType.INFO : AnnotationMetadataEntryType.WARN, text, { stackTrace: false });
      }
      return findings.filter((f) => f.severity === "error" && !f.suppressed).map((f) => `${f.ruleId}: ${f.message}`);
    },
  });
}
