/**
 * One line of CSV (RFC 4180) split into fields. The formats read line by line need only this (the messages format, message
 * tracking logs, the message trace report):
 * comma-separated fields, a field in double quotes may hold commas and `""` for a quote. A quoted field may not span
 * lines: no column of the messages format can hold a line break, and reading line by line keeps memory bounded.
 */

/** The fields of a line, or why the line is not valid CSV. */
export type CsvLine = { readonly ok: true; readonly fields: string[] } | { readonly ok: false; readonly problem: string };

const QUOTE = 34;
const COMMA = 44;

/** Splits one line (without its line break) into fields; fields are not trimmed. */
export function parseCsvLine(line: string): CsvLine {
  const fields: string[] = [];
  const length = line.length;
  let i = 0;
  for (;;) {
    if (i < length && line.charCodeAt(i) === QUOTE) {
      // Quoted field: up to the closing quote; "" is one quote.
      let value = "";
      let from = i + 1;
      for (;;) {
        const close = line.indexOf('"', from);
        if (close < 0) return { ok: false, problem: `field ${fields.length + 1}: the quoted field is not closed (a field cannot span lines)` };
        value += line.slice(from, close);
        if (close + 1 < length && line.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          from = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      fields.push(value);
      if (i === length) return { ok: true, fields };
      if (line.charCodeAt(i) !== COMMA) return { ok: false, problem: `field ${fields.length}: text after the closing quote (quote the whole field)` };
      i++;
    } else {
      const comma = line.indexOf(",", i);
      const end = comma < 0 ? length : comma;
      const value = line.slice(i, end);
      if (value.includes('"')) return { ok: false, problem: `field ${fields.length + 1}: a quote inside an unquoted field (quote the field and double the quote)` };
      fields.push(value);
      if (comma < 0) return { ok: true, fields };
      i = comma + 1;
    }
  }
}

/**
 * Where the fields of a CSV line lie, without copying them: for files of millions of rows where only a few fields of
 * each are read. The same grammar as {@link parseCsvLine}; on invalid CSV, call it for the reason.
 */
export class CsvFieldScanner {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly quoted: Uint8Array;
  private line = "";

  /** @param capacity the most fields whose bounds are kept (more are counted, not kept) */
  constructor(readonly capacity: number) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.quoted = new Uint8Array(capacity);
  }

  /** Scans `line`; returns its number of fields, or -1 when it is not valid CSV. */
  scan(line: string): number {
    this.line = line;
    const length = line.length;
    const capacity = this.capacity;
    // The next quote at or after i, so an unquoted field is checked for quotes without rescanning the line.
    let nextQuote = line.indexOf('"');
    let i = 0;
    let n = 0;
    for (;;) {
      if (i < length && line.charCodeAt(i) === QUOTE) {
        let from = i + 1;
        let close: number;
        for (;;) {
          close = line.indexOf('"', from);
          if (close < 0) return -1;
          if (close + 1 < length && line.charCodeAt(close + 1) === QUOTE) {
            from = close + 2;
            continue;
          }
          break;
        }
        if (n < capacity) {
          this.starts[n] = i + 1;
          this.ends[n] = close;
          this.quoted[n] = 1;
        }
        n++;
        i = close + 1;
        nextQuote = line.indexOf('"', i);
        if (i === length) return n;
        if (line.charCodeAt(i) !== COMMA) return -1;
        i++;
      } else {
        const comma = line.indexOf(",", i);
        const end = comma < 0 ? length : comma;
        if (nextQuote >= 0 && nextQuote < end) return -1;
        if (n < capacity) {
          this.starts[n] = i;
          this.ends[n] = end;
          this.quoted[n] = 0;
        }
        n++;
        if (comma < 0) return n;
        i = comma + 1;
      }
    }
  }

  /** Field `k` (below the capacity and the count `scan` returned) of the line scanned last, `""` unquoted. */
  field(k: number): string {
    const value = this.line.slice(this.starts[k], this.ends[k]);
    return this.quoted[k] === 1 && value.includes('"') ? value.replace(/""/g, '"') : value;
  }
}
