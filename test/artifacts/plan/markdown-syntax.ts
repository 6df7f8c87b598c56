/**
 * Checks of the Markdown structure plan.md relies on (GitHub's tables, fenced blocks): what a reader's renderer does
 * with each line, reduced to the facts a broken escape would change.
 */

/**
 * The cells of a GitHub table row. GitHub splits cells at every `|` not preceded by a backslash (an escaped `\|` stays
 * in the cell whatever comes before it), after dropping the leading and trailing pipe.
 */
export function tableCells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

/**
 * Problems of every table of a Markdown text: each row must have as many cells as its header, and no row may be split
 * over lines (a table ends at the first line that is not a row).
 */
export function tableProblems(markdown: string): string[] {
  const problems: string[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith("| ") || !/^\| (---|:?-+:?)( \| :?-+:?)* \|$/.test(lines[i + 1] ?? "")) continue;
    const width = tableCells(lines[i]).length;
    let j = i + 2;
    for (; j < lines.length && lines[j].startsWith("|"); j++) {
      const cells = tableCells(lines[j]).length;
      if (cells !== width) problems.push(`line ${j + 1}: ${cells} cells, the header has ${width}: ${lines[j]}`);
    }
    if (j < lines.length && lines[j] !== "") problems.push(`line ${j + 1}: a table must end with a blank line, got ${JSON.stringify(lines[j])}`);
    i = j;
  }
  return problems;
}

/** Problems of fenced code blocks: every fence closed, and only `mermaid` as an info string. */
export function fenceProblems(markdown: string): string[] {
  const fences = markdown.split("\n").filter((l) => l.startsWith("```"));
  const problems: string[] = [];
  if (fences.length % 2 !== 0) problems.push("a code fence is not closed");
  fences.forEach((f, i) => {
    if (i % 2 === 0 && f !== "```mermaid") problems.push(`unexpected fence ${JSON.stringify(f)}`);
    if (i % 2 === 1 && f !== "```") problems.push(`a closing fence must be bare, got ${JSON.stringify(f)}`);
  });
  return problems;
}
