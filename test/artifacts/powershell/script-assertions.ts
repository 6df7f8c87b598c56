/**
 * Checks every generated script must pass, shared by the Exchange Online and Exchange Server tests.
 */
import type { Node, Tree } from "web-tree-sitter";
import { SCRIPT_BYTE_ORDER_MARK } from "../../../lib/artifacts/powershell/script-sections";
import { type CommandCall, allNodes, ancestors, commandCalls, parsePowerShell, stringLiterals, syntaxProblems, textOutsideStringLiterals } from "../../support/powershell-parser";

/** A parsed script with what the tests look at. */
export interface AnalysedScript {
  readonly source: string;
  readonly tree: Tree;
  readonly calls: CommandCall[];
}

/** Parses a script and checks the properties that hold for every script, whatever its input. */
export async function analyseScript(source: string): Promise<AnalysedScript> {
  const tree = await parsePowerShell(source);
  expect(syntaxProblems(tree)).toEqual([]);
  expect(tree.rootNode.hasError).toBe(false);
  // Decoding every verbatim literal the way PowerShell does throws when one would end early.
  const literals = stringLiterals(tree);
  // No double-quoted or here-strings at all: nothing in a script expands.
  expect(literals.filter((l) => l.type !== "verbatim_string_characters")).toEqual([]);
  // PowerShell reads Unicode quotes and dashes as syntax outside strings: only the BOM may be non-ASCII there.
  expect(source.startsWith(SCRIPT_BYTE_ORDER_MARK)).toBe(true);
  // eslint-disable-next-line no-control-regex
  expect(textOutsideStringLiterals(source, tree).slice(1).match(/[^\x09\x0A\x0D\x20-\x7E]/g)).toBeNull();
  expect(source.endsWith("\n")).toBe(true);
  return { source, tree, calls: commandCalls(tree) };
}

/** The calls of one command. */
export function callsOf(script: AnalysedScript, name: string): CommandCall[] {
  return script.calls.filter((c) => c.name === name);
}

/** The condition of the nearest `if`/`elseif` whose block holds the node, or undefined. */
export function enclosingCondition(node: Node): string | undefined {
  for (const ancestor of ancestors(node)) {
    const owner = ancestor.parent;
    if (ancestor.type === "statement_block" && owner !== null && (owner.type === "if_statement" || owner.type === "elseif_clause")) {
      return owner.childForFieldName("condition")?.text;
    }
  }
  return undefined;
}

/** The name of the function the node is defined in, or undefined at script level. */
export function enclosingFunction(node: Node): string | undefined {
  const fn = ancestors(node).find((a) => a.type === "function_statement");
  return fn?.namedChildren.find((c) => c?.type === "function_name")?.text;
}

/** Every changing Exchange cmdlet call must sit directly in an `if ($PSCmdlet.ShouldProcess(...))` block. */
export function expectChangesGuardedByShouldProcess(script: AnalysedScript, changeCommands: RegExp): void {
  const changes = script.calls.filter((c) => changeCommands.test(c.name));
  expect(changes.length).toBeGreaterThan(0);
  for (const change of changes) {
    expect({ command: change.name, condition: enclosingCondition(change.node) }).toEqual({
      command: change.name,
      condition: expect.stringContaining("$PSCmdlet.ShouldProcess(") as unknown,
    });
  }
}

/** All node types of the tree, for assertions about what kinds of syntax appear. */
export function nodeTypes(tree: Tree): Set<string> {
  return new Set(allNodes(tree).map((n) => n.type));
}

/** Values that try to break out of a PowerShell string or comment, each wrapped in markers for searching. */
export const HOSTILE_SINGLE_LINE_VALUES: readonly string[] = [
  "'",
  "\u2019",
  "\u2018",
  "\u201A",
  "\u201B",
  "''",
  "\u2019'\u2018",
  "$(calc)",
  "$env:MAILFLOW_CERTIFICATE_PASSWORD",
  "`$(calc)`",
  "`",
  "; Remove-Item -Recurse -Force C:\\",
  "#>",
  "<#",
  "# comment",
  '"; calc; "',
  "{0}",
  "@'",
  "'; calc; '",
  "\u2019; calc; \u2018",
  "Zürich \u2013 naïve",
].map((v) => `ZQ${v}QZ`);

/** Multi-line hostile values, for the one setting that may span lines (Comment). */
export const HOSTILE_MULTILINE_VALUES: readonly string[] = [
  "first\n'; calc; '\nlast",
  "#>\nWrite-Host pwned\n<#",
  "line\r\n\u2019\r\n$(calc)",
  "'@\n@'",
].map((v) => `ZQ${v}QZ`);
