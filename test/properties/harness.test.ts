/**
 * The checker the script properties rely on, checked itself: the line diff is a correct diff, the incremental
 * parse gives the tree of a full parse, and the fast (region) check gives the verdict of the full check, on
 * scripts with hostile values and on scripts broken on purpose.
 */
import fc from "fast-check";
import type { Tree } from "web-tree-sitter";
import { digestChanges, DEFAULTS, STRING_PROPS } from "./harness/props";
import { baselinesOf } from "./harness/check-prop";
import { lineHunks, parseFrom, parseFully, scriptProblem, scriptProblemFull, shapeProblem } from "./harness/script-check";
import { SAFE_PIECES, UNSAFE_PIECES, hostileText } from "./harness/values";
import { scriptOf } from "./harness/props";

const inboundName = STRING_PROPS.find((p) => p.name === "InboundConnector.name")!;
const inboundComment = STRING_PROPS.find((p) => p.name === "InboundConnector.comment")!;

/** Breaks a script the way an escaping bug could: text inserted, deleted or replaced somewhere. */
const mutation = fc.record({
  at: fc.nat(),
  deleted: fc.nat({ max: 40 }),
  inserted: fc.array(fc.constantFrom(...SAFE_PIECES, ...UNSAFE_PIECES, "'", "\n", "}", "{", "(", ")", "#", "<#"), { maxLength: 6 }).map((p) => p.join("")),
});

/** Every node of a tree as type@start-end, depth first: two trees with the same fingerprint are the same tree. */
function fingerprint(tree: Tree): string[] {
  const nodes: string[] = [];
  const cursor = tree.walk();
  for (;;) {
    nodes.push(`${cursor.nodeType}${cursor.nodeIsMissing ? "!" : ""}@${cursor.startIndex}-${cursor.endIndex}`);
    if (cursor.gotoFirstChild() || cursor.gotoNextSibling()) continue;
    let climbed = false;
    while (cursor.gotoParent()) {
      if (cursor.gotoNextSibling()) {
        climbed = true;
        break;
      }
    }
    if (!climbed) break;
  }
  cursor.delete();
  return nodes;
}

function mutate(source: string, m: { at: number; deleted: number; inserted: string }): string {
  const at = m.at % source.length;
  return source.slice(0, at) + m.inserted + source.slice(at + m.deleted);
}

describe("the script checker", () => {
  test("lineHunks is a diff: applying its hunks to the old lines gives the new ones", () => {
    const lines = fc.array(fc.constantFrom("a\n", "b\n", "c\n", "d\n"), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const rebuilt: string[] = [];
        let at = 0;
        for (const h of lineHunks(a, b)) {
          rebuilt.push(...a.slice(at, h.oldStart), ...b.slice(h.newStart, h.newEnd));
          expect(a.slice(at, h.oldStart)).toEqual(b.slice(h.newStart - (h.oldStart - at), h.newStart));
          at = h.oldEnd;
        }
        rebuilt.push(...a.slice(at));
        expect(rebuilt).toEqual(b);
      }),
      { numRuns: 2000 },
    );
  });

  test("the incremental parse gives the tree of a full parse", async () => {
    const base = await baselinesOf(inboundComment);
    const sourceOf = (c: { mutation?: Parameters<typeof mutate>[1]; value?: string }) => {
      if (c.mutation !== undefined) return mutate(base.construct.shape.source, c.mutation);
      try {
        return scriptOf(inboundComment.model(base.topology, c.value!), "exo").content;
      } catch {
        return base.construct.shape.source;
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutation.map((m) => ({ mutation: m })), hostileText.map((value) => ({ value }))), async (candidate) => {
        const source = sourceOf(candidate);
        const incremental = await parseFrom(base.construct.shape, source);
        const full = await parseFully(source);
        expect(fingerprint(incremental.tree)).toEqual(fingerprint(full.tree));
        expect(incremental.literals).toEqual(full.literals);
        incremental.tree.delete();
        full.tree.delete();
      }),
      { numRuns: 100 },
    );
  });

  test("the fast check gives the full check's verdict, on hostile values and on broken scripts", async () => {
    const base = await baselinesOf(inboundName);
    // Candidates are described by value and mutation only, so a counterexample stays readable.
    const candidates = fc.oneof(
      hostileText.map((value) => ({ value, mutation: undefined })),
      fc.tuple(hostileText, mutation).map(([value, m]) => ({ value, mutation: m })),
    );
    let problems = 0;
    await fc.assert(
      fc.asyncProperty(candidates, async ({ value, mutation: m }) => {
        let source: string;
        try {
          source = scriptOf(inboundName.model(base.topology, value), "exo").content;
        } catch {
          if (m === undefined) return;
          source = base.model.shape.source;
        }
        if (m !== undefined) source = mutate(source, m);
        const changes = digestChanges(base.modelDigests, inboundName.model(base.topology, value));
        const fast = await scriptProblem(base.model, source, value, changes);
        const full = await scriptProblemFull(base.model, source, value, changes);
        if (full !== undefined) problems++;
        expect({ fast: fast === undefined, full }).toEqual({ fast: full === undefined, full });
      }),
      { numRuns: 300 },
    );
    // The broken scripts must really have exercised the failing side.
    expect(problems).toBeGreaterThan(30);
  });

  test("a baseline compared with itself has no problem, and the placeholder is in it", async () => {
    for (const prop of STRING_PROPS) {
      const base = await baselinesOf(prop);
      expect({ prop: prop.name, problem: shapeProblem(base.construct.shape, base.construct.shape, base.construct.placeholder, base.construct.placeholder) }).toEqual({ prop: prop.name, problem: undefined });
      // Only the display name is not written into any script.
      expect({ prop: prop.name, holds: base.model.shape.source.includes(prop.placeholder) }).toEqual({ prop: prop.name, holds: !prop.name.startsWith("Tenant.displayName") });
    }
    expect(DEFAULTS.inboundName).toBe("From on-premises");
  });
});
