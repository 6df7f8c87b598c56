/**
 * Checks a generated script against a baseline generated from the same declarations with a benign
 * placeholder instead of the value under test: the script must parse with no error, its code (everything
 * outside string literals) must be exactly the baseline's, and its string literals the baseline's with
 * the placeholder replaced by the value, decoded the way PowerShell reads them.
 *
 * Thousands of scripts are checked per property, so a script is parsed incrementally: the baseline's tree
 * is edited where the two differ (a line diff) and reparsed, which tree-sitter guarantees gives the tree
 * of a full parse. `harness.test.ts` checks that guarantee on random edits.
 */
import * as fs from "fs";
import type { Language, Parser, Query, Tree } from "web-tree-sitter";
import { verbatimStringValue } from "../../support/powershell-parser";

// web-tree-sitter is an ES module with a CommonJS build; require picks the latter under ts-jest.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const treeSitter = require("web-tree-sitter") as typeof import("web-tree-sitter");

let loaded: Promise<Parser> | undefined;
let literalQuery: Query | undefined;

/** The tree-sitter-powershell parser, loaded once per test file. */
export function powershellParser(): Promise<Parser> {
  loaded ??= (async () => {
    await treeSitter.Parser.init();
    // Bytes rather than a path: loading from a path takes a dynamic import that Jest's VM does not allow.
    const language: Language = await treeSitter.Language.load(fs.readFileSync(require.resolve("tree-sitter-powershell/tree-sitter-powershell.wasm")));
    const parser = new treeSitter.Parser();
    parser.setLanguage(language);
    literalQuery = new treeSitter.Query(language, "(string_literal) @literal");
    return parser;
  })();
  return loaded;
}

