import { Readable } from "stream";
import { decodedChunks, lineBatches, overlongProblem, type TextLine } from "../../lib/cli/line-reader";

async function lines(chunks: (Buffer | string)[], max?: number): Promise<TextLine[]> {
  const out: TextLine[] = [];
  for await (const batch of lineBatches(Readable.from(chunks), max)) out.push(...batch);
  return out;
}

async function text(chunks: Buffer[]): Promise<string> {
  let all = "";
  for await (const t of decodedChunks(Readable.from(chunks))) all += t;
  return all;
}

describe("lineBatches", () => {
  test("lines across chunks, CRLF and LF, a last line without a break; an empty input has no lines", async () => {
    expect(await lines(["a,b\r\nc", "d\n\ne", "f"])).toEqual([
      { number: 1, text: "a,b" }, { number: 2, text: "cd" }, { number: 3, text: "" }, { number: 4, text: "ef" },
    ]);
    expect(await lines([])).toEqual([]);
  });

  test("a multi-byte character split across chunks, and a CRLF split between chunks", async () => {
    const euro = Buffer.from("\u20AC");
    expect(await lines([Buffer.from("ab"), Buffer.from("c\r"), Buffer.from("\nd"), Buffer.concat([Buffer.from("e\n"), euro.subarray(0, 1)]), euro.subarray(1), Buffer.from("\n\nlast")], 10)).toEqual([
      { number: 1, text: "abc" }, { number: 2, text: "de" }, { number: 3, text: "\u20AC" }, { number: 4, text: "" }, { number: 5, text: "last" },
    ]);
  });

  test("a line longer than the limit is reported with its length and not kept, across chunks; the next line is read", async () => {
    const long = "x".repeat(300);
    expect(await lines([`ok\n${long.slice(0, 100)}`, long.slice(100, 250), `${long.slice(250)}\nnext\n`], 256)).toEqual([
      { number: 1, text: "ok" }, { number: 2, text: "", overlongLength: 300 }, { number: 3, text: "next" },
    ]);
    expect(await lines([`${long}`], 256)).toEqual([{ number: 1, text: "", overlongLength: 300 }]);
    expect(await lines(["12345", "6789", "0abc\nok\n", "x".repeat(30)], 8)).toEqual([
      { number: 1, text: "", overlongLength: 13 }, { number: 2, text: "ok" }, { number: 3, text: "", overlongLength: 30 },
    ]);
  });

  test("exactly the limit is kept, with LF and with CRLF (the \\r is not counted), even when the \\r ends a chunk", async () => {
    expect(await lines([`${"y".repeat(256)}\n`], 256)).toEqual([{ number: 1, text: "y".repeat(256) }]);
    expect(await lines(["12345678\r\n12345678\n"], 8)).toEqual([{ number: 1, text: "12345678" }, { number: 2, text: "12345678" }]);
    expect(await lines(["1234", "5678\r", "\nok\n"], 8)).toEqual([{ number: 1, text: "12345678" }, { number: 2, text: "ok" }]);
    // One over the limit, CRLF: its length is counted without the \r, also when the line was dropped across chunks.
    expect(await lines(["123456789\r\n"], 8)).toEqual([{ number: 1, text: "", overlongLength: 9 }]);
    expect(await lines(["12345", "67890\r", "\n"], 8)).toEqual([{ number: 1, text: "", overlongLength: 10 }]);
  });

  test("a line of 64 MiB streamed in 1 MiB chunks is skipped without being held", async () => {
    const chunk = "x".repeat(1 << 20);
    async function* source() {
      for (let k = 0; k < 64; k++) yield chunk;
      yield "\nnext line\n";
    }
    const before = process.memoryUsage().heapUsed;
    const out: TextLine[] = [];
    for await (const batch of lineBatches(source(), 4096)) out.push(...batch);
    expect(out).toEqual([{ number: 1, text: "", overlongLength: 64 << 20 }, { number: 2, text: "next line" }]);
    // The 64 MiB line (128 MiB as UTF-16) was never assembled.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(48 << 20);
  });

  test("the problem every reader reports for an overlong line", () => {
    expect(overlongProblem(70_012, 65_536)).toBe("the line has 70,012 characters, more than the limit of 65,536 (--max-line-length)");
  });
});

describe("decodedChunks", () => {
  const sample = "héllo, wörld ✓ 😀\n";

  test("UTF-8 with and without a BOM, a character split across chunks, ASCII chunks around it", async () => {
    const bytes = Buffer.from(`plain\n${sample}plain again\n`, "utf8");
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await text([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(`plain\n${sample}plain again\n`);
    }
    expect(await text([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)])).toBe(sample);
  });

  test("UTF-16LE with its BOM, split anywhere; UTF-16BE is refused", async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, "utf16le")]);
    for (let cut = 1; cut < bytes.length; cut += 3) expect(await text([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(sample);
    await expect(text([Buffer.from([0xfe, 0xff, 0, 65])])).rejects.toThrow(/UTF-16 big-endian/);
  });
});
