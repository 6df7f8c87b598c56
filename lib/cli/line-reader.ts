/**
 * Reading a text stream line by line with a bound on the line length, so that one enormous line (a 640 MiB line
 * crashed `readline` with a RangeError) is reported as a bad line and skipped instead of filling memory.
 */
import { StringDecoder } from "string_decoder";

/** The longest line, in UTF-16 code units, that {@link readBoundedLines} returns by default: 1 MiB of text. */
export const DEFAULT_MAX_LINE_LENGTH = 1 << 20;

/** One line of the input: its text, or the fact that it was longer than the limit. */
export type BoundedLine =
  | {
      /** 1-based line number. */
      readonly lineNumber: number;
      /** The line without its line break (`\n` or `\r\n`). */
      readonly text: string;
      readonly tooLong?: undefined;
    }
  | {
      /** 1-based line number. */
      readonly lineNumber: number;
      readonly text?: undefined;
      /** The line exceeded the limit: its text was dropped as it streamed past; `length` is how long it was. */
      readonly tooLong: { readonly length: number; readonly limit: number };
    };

/** Options of {@link readBoundedLines}. */
export interface BoundedLineOptions {
  /**
   * The longest line kept, in UTF-16 code units (without its line break); a longer one is returned as `tooLong`.
   * @default DEFAULT_MAX_LINE_LENGTH (1 MiB)
   */
  readonly maxLineLength?: number;
}

/**
 * The lines of `stream` (UTF-8 bytes or strings), in order, each at most `maxLineLength` long; a longer line comes
 * back as `{ lineNumber, tooLong }` and the next line follows as usual. Lines end at `\n`; a `\r` before it is dropped
 * (CRLF files). A last line without a line break is returned; an empty input returns no lines. Memory stays within
 * the limit plus one chunk of the stream, however long a line is. Stream errors are thrown to the caller.
 */
export async function* readBoundedLines(stream: AsyncIterable<Buffer | string>, options: BoundedLineOptions = {}): AsyncGenerator<BoundedLine> {
  const limit = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const decoder = new StringDecoder("utf8");
  let lineNumber = 0;
  let pending = "";
  // Length of the line being skipped, or -1 when the current line is still kept.
  let skipped = -1;

  function* take(text: string, atEnd: boolean): Generator<BoundedLine> {
    let start = 0;
    for (;;) {
      const newline = text.indexOf("\n", start);
      if (newline < 0) break;
      const piece = text.slice(start, newline);
      start = newline + 1;
      lineNumber++;
      if (skipped >= 0) {
        yield { lineNumber, tooLong: { length: skipped + piece.length, limit } };
        skipped = -1;
        pending = "";
        continue;
      }
      const line = pending + piece;
      pending = "";
      const text2 = line.endsWith("\r") ? line.slice(0, -1) : line;
      if (text2.length > limit) yield { lineNumber, tooLong: { length: text2.length, limit } };
      else yield { lineNumber, text: text2 };
    }
    const rest = text.slice(start);
    if (skipped >= 0) skipped += rest.length;
    else if (pending.length + rest.length > limit + 1) {
      // +1: a "\r" of a CRLF line end may still follow the last kept character.
      skipped = pending.length + rest.length;
      pending = "";
    } else pending += rest;
    if (atEnd && (skipped >= 0 || pending !== "")) {
      lineNumber++;
      if (skipped >= 0) yield { lineNumber, tooLong: { length: skipped, limit } };
      else if (pending.length > limit) yield { lineNumber, tooLong: { length: pending.length, limit } };
      else yield { lineNumber, text: pending };
      pending = "";
      skipped = -1;
    }
  }

  for await (const chunk of stream) {
    yield* take(typeof chunk === "string" ? chunk : decoder.write(chunk), false);
  }
  yield* take(decoder.end(), true);
}
