/**
 * Value generators for the script properties: text built from pieces that try to leave a PowerShell
 * string (every kind of quote, `$`, `$(...)`, backticks, `;`, comment markers, line breaks), characters no
 * script may hold (NUL and other controls, bidi controls, separators, lone surrogates), Terraform and cdktf
 * syntax, long runs, and plain random code points; plus domain-like and mailbox-like text for the settings
 * whose schema is strict, so the accepted path is exercised too.
 */
import fc from "fast-check";

/** Pieces a script can hold once escaped: quotes and PowerShell syntax, Terraform templates, non-ASCII letters. */
export const SAFE_PIECES: readonly string[] = [
  "'", "\u2018", "\u2019", "\u201A", "\u201B", "''", "\u2019\u2019", "'\u2019", "\"", "\u201C", "\u201D", "\u201E", "`", "``", "`'",
  "$", "$(", ")", "$(calc)", "$(Remove-Item -Recurse C:\\)", "${x}", "$env:MAILFLOW_CERTIFICATE_PASSWORD", "$true", "@(", "@'", "'@",
  "@\"", "\"@", ";", "|", "&", "&&", "||", "#", "#>", "<#", "{", "}", "{0}", " -f ", "-", "\u2013", "\u2014", "\u2015", " ", "\u00A0",
  "%{", "%{ if true }", "$${", "%%{", "[", "]", "<I>", "<S>", "CN=", ",", "=", "@", ".", "*", "*.", "/", "\\", "..", "x", "A",
  "\u00DF", "\u0130", "\uFB00", "\u00E9", "e\u0301", "\u{1F600}", "\uFEFF", "\u0436", "\u0452", "\u4E2D",
];

/** Pieces no script may hold (refused) or that only a multi-line setting may hold (line breaks, tab). */
export const UNSAFE_PIECES: readonly string[] = [
  "\n", "\r", "\r\n", "\t", "\u0000", "\u0001", "\u0007", "\u001B", "\u001B[31m", "\u007F", "\u0085", "\u009B", "\u2028", "\u2029",
  "\u061C", "\u200E", "\u200F", "\u202A", "\u202E", "\u2066", "\u2069", "\uD800", "\uDBFF", "\uDC00", "\uDFFF",
  "${TfToken[TOKEN.1]}", "#{TfToken[TOKEN.2]}", "&{TfToken[x]}", "[managed-by:cdktf-mailflow path=x]",
];

/**
 * Any code point (lone surrogates included), often a C0 or C1 control. Built from integers rather than
 * `fc.string({ unit: "binary" })`, whose first use maps all 1.1 million code points (over a second per file).
 */
const anyCodePoint = fc
  .oneof({ weight: 1, arbitrary: fc.integer({ min: 0, max: 0x9f }) }, { weight: 3, arbitrary: fc.integer({ min: 0, max: 0x10ffff }) })
  .map((codePoint) => String.fromCodePoint(codePoint));

/** Random code points, `minLength` to `maxLength` of them. */
const randomText = (minLength: number, maxLength: number) => fc.array(anyCodePoint, { minLength, maxLength }).map((c) => c.join(""));

const safePiece = fc.constantFrom(...SAFE_PIECES);
const anyPiece = fc.oneof(
  { weight: 8, arbitrary: safePiece },
  { weight: 2, arbitrary: fc.constantFrom(...UNSAFE_PIECES) },
  { weight: 2, arbitrary: randomText(1, 3) },
);

/** A long run of one piece: the length limits (64, 256, 1024) and a string that does not end where expected. */
const longText = fc
  .tuple(fc.oneof(safePiece, fc.constantFrom(...UNSAFE_PIECES)), fc.integer({ min: 50, max: 1100 }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

/** Free text: mostly hostile but holdable, often with a character no script may hold. Never empty. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.array(safePiece, { minLength: 1, maxLength: 12 }).map((p) => p.join("")) },
  { weight: 5, arbitrary: fc.array(anyPiece, { minLength: 1, maxLength: 12 }).map((p) => p.join("")) },
  { weight: 2, arbitrary: randomText(1, 40) },
  { weight: 1, arbitrary: longText },
);

/** Text for a domain-typed setting: valid domain names (accepted) and domain names with hostile pieces inside. */
export const hostileDomain: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.domain() },
  {
    weight: 4,
    arbitrary: fc.tuple(fc.domain(), fc.array(anyPiece, { minLength: 1, maxLength: 4 }), fc.nat()).map(([domain, pieces, at]) => {
      const position = at % (domain.length + 1);
      return domain.slice(0, position) + pieces.join("") + domain.slice(position);
    }),
  },
  { weight: 1, arbitrary: hostileText },
);

// Characters RFC 5322 allows in a mailbox name (the schema's set): among them ' ` $ { } | & # which PowerShell reads.
const MAILBOX_CHARACTERS = "abcXYZ019!#$%&'*+/=?^_`{|}~.-".split("");

/** The part before `@` of a spoofed user: mailbox characters (accepted) and hostile text. */
export const hostileLocalPart: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...MAILBOX_CHARACTERS), minLength: 1, maxLength: 64 }) },
  { weight: 3, arbitrary: hostileText },
);
