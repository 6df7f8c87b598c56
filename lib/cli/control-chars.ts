/**
 * Escaping text read from logs and exports before it is printed: a message id or a subject in a log can hold terminal
 * escape sequences (ESC, CSI), carriage returns that overwrite a line, or bidirectional overrides that reorder what a
 * reviewer reads ("Trojan source"). Written for issue 13; to be folded into the shared escaping of lib/cli when it lands.
 */

/**
 * C0 controls, DEL, C1 controls, the line and paragraph separators, and the bidirectional embedding, override and
 * isolate marks: everything that changes how the rest of a line is displayed.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

/** What JSON.stringify leaves raw among {@link CONTROL}. */
const JSON_RAW_ALL = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

function hex(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * `text` with every display-changing character written as `\xNN` or `\uNNNN`, so printed log data shows what is there
 * and cannot act on the terminal. Plain text is returned as is (a backslash is not doubled: this is for display).
 */
export function escapeControl(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(CONTROL, (c) => hex(c.charCodeAt(0))) : text;
}

/**
 * `JSON.stringify(value)` with the characters JSON leaves raw (DEL, C1 controls, separators, bidirectional marks) written
 * as `\uNNNN` escapes too: the same data once parsed, but harmless when the JSON is shown on a terminal.
 */
export function safeJson(value: unknown, space?: number): string {
  // JSON.stringify already escapes C0 controls inside strings; outside them, the only controls are its own line breaks.
  const text = JSON.stringify(value, undefined, space);
  return JSON_RAW.test(text) ? text.replace(JSON_RAW_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : text;
}
