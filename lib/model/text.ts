/**
 * Which free-text values a deployment script can carry safely. Escaping makes quotes and `$` harmless;
 * these are the characters no escaping makes safe or that Exchange would not keep.
 */

/**
 * Why a user-supplied text cannot be written into a script, or undefined when it can: NUL and other
 * C0/C1 control characters (tab allowed; line breaks only when `multiline`), and lone UTF-16 surrogates
 * (not encodable in the UTF-8 script file).
 */
export function unsafeTextProblem(value: string, options: { readonly multiline?: boolean } = {}): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { i++; continue; }
      return `contains a lone UTF-16 surrogate at position ${i}`;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return `contains a lone UTF-16 surrogate at position ${i}`;
    const lineBreak = code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029 || code === 0x85;
    if (lineBreak) {
      if (options.multiline) continue;
      return `contains a line break at position ${i}: this setting is a single line`;
    }
    if (code === 0x09) continue;
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f)) {
      return `contains the control character U+${code.toString(16).toUpperCase().padStart(4, "0")} at position ${i}`;
    }
  }
  return undefined;
}
