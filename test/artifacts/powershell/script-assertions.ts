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
  expect(cultureComparisons(tree)).toEqual([]);
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

/** The declared settings of one object (`$mailflowSettings = [ordered]@{ ... }`): setting name → value as written. */
export interface SettingsBlock {
  /** The cmdlet noun of the object, e.g. `InboundConnector` or `AcceptedDomain`. */
  readonly noun: string;
  readonly settings: Map<string, string>;
  readonly node: Node;
}

/** Every object's declared settings in source order, with the noun read from the statement that follows them. */
export function settingsBlocks(script: AnalysedScript): SettingsBlock[] {
  return allNodes(script.tree)
    .filter((n) => n.type === "assignment_expression" && n.text.startsWith("$mailflowSettings = [ordered]@{"))
    .map((node) => {
      const statement = ancestors(node).find((a) => a.parent?.type === "statement_list")!;
      const next = statement.nextNamedSibling?.text ?? "";
      const noun = /-Existing @\(Get-(\w+)\)/.exec(next)?.[1] ?? (next.includes("Get-MailflowAcceptedDomain") ? "AcceptedDomain" : "?");
      const settings = new Map<string, string>();
      for (const entry of node.descendantsOfType("hash_entry")) {
        const key = entry!.namedChildren.find((c) => c?.type === "key_expression")!.text;
        const value = entry!.namedChildren.find((c) => c?.type === "pipeline")!.text;
        settings.set(key, value);
      }
      return { noun, settings, node };
    });
}

/** The declared settings of every object of one kind (`InboundConnector`, `SendConnector`, ...), in source order. */
export function settingsOf(script: AnalysedScript, noun: string): Map<string, string>[] {
  return settingsBlocks(script).filter((b) => b.noun === noun).map((b) => b.settings);
}

// PowerShell's equality and containment operators compare strings by culture: under ICU they ignore characters such as
// U+00AD and U+200B. The scripts compare text with [string]::Equals(..., Ordinal[IgnoreCase]) and ordinal hash sets;
// these operators may only compare counts, booleans, $null and the scripts' own action names.
const CULTURE_OPERATORS = /^-[ci]?(eq|ne|contains|notcontains|in|notin|like|notlike|gt|ge|lt|le)$/i;
const SAFE_OPERAND = /(\.Count|^\$null|^\$true|^\$false|^\d+|^\$mailflowTarget\.Action|^'(New|Set)')$/;

/** The comparisons of a script whose operands could be user text, e.g. `$_.Name -eq $Name`. */
export function cultureComparisons(tree: Tree): string[] {
  return allNodes(tree)
    .filter((n) => n.type === "comparison_expression" && n.namedChildren.length === 3)
    .filter((n) => CULTURE_OPERATORS.test(n.namedChildren[1]!.text))
    .filter((n) => !SAFE_OPERAND.test(n.namedChildren[0]!.text.trim()) && !SAFE_OPERAND.test(n.namedChildren[2]!.text.trim()))
    .map((n) => n.text);
}
