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
