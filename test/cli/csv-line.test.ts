import * as fc from "fast-check";
import { parseCsvLine } from "../../lib/cli/csv-line";

/** RFC 4180 encoding of one field: quoted when it holds a comma or a quote, quotes doubled. */
const encode = (field: string) => (/[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

test("plain, quoted, empty and doubled-quote fields", () => {
  expect(parseCsvLine("a,b,c")).toEqual({ ok: true, fields: ["a", "b", "c"] });
  expect(parseCsvLine('"a,b","say ""hi""",')).toEqual({ ok: true, fields: ["a,b", 'say "hi"', ""] });
  expect(parseCsvLine("")).toEqual({ ok: true, fields: [""] });
  expect(parseCsvLine(',"",')).toEqual({ ok: true, fields: ["", "", ""] });
});

test("malformed lines say which field and why", () => {
  expect(parseCsvLine('a,"b')).toEqual({ ok: false, problem: "field 2: the quoted field is not closed (a field cannot span lines)" });
  expect(parseCsvLine('"a"b,c')).toEqual({ ok: false, problem: "field 1: text after the closing quote (quote the whole field)" });
  expect(parseCsvLine('a,b"c')).toEqual({ ok: false, problem: "field 2: a quote inside an unquoted field (quote the field and double the quote)" });
});

test("property: any fields without line breaks, encoded as RFC 4180, parse back", () => {
  const field = fc.string({ unit: fc.constantFrom("a", ",", '"', " ", ";", "@", "é") });
  fc.assert(
    fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), (fields) => {
      expect(parseCsvLine(fields.map(encode).join(","))).toEqual({ ok: true, fields });
    }),
    { numRuns: 1000 },
  );
});
