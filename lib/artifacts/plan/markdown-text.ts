/**
 * Putting user text into Markdown (CommonMark with GitHub's tables) so that it shows as written: no emphasis from a
 * `*.contoso.com`, no HTML from a `<I>issuer<S>subject`, no table cell split by a `|`, no line break ending a row.
 */

/**
 * Characters backslash-escaped in prose: those that start emphasis, code, links, HTML, entities, strikethrough,
 * math (`$` on GitHub) and table cells. CommonMark allows a backslash before any ASCII punctuation.
 */
const PROSE_SPECIALS = /[\\`*_[\]<>|~&$]/g;

/** Line breaks of every kind; a table row or list item must stay on one line. */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;

/** User text as Markdown prose that renders literally, on one line (line breaks become spaces). */
export function md(text: string): string {
  return text.replace(LINE_BREAKS, " ").replace(PROSE_SPECIALS, (c) => `\\${c}`);
}

/**
 * User text as an inline code span that renders literally, on one line. The fence is one backtick longer than the
 * longest run inside; a space pads text that starts or ends with a backtick, or starts and ends with a space
 * (CommonMark strips one space from each end in those cases). Empty text gives an empty string.
 */
export function code(text: string): string {
  const value = text.replace(LINE_BREAKS, " ");
  if (value === "") return "";
  const longestRun = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const spaced = value.startsWith(" ") && value.endsWith(" ") && value.trim() !== "";
  const pad = value.startsWith("`") || value.endsWith("`") || spaced ? " " : "";
  return `${fence}${pad}${value}${pad}${fence}`;
}

/**
 * User text for a table cell, as a code span; as escaped prose when it holds a `|`, because GitHub splits cells at
 * `|` before it parses code spans, and an escaped `\|` next to a backslash in code cannot be written unambiguously.
 */
export function cellCode(text: string): string {
  return text.includes("|") ? md(text) : code(text);
}

/** A GitHub table: a header row, the delimiter row, one row per entry; cells must already be Markdown on one line. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === "" ? " " : c)).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)];
}

/** A list in prose: `a`, `a and b`, `a, b and c`. */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** `1 tenant`, `2 tenants`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
