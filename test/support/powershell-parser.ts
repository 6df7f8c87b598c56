/**
 * Parses generated PowerShell with the tree-sitter grammar shipped in tree-sitter-powershell, and
 * reads what tests need from the tree: command names and string literals.
 *
 * The grammar knows only the ASCII apostrophe as a single quote, while PowerShell also ends a
 * verbatim string at ‘ ’ ‚ ‛. {@link verbatimStringValue} decodes a literal the way PowerShell's
 * tokenizer does, so a Unicode quote that was not doubled is caught even though the grammar accepts it.
 */
import * as fs from "fs";
import type { Node, Tree } from "web-tree-sitter";

// web-tree-sitter is an ES module with a CommonJS build; require picks the latter under ts-jest.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Parser, Language } = require("web-tree-sitter") as typeof import("web-tree-sitter");

let parserPromise: Promise<InstanceType<typeof Parser>> | undefined;

async function loadParser(): Promise<InstanceType<typeof Parser>> {
  await Parser.init();
  // Bytes rather than a path: loading from a path takes a dynamic import that Jest's VM does not allow.
  const language = await Language.load(fs.readFileSync(require.resolve("tree-sitter-powershell/tree-sitter-powershell.wasm")));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** Parses PowerShell source; the parser is loaded once per test file. */
export async function parsePowerShell(source: string): Promise<Tree> {
  parserPromise ??= loadParser();
  const tree = (await parserPromise).parse(source);
  if (tree === null) throw new Error("tree-sitter returned no tree");
  return tree;
}

/** Every node of the tree, depth first in source order. */
export function allNodes(tree: Tree): Node[] {
  const nodes: Node[] = [];
  const visit = (node: Node) => {
    nodes.push(node);
    for (const child of node.children) if (child !== null) visit(child);
  };
  visit(tree.rootNode);
  return nodes;
}

/** ERROR and MISSING nodes, with their position, for a readable failure message. */
export function syntaxProblems(tree: Tree): string[] {
  return allNodes(tree)
    .filter((n) => n.type === "ERROR" || n.isMissing)
    .map((n) => `${n.isMissing ? "missing" : "error"} at ${n.startPosition.row + 1}:${n.startPosition.column + 1}: ${JSON.stringify(n.text.slice(0, 80))}`);
}

/** The names of all commands in source order, e.g. `["New-InboundConnector", "Out-Null"]`. */
export function commandNames(tree: Tree): string[] {
  return allNodes(tree)
    .filter((n) => n.type === "command_name")
    .map((n) => n.text);
}

/** One command invocation: its name, its `-Parameter value` pairs, and its node. */
export interface CommandCall {
  readonly name: string;
  /** Parameter name (without the dash) → the argument's source text, or `true` for a switch without one. */
  readonly parameters: ReadonlyMap<string, string | true>;
  readonly node: Node;
}

/** Every command invocation in source order, with its named arguments. */
export function commandCalls(tree: Tree): CommandCall[] {
  return allNodes(tree)
    .filter((n) => n.type === "command" && n.childForFieldName("command_name") !== null)
    .map((node) => {
      const parameters = new Map<string, string | true>();
      const elements = (node.childForFieldName("command_elements")?.namedChildren ?? []).filter(
        (e): e is Node => e !== null && e.type !== "command_argument_sep",
      );
      elements.forEach((element, i) => {
        if (element.type !== "command_parameter") return;
        const next = elements[i + 1];
        parameters.set(element.text.replace(/^-/, ""), next !== undefined && next.type !== "command_parameter" ? next.text : true);
      });
      return { name: node.childForFieldName("command_name")!.text, parameters, node };
    });
}

/** The node's ancestors, nearest first. */
export function ancestors(node: Node): Node[] {
  const result: Node[] = [];
  for (let parent = node.parent; parent !== null; parent = parent.parent) result.push(parent);
  return result;
}

/** A string literal in the tree: its source text and, for a verbatim string, the value PowerShell reads. */
export interface StringLiteral {
  /** `verbatim_string_characters`, `expandable_string_literal` or a here-string type. */
  readonly type: string;
  /** The literal as written, quotes included. */
  readonly text: string;
  /** UTF-16 offsets in the source, end exclusive. */
  readonly startIndex: number;
  readonly endIndex: number;
  /** The value of a verbatim string; undefined for the other kinds. */
  readonly value?: string;
}

/** Every string literal of the tree, in source order. */
export function stringLiterals(tree: Tree): StringLiteral[] {
  return allNodes(tree)
    .filter((n) => n.type === "string_literal")
    .map((n) => {
      const inner = n.firstChild ?? n;
      const isVerbatim = inner.type === "verbatim_string_characters";
      return {
        type: inner.type,
        text: n.text,
        startIndex: n.startIndex,
        endIndex: n.endIndex,
        ...(isVerbatim ? { value: verbatimStringValue(n.text) } : {}),
      };
    });
}

const SINGLE_QUOTES = new Set(["'", "\u2018", "\u2019", "\u201A", "\u201B"]);

/**
 * The value of a single-quoted literal as PowerShell's tokenizer reads it: any of ' ‘ ’ ‚ ‛ opens it,
 * a pair of them stands for the second one, and a single one ends it. Throws when the literal
 * would end before its last character, i.e. when PowerShell would read code after it.
 */
export function verbatimStringValue(text: string): string {
  const chars = [...text];
  if (chars.length < 2 || !SINGLE_QUOTES.has(chars[0])) throw new Error(`not a verbatim string: ${JSON.stringify(text)}`);
  let value = "";
  for (let i = 1; i < chars.length; i++) {
    const ch = chars[i];
    if (SINGLE_QUOTES.has(ch)) {
      if (i + 1 < chars.length && SINGLE_QUOTES.has(chars[i + 1])) {
        value += chars[i + 1];
        i++;
        continue;
      }
      if (i !== chars.length - 1) throw new Error(`PowerShell ends ${JSON.stringify(text)} early, at offset ${i}`);
      return value;
    }
    value += ch;
  }
  throw new Error(`unterminated verbatim string: ${JSON.stringify(text)}`);
}

/** The source with every string literal replaced by spaces: what PowerShell reads as code and comments. */
export function textOutsideStringLiterals(source: string, tree: Tree): string {
  let result = "";
  let at = 0;
  for (const literal of stringLiterals(tree)) {
    if (literal.startIndex < at) continue;
    result += source.slice(at, literal.startIndex) + " ".repeat(literal.endIndex - literal.startIndex);
    at = literal.endIndex;
  }
  return result + source.slice(at);
}

/**
 * True when `value` is the content of some verbatim string literal (whole, or within it) and does
 * not occur anywhere outside string literals.
 */
export function occursOnlyInStringLiterals(source: string, tree: Tree, value: string): boolean {
  const insideLiteral = stringLiterals(tree).some((l) => l.value !== undefined && l.value.includes(value));
  return insideLiteral && !textOutsideStringLiterals(source, tree).includes(value);
}
