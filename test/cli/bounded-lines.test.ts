import { Readable } from "stream";
import { decodedChunks, lineBatches, type TextLine } from "../../lib/cli/bounded-lines";

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
  test("lines across chunks, CRLF and LF, a last line without a break", async () => {
    expect(await lines(["a,b\r\nc", "d\n\ne", "f"])).toEqual([
      { number: 1, text: "a,b" }, { number: 2, text: "cd" }, { number: 3, text: "" }, { number: 4, text: "ef" },
    ]);
  });

  test("a line longer than the limit is reported with its length and not kept, across chunks; the next line is read", async () => {
    const long = "x".repeat(300);
    expect(await lines([`ok\n${long.slice(0, 100)}`, long.slice(100, 250), `${long.slice(250)}\nnext\n`], 256)).toEqual([
      { number: 1, text: "ok" }, { number: 2, text: "", overlongLength: 300 }, { number: 3, text: "next" },
    ]);
    expect(await lines([`${long}`], 256)).toEqual([{ number: 1, text: "", overlongLength: 300 }]);
    expect(await lines([`${"y".repeat(256)}\n`], 256)).toEqual([{ number: 1, text: "y".repeat(256) }]);
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
