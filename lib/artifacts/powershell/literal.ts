/**
 * PowerShell literals for values written into generated deployment scripts.
 *
 * The scripts run with Exchange administrator rights, so every user-supplied value reaches them only
 * through these functions: a single-quoted (verbatim) string expands nothing, and the only character
 * that is special inside it is the single quote, which is escaped by doubling.
 */
import { unsafeCharacterProblem } from "../../model/text";

export { unsafeCharacterProblem, type UnsafeCharacterOptions } from "../../model/text";

/**
 * The characters PowerShell's tokenizer treats as a single quote: the ASCII apostrophe and the
 * Unicode quotes U+2018 ‘, U+2019 ’, U+201A ‚ and U+201B ‛ (`CharExtensions.IsSingleQuote`).
 * Any of them ends a verbatim string unless it is doubled.
 */
export const PS_SINGLE_QUOTE_CHARACTERS: readonly string[] = ["'", "\u2018", "\u2019", "\u201A", "\u201B"];

const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

/**
 * A PowerShell single-quoted (verbatim) string literal holding exactly `value`: every character
 * PowerShell reads as a single quote (see {@link PS_SINGLE_QUOTE_CHARACTERS}) is doubled, and
 * nothing else is special inside it (`$`, backticks, `"`, `#`, `;` and line breaks stay literal).
 * Throws when the value holds a character {@link unsafeCharacterProblem} refuses in multi-line text.
 */
export function psLiteral(value: string): string {
  const problem = unsafeCharacterProblem(value, { multiline: true });
  if (problem !== undefined) throw new Error(`Refusing to write a value into a PowerShell script: it ${problem}`);
  return `'${value.replace(SINGLE_QUOTES, (quote) => quote + quote)}'`;
}

/** The PowerShell boolean `$true` or `$false`. */
export function psBool(value: boolean): string {
  return value ? "$true" : "$false";
}

/** A PowerShell array of string literals, `@('a','b')`, or `@()` when empty. */
export function psArray(values: readonly string[]): string {
  return `@(${values.map(psLiteral).join(",")})`;
}
