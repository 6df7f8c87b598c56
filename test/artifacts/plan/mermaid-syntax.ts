/**
 * A strict checker of the Mermaid the plan emits, written against Mermaid's flowchart grammar (flow.jison): it accepts
 * only the statement forms the plan uses, and checks each id and label for the traps of that grammar.
 *
 * - Ids: `[A-Za-z0-9_]`, starting with a capital letter: not a number, not `o`/`x` (which would turn `-->` into a circle
 *   or cross edge), not `v` (the DOWN token), and not a keyword the lexer matches by prefix (`end`, `style`, `class`,
 *   `classDef`, `click`, `call`, `default`, `graph`, `flowchart`, `subgraph`, `linkStyle`, `interpolate`, `href`).
 * - Labels: double-quoted; inside, no `"` (ends the string), no backtick (a leading one makes a markdown string), no `%`
 *   (directives), no `<`/`>` except the `<br/>` line break, no `#` except entity codes `#name;` / `#123;`, no line
 *   break, and no `direction` (a line containing `direction LR` is lexed as a direction statement, quotes or not).
 */

const KEYWORDS = /^(end|style|classDef|class|click|call|default|graph|flowchart|subgraph|linkStyle|interpolate|href|direction|accTitle|accDescr)/i;
const ID = "([A-Z][A-Za-z0-9_]*)";
const LABEL = '"([^"]*)"';

const FORMS: { name: string; pattern: RegExp }[] = [
  { name: "subgraph", pattern: new RegExp(`^  subgraph ${ID}\\[${LABEL}\\]$`) },
  { name: "end", pattern: /^  end$/ },
  { name: "node", pattern: new RegExp(`^    ${ID}\\[${LABEL}\\]$`) },
  { name: "edge", pattern: new RegExp(`^  ${ID} --> ${ID}$`) },
  { name: "labelled edge", pattern: new RegExp(`^  ${ID} -->\\|${LABEL}\\| ${ID}$`) },
  { name: "classDef", pattern: /^ {2}classDef ([A-Za-z][A-Za-z0-9_]*) stroke-dasharray:5 5$/ },
  { name: "class", pattern: new RegExp(`^  class ${ID} ([A-Za-z][A-Za-z0-9_]*)$`) },
];

/** Why a label's inside (between the quotes) would not survive Mermaid's lexer, or undefined. */
export function mermaidLabelProblem(inside: string): string | undefined {
  if (/["`%\n\r]/.test(inside)) return `forbidden character in ${JSON.stringify(inside)}`;
  const withoutBreaks = inside.replace(/<br\/>/g, "");
  if (/[<>]/.test(withoutBreaks)) return `HTML outside <br/> in ${JSON.stringify(inside)}`;
  if (/#(?![A-Za-z]+;|\d+;)/.test(inside)) return `# outside an entity code in ${JSON.stringify(inside)}`;
  if (/direction/i.test(inside)) return `"direction" in ${JSON.stringify(inside)}`;
  return undefined;
}

/** Why an id would not be read as one node id, or undefined. */
export function mermaidIdProblem(id: string): string | undefined {
  if (!/^[A-Z][A-Za-z0-9_]*$/.test(id)) return `id ${id} is not [A-Z][A-Za-z0-9_]*`;
  if (KEYWORDS.test(id)) return `id ${id} starts with a keyword`;
  return undefined;
}

/**
 * Every problem of a diagram (the lines between the fences): unknown statements, bad ids or labels, nodes defined twice,
 * edges or classes naming undefined nodes, unbalanced subgraphs.
 */
export function mermaidProblems(lines: readonly string[]): string[] {
  const problems: string[] = [];
  if (lines[0] !== "flowchart LR") problems.push(`line 1 must be "flowchart LR", is ${JSON.stringify(lines[0])}`);
  const defined = new Set<string>();
  const referenced: [number, string][] = [];
  let depth = 0;
  lines.slice(1).forEach((line, index) => {
    const n = index + 2;
    const form = FORMS.find((f) => f.pattern.test(line));
    if (form === undefined) {
      problems.push(`line ${n}: not a statement the plan emits: ${JSON.stringify(line)}`);
      return;
    }
    const groups = line.match(form.pattern)!.slice(1);
    const check = (id: string) => {
      const problem = mermaidIdProblem(id);
      if (problem) problems.push(`line ${n}: ${problem}`);
    };
    const label = (text: string) => {
      const problem = mermaidLabelProblem(text);
      if (problem) problems.push(`line ${n}: ${problem}`);
    };
    switch (form.name) {
      case "subgraph":
      case "node":
        check(groups[0]);
        label(groups[1]);
        if (defined.has(groups[0])) problems.push(`line ${n}: ${groups[0]} defined twice`);
        defined.add(groups[0]);
        if (form.name === "subgraph") {
          if (depth > 0) problems.push(`line ${n}: nested subgraph`);
          depth++;
        } else if (depth === 0) {
          problems.push(`line ${n}: node outside a subgraph`);
        }
        break;
      case "end":
        if (depth === 0) problems.push(`line ${n}: end without subgraph`);
        depth--;
        break;
      case "edge":
        referenced.push([n, groups[0]], [n, groups[1]]);
        break;
      case "labelled edge":
        label(groups[1]);
        referenced.push([n, groups[0]], [n, groups[2]]);
        break;
      case "class":
        referenced.push([n, groups[0]]);
        break;
    }
  });
  if (depth !== 0) problems.push("a subgraph is not closed");
  for (const [n, id] of referenced) if (!defined.has(id)) problems.push(`line ${n}: ${id} is not defined`);
  return problems;
}

/** The label text Mermaid shows for an escaped label: entity codes decoded, `<br/>` as a newline. */
export function decodeMermaidLabel(inside: string): string {
  const named: Record<string, string> = { quot: '"', amp: "&", lt: "<", gt: ">" };
  return inside
    .replace(/<br\/>/g, "\n")
    .replace(/#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/#([A-Za-z]+);/g, (whole, name: string) => named[name] ?? whole);
}

/** The Mermaid block of a plan.md: the lines between ```` ```mermaid ```` and the closing fence. */
export function mermaidBlock(markdown: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.indexOf("```mermaid");
  if (start < 0) throw new Error("plan.md has no ```mermaid block");
  const end = lines.indexOf("```", start + 1);
  return lines.slice(start + 1, end);
}
