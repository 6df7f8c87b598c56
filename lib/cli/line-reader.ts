/**
 * Reading a text stream as lines in bounded memory, for everything `simulate` reads line by line: this tool's own CSV and
 * JSON lines, message tracking logs and message trace reports. A line longer than a set limit is not kept (it comes back
 * as overlong, with its length, and reading goes on at the next line: a 640 MiB line once crashed `readline` with a
 * RangeError); the encoding is taken from the byte-order mark (UTF-8 without one, UTF-16LE with one); lines come in
 * batches, one per chunk read, so a file of millions of lines costs few awaits. Printing a line, or a problem about it,
 * is the caller's: it names the file and line and escapes control characters.
 */
import { isAscii } from "buffer";
import { StringDecoder } from "string_decoder";

/** The longest line of this tool's own messages files kept by default, in characters: 1 MiB of text. */
export const DEFAULT_MAX_LINE_LENGTH = 1 << 20;

/** The longest line of a message tracking log or message trace report kept by default: a tracking-log row is about 1 KB. */
export const LOG_MAX_LINE_LENGTH = 65_536;

/** One line read. */
export interface TextLine {
  /** 1-based line number. */
  readonly number: number;
  /** The line without its line break (`\n`, or `\r\n`); empty when the line is overlong. */
  readonly text: string;
  /** The line's length in characters (without its line break), when it was longer than the limit: its text is then not kept. */
  readonly overlongLength?: number;
}

/** The encodings the reader recognizes by their byte-order mark. */
export type TextEncodingName = "utf8" | "utf16le";

/** A stream whose bytes are not text this reader decodes (UTF-16 big-endian): the caller reports it as unreadable. */
export class UnreadableTextError extends Error {}

/** The encoding a file's first bytes announce, and the length of its byte-order mark; undefined for UTF-16 big-endian. */
export function encodingOf(head: Buffer): { readonly encoding: TextEncodingName; readonly bom: number } | undefined {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf8", bom: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf16le", bom: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return undefined;
  return { encoding: "utf8", bom: 0 };
}

/** The problem of an overlong line, as every reader of lines reports it (a bad row, with its file:line before it). */
export function overlongProblem(length: number, limit: number): string {
  return `the line has ${length.toLocaleString("en-US")} characters, more than the limit of ${limit.toLocaleString("en-US")} (--max-line-length)`;
}

/** Decodes chunks in one encoding; plain ASCII UTF-8 (nearly every log) is copied as Latin-1, the fastest decoding. */
class ChunkDecoder {
  private readonly decoder: StringDecoder;
  /** True while the UTF-8 decoder holds no partial character, so an ASCII chunk can bypass it. */
  private clean = true;

  constructor(private readonly encoding: TextEncodingName) {
    this.decoder = new StringDecoder(encoding);
  }

  write(bytes: Buffer): string {
    if (this.encoding === "utf8" && this.clean && isAscii(bytes)) return bytes.toString("latin1");
    const text = this.decoder.write(bytes);
    // A UTF-8 chunk that ends on a complete character leaves the decoder empty: its last byte is ASCII or ends a sequence.
    this.clean = this.encoding === "utf8" && endsOnCharacter(bytes);
    return text;
  }

  end(): string {
    return this.decoder.end();
  }
}

/** True when a UTF-8 buffer ends with a whole character (its last lead byte's sequence is complete). */
function endsOnCharacter(bytes: Buffer): boolean {
  for (let back = 1; back <= 4 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back];
    if (byte < 0x80) return back === 1;
    if (byte >= 0xc0) {
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return length === back;
    }
  }
  return false;
}

/**
 * Decoded text of a byte stream (or of strings, taken as they are), chunk by chunk, in the encoding of its byte-order
 * mark, which is dropped.
 * @throws UnreadableTextError for UTF-16 big-endian, which Exchange does not write
 */
export async function* decodedChunks(stream: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let decoder: ChunkDecoder | undefined;
  let head: Buffer = Buffer.alloc(0);
  const start = (bytes: Buffer): string => {
    const found = encodingOf(bytes);
    if (found === undefined) throw new UnreadableTextError("the file is UTF-16 big-endian: save it as UTF-8 or UTF-16 little-endian (Unicode)");
    decoder = new ChunkDecoder(found.encoding);
    return decoder.write(bytes.subarray(found.bom));
  };
  for await (const chunk of stream) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let text: string;
    if (decoder === undefined) {
      head = head.length === 0 ? bytes : Buffer.concat([head, bytes]);
      if (head.length < 3) continue;
      text = start(head);
      head = Buffer.alloc(0);
    } else {
      text = decoder.write(bytes);
    }
    if (text !== "") yield text;
  }
  if (decoder === undefined) {
    if (head.length === 0) return;
    const text = start(head);
    if (text !== "") yield text;
  }
  const rest = (decoder as ChunkDecoder | undefined)?.end() ?? "";
  if (rest !== "") yield rest;
}

/**
 * The lines of `stream`, in order, in batches (one per chunk that ends at least one line). Lines end at `\n`; a `\r`
 * before it is dropped (CRLF files) and not counted against the limit. A last line without a line break is returned;
 * an empty input returns no lines. Memory stays within about `maxLength` plus one chunk, however long a line is. Stream
 * errors are thrown to the caller.
 * @param maxLength the longest line kept, in characters; a longer one comes back with `overlongLength` and no text
 * @default maxLength - DEFAULT_MAX_LINE_LENGTH (1 MiB)
 */
export async function* lineBatches(stream: AsyncIterable<Buffer | string>, maxLength = DEFAULT_MAX_LINE_LENGTH): AsyncGenerator<TextLine[]> {
  /** The kept start of the current line (at most `maxLength` + 1 characters: a `\r` may follow the last one). */
  let carry = "";
  /** Characters of the current line dropped so far because it is overlong; 0 while it is kept. */
  let dropped = 0;
  /** Whether the last character dropped was `\r` (it ends the line's text when `\n` comes next). */
  let droppedCr = false;
  let number = 0;
  const finish = (part: string, batch: TextLine[]): void => {
    number++;
    const last = part.length > 0 ? part.charCodeAt(part.length - 1) : carry.length > 0 ? carry.charCodeAt(carry.length - 1) : droppedCr ? 13 : -1;
    const cr = last === 13 ? 1 : 0;
    const length = dropped + carry.length + part.length - cr;
    if (dropped > 0 || length > maxLength) {
      batch.push({ number, text: "", overlongLength: length });
    } else {
      const whole = carry === "" ? part : carry + part;
      batch.push({ number, text: cr === 1 ? whole.slice(0, -1) : whole });
    }
    carry = "";
    dropped = 0;
    droppedCr = false;
  };
  for await (const text of decodedChunks(stream)) {
    const batch: TextLine[] = [];
    let start = 0;
    for (;;) {
      const newline = text.indexOf("\n", start);
      if (newline < 0) break;
      finish(text.slice(start, newline), batch);
      start = newline + 1;
    }
    const rest = start === 0 ? text : text.slice(start);
    if (dropped > 0 || carry.length + rest.length > maxLength + 1) {
      dropped += carry.length + rest.length;
      if (rest.length > 0) droppedCr = rest.charCodeAt(rest.length - 1) === 13;
      else if (carry.length > 0) droppedCr = carry.charCodeAt(carry.length - 1) === 13;
      carry = "";
    } else {
      carry += rest;
    }
    if (batch.length > 0) yield batch;
  }
  if (carry !== "" || dropped > 0) {
    const batch: TextLine[] = [];
    finish("", batch);
    yield batch;
  }
}
