/**
 * Which user text a deployment script can hold safely. Escaping (psLiteral) makes quotes, `$` and backticks
 * inert; these are the characters no escaping makes safe. Constructs refuse them at construction and the
 * script writers check again, with this one function.
 */

/**
 * Options of {@link unsafeCharacterProblem}.
 */
export interface UnsafeCharacterOptions {
  /**
   * Whether the value may span lines: allows line feed, carriage return and tab (a comment), which a
   * single-line setting (a name, a domain, a construct path) must not hold.
   * @default false
   */
  readonly multiline?: boolean;
}

// C0 and C1 control characters and DEL; tab, LF and CR are checked separately for multi-line text.
const CONTROL = /\p{Cc}/u;
// Line and paragraph separators render as line breaks in editors and diffs without being one.
const SEPARATOR = /[\p{Zl}\p{Zp}]/u;
// Bidirectional formatting controls let the reviewed text differ from what runs (CVE-2021-42574).
const BIDI = /\p{Bidi_Control}/u;
// A lone surrogate has no UTF-8 encoding: the script would hold U+FFFD instead of the value.
const LONE_SURROGATE = /\p{Cs}/u;
// Any character of the four classes above (tab, LF and CR are controls): its absence means no problem.
const ANY_SUSPECT = /[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}\p{Cs}]/u;

/**
 * Describes the first character of `value` that a generated script cannot hold safely, or returns
 * undefined when there is none.
 *
 * Refused everywhere: control characters (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F, which
 * includes NUL and NEL), the line and paragraph separators U+2028/U+2029, bidirectional formatting
 * controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069: "Trojan Source"), and lone UTF-16
 * surrogates. Tab, line feed and carriage return are allowed only with `multiline` (a comment); a
 * single-line setting must not hold them, and construct paths travel one per line in
 * `MAILFLOW_OBJECT`. Quotes, `$`, backticks and the like are not listed: psLiteral makes them inert.
 *
 * The construct layer calls this (through the props schemas) to refuse such values with the construct path;
 * the script generators call it again and throw, so an unchecked value never reaches a script.
 */
export function unsafeCharacterProblem(value: string, options: UnsafeCharacterOptions = {}): string | undefined {
  // Nearly every value is clean: one native scan settles it; only a hit (or a tab or line break) needs the walk below.
  if (!ANY_SUSPECT.test(value)) return undefined;
  let index = 0;
  for (const ch of value) {
    const problem = characterProblem(ch, options.multiline ?? false);
    if (problem !== undefined) return `${problem} ${codePointName(ch)} at position ${index}`;
    index += ch.length;
  }
  return undefined;
}

function characterProblem(ch: string, multiline: boolean): string | undefined {
  if (ch === "\n" || ch === "\r" || ch === "\t") return multiline ? undefined : "contains the line break or tab";
  if (CONTROL.test(ch)) return "contains the control character";
  if (SEPARATOR.test(ch)) return "contains the line or paragraph separator";
  if (BIDI.test(ch)) return "contains the bidirectional formatting character";
  if (LONE_SURROGATE.test(ch)) return "contains the unpaired surrogate";
  return undefined;
}

function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