/** A string literal: where it is and its text as written. */
interface Literal {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A parsed script reduced to what the checks compare. */
export interface ScriptShape {
  readonly source: string;
  /** The lines of the source, each with its line feed, and where each starts (computed once, for diffs). */
  readonly lines: readonly string[];
  readonly offsets: readonly number[];
  readonly tree: Tree;
  /** Source text between the string literals: what PowerShell reads as code and comments. */
  readonly code: string[];
  /** The string literals as written, quotes included. */
  readonly literals: string[];
  /** The names of all commands, in source order. */
  readonly commands: string[];
}

function shapeOf(source: string, tree: Tree): ScriptShape {
  const literals: Literal[] = tree.rootNode
    .descendantsOfType("string_literal")
    .filter((n) => n !== null)
    .map((n) => ({ start: n.startIndex, end: n.endIndex, text: n.text }));
  const code: string[] = [];
  let at = 0;
  for (const literal of literals) {
    code.push(source.slice(at, literal.start));
    at = literal.end;
  }
  code.push(source.slice(at));
  const commands = tree.rootNode
    .descendantsOfType("command_name")
    .filter((n) => n !== null)
    .map((n) => n.text);
  const lines = linesOf(source);
  return { source, lines, offsets: lineOffsets(lines), tree, code, literals: literals.map((l) => l.text), commands };
}

/** Parses a whole script (for baselines, and for checking the incremental path). */
export async function parseFully(source: string): Promise<ScriptShape> {
  const tree = (await powershellParser()).parse(source);
  if (tree === null) throw new Error("tree-sitter returned no tree");
  return shapeOf(source, tree);
}

/** The lines of `text`, each with its line feed. */
function linesOf(text: string): string[] {
  const lines = text.split("\n").map((line) => `${line}\n`);
  // The text after the last line feed, without one (empty when the text ends with a line feed).
  const last = lines.pop()!.slice(0, -1);
  if (last !== "") lines.push(last);
  return lines;
}

/** A changed run of lines: old lines [oldStart, oldEnd) became new lines [newStart, newEnd). */
interface Hunk {
  readonly oldStart: number;
  readonly oldEnd: number;
  readonly newStart: number;
  readonly newEnd: number;
}

/** The changed runs of lines between `a` and `b` (Myers' O(ND) diff; D is small here). */
export function lineHunks(a: readonly string[], b: readonly string[]): Hunk[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back through the trace to list the matching lines, then turn the gaps between them into hunks.
  const matches: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const previous = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && previous[offset + k - 1] < previous[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = previous[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      matches.push([x - 1, y - 1]);
      x--;
      y--;
    }
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    matches.push([x - 1, y - 1]);
    x--;
    y--;
  }
  matches.reverse();
  const hunks: Hunk[] = [];
  let oldAt = 0;
  let newAt = 0;
  for (const [oi, ni] of [...matches, [n, m] as [number, number]]) {
    if (oi > oldAt || ni > newAt) hunks.push({ oldStart: oldAt, oldEnd: oi, newStart: newAt, newEnd: ni });
    oldAt = oi + 1;
    newAt = ni + 1;
  }
  return hunks;
}

/** Offsets of the start of each line, and of the end of the text (one more entry than lines). */
function lineOffsets(lines: readonly string[]): number[] {
  const offsets = [0];
  for (const line of lines) offsets.push(offsets[offsets.length - 1] + line.length);
  return offsets;
}

/** The baseline's tree, edited to match `source` line by line, and the hunks between the two. */
function editedTree(baseline: ScriptShape, source: string) {
  const oldLines = baseline.lines;
  const newLines = linesOf(source);
  const oldOffsets = baseline.offsets;
  const newOffsets = lineOffsets(newLines);
  const hunks = lineHunks(oldLines, newLines);
  const tree = baseline.tree.copy();
  // Last hunk first: an edit never moves the text before it, so earlier hunks keep their old positions.
  for (const h of [...hunks].reverse()) {
    const startIndex = oldOffsets[h.oldStart];
    tree.edit(new treeSitter.Edit({
      startIndex,
      oldEndIndex: oldOffsets[h.oldEnd],
      newEndIndex: startIndex + (newOffsets[h.newEnd] - newOffsets[h.newStart]),
      startPosition: { row: h.oldStart, column: 0 },
      oldEndPosition: { row: h.oldEnd, column: 0 },
      newEndPosition: { row: h.oldStart + (h.newEnd - h.newStart), column: 0 },
    }));
  }
  return { tree, hunks, oldOffsets, newOffsets, oldLineCount: oldLines.length, newLineCount: newLines.length };
}

/** Parses `source` by editing `baseline`'s tree where the two differ, then reparsing (tree-sitter's incremental parse). */
export async function parseFrom(baseline: ScriptShape, source: string): Promise<ScriptShape> {
  const { tree } = editedTree(baseline, source);
  const reparsed = (await powershellParser()).parse(source, tree);
  tree.delete();
  if (reparsed === null) throw new Error("tree-sitter returned no tree");
  return shapeOf(source, reparsed);
}

/**
 * Why `candidate` is not `baseline` with `placeholder` replaced by `value` inside string literals only, or
 * undefined when it is: it parses without error, its code is the baseline's byte for byte (so the same
 * commands, and nothing of the value outside a literal), every literal is a single-quoted one that PowerShell
 * reads to its end, and the literals' values are the baseline's with the placeholder replaced (after
 * `replacements`, text that follows from the value such as settings digests).
 */
export function shapeProblem(
  baseline: ScriptShape,
  candidate: ScriptShape,
  placeholder: string,
  value: string,
  replacements: readonly (readonly [string, string])[] = [],
): string | undefined {
  if (candidate.tree.rootNode.hasError) return "the script does not parse: tree-sitter reports an error";
  if (candidate.code.length !== baseline.code.length) {
    return `the script has ${candidate.literals.length} string literals where the baseline has ${baseline.literals.length}`;
  }
  const codeAt = candidate.code.findIndex((c, i) => c !== baseline.code[i]);
  if (codeAt >= 0) return `the code between literals ${codeAt - 1} and ${codeAt} differs from the baseline: ${JSON.stringify(candidate.code[codeAt].slice(0, 200))}`;
  if (candidate.commands.join("\n") !== baseline.commands.join("\n")) return "the commands differ from the baseline's";
  for (let i = 0; i < candidate.literals.length; i++) {
    const text = candidate.literals[i];
    if (!text.startsWith("'")) return `literal ${i} is not a single-quoted string: ${JSON.stringify(text.slice(0, 80))}`;
    let decoded: string;
    try {
      decoded = verbatimStringValue(text);
    } catch (error) {
      return `literal ${i}: ${(error as Error).message}`;
    }
    // Other text that follows from the value (settings digests) first, so the value itself is never rewritten.
    const replaced = replacements.reduce((text, [from, to]) => text.split(from).join(to), verbatimStringValue(baseline.literals[i]));
    const expected = replaced.split(placeholder).join(value);
    if (decoded !== expected) return `literal ${i} reads as ${JSON.stringify(decoded.slice(0, 200))}, expected ${JSON.stringify(expected.slice(0, 200))}`;
  }
  return undefined;
}

/** A baseline script and the placeholder it holds where the value under test goes. */
export interface Baseline {
  readonly shape: ScriptShape;
  readonly placeholder: string;
}

/** Parses `source` fully and returns why it is not the baseline with `value` in place, or undefined (the reference check). */
export async function scriptProblemFull(
  baseline: Baseline,
  source: string,
  value: string,
  replacements: readonly (readonly [string, string])[] = [],
): Promise<string | undefined> {
  const candidate = await parseFully(source);
  try {
    return shapeProblem(baseline.shape, candidate, baseline.placeholder, value, replacements);
  } finally {
    candidate.tree.delete();
  }
}

/** Literals intersecting rows [from, to) of a tree, and the code between them within those rows. */
function regionShape(tree: Tree, source: string, offsets: readonly number[], from: number, to: number): { code: string[]; literals: string[] } {
  const start = offsets[from];
  const end = offsets[to];
  // A query cursor limited to the range skips the rest of the tree, unlike descendantsOfType.
  const nodes = from === to ? [] : literalQuery!.captures(tree.rootNode, { startPosition: { row: from, column: 0 }, endPosition: { row: to, column: 0 } }).map((c) => c.node);
  const code: string[] = [];
  const literals: string[] = [];
  let at = start;
  for (const node of nodes) {
    if (node === null || node.endIndex <= start || node.startIndex >= end) continue;
    code.push(source.slice(at, Math.max(at, node.startIndex)));
    literals.push(`${node.startIndex < start ? "<" : ""}${node.text}${node.endIndex > end ? ">" : ""}`);
    at = Math.min(end, node.endIndex);
  }
  code.push(source.slice(at, end));
  return { code, literals };
}

/**
 * {@link scriptProblemFull}, fast: the script is parsed incrementally from the baseline's tree, and compared
 * only where it can differ: the changed lines, one line around each, and the ranges tree-sitter reports as
 * structurally changed (`getChangedRanges`). Everywhere else the text is the baseline's and, by tree-sitter's
 * contract, so is the tree. `harness.test.ts` checks that both give the same verdict.
 */
export async function scriptProblem(
  baseline: Baseline,
  source: string,
  value: string,
  replacements: readonly (readonly [string, string])[] = [],
): Promise<string | undefined> {
  const edit = editedTree(baseline.shape, source);
  const reparsed = (await powershellParser()).parse(source, edit.tree);
  if (reparsed === null) throw new Error("tree-sitter returned no tree");
  try {
    if (reparsed.rootNode.hasError) return "the script does not parse: tree-sitter reports an error";
    // Rows of the new text to compare, as [from, to) intervals: hunks with a line of context, and changed ranges.
    const intervals: [number, number][] = [
      ...edit.hunks.map((h): [number, number] => [Math.max(0, h.newStart - 1), Math.min(edit.newLineCount, h.newEnd + 1)]),
      ...edit.tree.getChangedRanges(reparsed).map((r): [number, number] => [r.startPosition.row, Math.min(edit.newLineCount, r.endPosition.row + 1)]),
    ].sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [from, to] of intervals) {
      const last = merged[merged.length - 1];
      if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
      else merged.push([from, to]);
    }
    // Unchanged lines are not compared below: none of them may hold text the value (or a digest) replaces.
    const replacedTexts = [baseline.placeholder, ...replacements.map(([from]) => from)].filter((t) => t !== value);
    let hunkAt = 0;
    for (let row = 0; row < baseline.shape.lines.length; row++) {
      while (hunkAt < edit.hunks.length && edit.hunks[hunkAt].oldEnd <= row) hunkAt++;
      const inHunk = hunkAt < edit.hunks.length && edit.hunks[hunkAt].oldStart <= row;
      if (!inHunk && replacedTexts.some((t) => baseline.shape.lines[row].includes(t))) {
        return `line ${row + 1} of the baseline is unchanged but holds ${JSON.stringify(replacedTexts.find((t) => baseline.shape.lines[row].includes(t)))}, which the value replaces`;
      }
    }
    // A row outside every hunk maps to the old text by the lines the hunks before it added or removed.
    const oldRow = (row: number) => {
      let delta = 0;
      for (const h of edit.hunks) if (h.newEnd <= row && !(h.newStart === h.newEnd && h.newStart === row)) delta += h.newEnd - h.newStart - (h.oldEnd - h.oldStart);
      return row - delta;
    };
    for (const [from, to] of merged) {
      const now = regionShape(reparsed, source, edit.newOffsets, from, to);
      const before = regionShape(baseline.shape.tree, baseline.shape.source, edit.oldOffsets, oldRow(from), oldRow(to));
      if (now.code.length !== before.code.length) return `lines ${from + 1}-${to}: ${now.literals.length} string literals where the baseline has ${before.literals.length}`;
      const codeAt = now.code.findIndex((c, i) => c !== before.code[i]);
      if (codeAt >= 0) return `lines ${from + 1}-${to}: the code differs from the baseline's: ${JSON.stringify(now.code[codeAt].slice(0, 200))}`;
      for (let i = 0; i < now.literals.length; i++) {
        const text = now.literals[i];
        if (!text.startsWith("'") || !before.literals[i].startsWith("'")) return `lines ${from + 1}-${to}: literal ${JSON.stringify(text.slice(0, 80))} is cut by the region or not single-quoted`;
        let decoded: string;
        try {
          decoded = verbatimStringValue(text.replace(/>$/, ""));
        } catch (error) {
          return `lines ${from + 1}-${to}: ${(error as Error).message}`;
        }
        const replaced = replacements.reduce((t, [a, b]) => t.split(a).join(b), verbatimStringValue(before.literals[i].replace(/>$/, "")));
        const expected = replaced.split(baseline.placeholder).join(value);
        if (decoded !== expected || text.endsWith(">") !== before.literals[i].endsWith(">")) {
          return `lines ${from + 1}-${to}: a literal reads as ${JSON.stringify(decoded.slice(0, 200))}, expected ${JSON.stringify(expected.slice(0, 200))}`;
        }
      }
    }
    return undefined;
  } finally {
    reparsed.delete();
    edit.tree.delete();
  }
}
