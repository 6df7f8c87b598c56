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


// Invisible format characters (Unicode category Cf): soft hyphen, zero-width space and joiners, word joiner, byte order
// mark, bidi controls, tag characters. They do not show, so two texts that look equal differ.
const FORMAT = /\p{Cf}/u;
const ANY_FORMAT_OR_NON_ASCII = /[^\x00-\x7f]/;

/** Names of the format characters met most often, for error messages. */
const FORMAT_NAMES: Readonly<Record<number, string>> = {
  0x00ad: "SOFT HYPHEN", 0x061c: "ARABIC LETTER MARK", 0x180e: "MONGOLIAN VOWEL SEPARATOR", 0x200b: "ZERO WIDTH SPACE",
  0x200c: "ZERO WIDTH NON-JOINER", 0x200d: "ZERO WIDTH JOINER", 0x200e: "LEFT-TO-RIGHT MARK", 0x200f: "RIGHT-TO-LEFT MARK",
  0x2060: "WORD JOINER", 0x2061: "FUNCTION APPLICATION", 0x2062: "INVISIBLE TIMES", 0x2063: "INVISIBLE SEPARATOR",
  0x2064: "INVISIBLE PLUS", 0xfeff: "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
};

/**
 * Describes why `value` could be mistaken for another text, or returns undefined: it holds an invisible format character
 * (Unicode category Cf, such as U+00AD SOFT HYPHEN, U+200B–U+200D, U+2060, U+FEFF and the bidirectional controls), or it
 * is not in Unicode normalization form C (`e` + U+0301 instead of `é`). Each message names the code point, its position
 * (in UTF-16 code units) and the fix.
 *
 * Construct ids (which become construct paths and default names), object names and comments are checked with this at
 * construction: a script compares names and paths ordinally, so `From\u200BOnPremises` and `FromOnPremises`, or a
 * composed and a decomposed name, would be two objects that look like one. Readers of live data can use it to flag such
 * text in what they read.
 */
export function ambiguousTextProblem(value: string): string | undefined {
  // ASCII text has neither: one native scan settles nearly every value.
  if (!ANY_FORMAT_OR_NON_ASCII.test(value)) return undefined;
  let index = 0;
  for (const ch of value) {
    if (FORMAT.test(ch)) {
      const code = ch.codePointAt(0)!;
      const name = FORMAT_NAMES[code] ?? (code >= 0xe0000 ? "a TAG character" : undefined);
      return (
        `contains the invisible format character ${codePointName(ch)}${name ? ` (${name})` : ""} at position ${index}: ` +
        "remove it (it does not show, so the text would differ from the one it looks like)"
      );
    }
    index += ch.length;
  }
  const composed = value.normalize("NFC");
  if (composed === value) return undefined;
  let at = 0;
  while (at < value.length && value[at] === composed[at]) at++;
  // Start at the character the difference belongs to (a surrogate pair counts as one).
  if (at > 0 && /[\uDC00-\uDFFF]/.test(value[at])) at--;
  return (
    `is not in Unicode normalization form C (NFC): at position ${at}, ${codePoints(value.slice(at), 3)} is written ` +
    `${codePoints(composed.slice(at), 2)} in NFC; write the text composed (text.normalize("NFC"))`
  );
}

/** The first `count` code points of `text` as `U+XXXX U+YYYY`. */
function codePoints(text: string, count: number): string {
  return [...text].slice(0, count).map(codePointName).join(" ");
}

// What a terminal or a log could take for something else: controls (escape sequences, carriage returns), separators,
// bidi and other invisible format characters, lone surrogates.
const NOT_DISPLAYABLE = /[\p{Cc}\p{Zl}\p{Zp}\p{Cf}\p{Cs}]/gu;

/**
 * `text` with every character a terminal could act on or hide written as an escape: control characters (including
 * ESC, so no colour or cursor sequence reaches the terminal; tab and line breaks too), line and paragraph separators,
 * invisible format characters (bidi controls, zero-width characters) and lone surrogates become `\u{…}`; a backslash
 * stays as it is. For echoing user input (file names, rows, values read from files) in messages on one line.
 */
export function escapeForDisplay(text: string): string {
  return text.replace(NOT_DISPLAYABLE, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`);
}
