import fc from "fast-check";
import { PS_SINGLE_QUOTE_CHARACTERS, psArray, psBool, psLiteral, unsafeCharacterProblem } from "../../../lib/artifacts/powershell/literal";
import { commandNames, parsePowerShell, stringLiterals, syntaxProblems, verbatimStringValue } from "../../support/powershell-parser";

/** Parses `Write-Output <literal>` and returns the one string literal PowerShell would read. */
async function parsedLiteral(literal: string) {
  const tree = await parsePowerShell(`Write-Output ${literal}\n`);
  return { tree, problems: syntaxProblems(tree), commands: commandNames(tree), literals: stringLiterals(tree) };
}

describe("psLiteral", () => {
  it("wraps a value in single quotes", () => {
    expect(psLiteral("contoso.com")).toBe("'contoso.com'");
    expect(psLiteral("")).toBe("''");
  });

  it("doubles the ASCII apostrophe and every Unicode single quote PowerShell recognizes", () => {
    expect(psLiteral("it's")).toBe("'it''s'");
    expect(psLiteral("it\u2019s")).toBe("'it\u2019\u2019s'");
    expect(psLiteral("\u2018a\u201A\u201B")).toBe("'\u2018\u2018a\u201A\u201A\u201B\u201B'");
    for (const quote of PS_SINGLE_QUOTE_CHARACTERS) expect(psLiteral(quote)).toBe(`'${quote}${quote}'`);
  });

  it("leaves $, backticks, double quotes, comment markers and line breaks literal", () => {
    expect(psLiteral('$(calc) `n "x" #> <# ; a\nb')).toBe("'$(calc) `n \"x\" #> <# ; a\nb'");
  });

  it("refuses values a script cannot hold", () => {
    expect(() => psLiteral("a\u0000b")).toThrow(/U\+0000/);
    expect(() => psLiteral("a\u202Eb")).toThrow(/bidirectional/);
  });

  it.each([
    ["it's"],
    ["it\u2019s"],
    ["\u2018quoted\u2019"],
    ["low\u201A9\u201B"],
    ["''''"],
    ["\u2019"],
    ["$(calc)"],
    ["`$x`"],
    ["a; Remove-Item -Recurse C:\\"],
    ["#> <# comment"],
    ["line1\nline2\r\nline3"],
    ["@'\nhere\n'@"],
  ])("parses %j as one string literal that decodes to the value", async (value) => {
    const { problems, commands, literals } = await parsedLiteral(psLiteral(value));
    expect(problems).toEqual([]);
    expect(commands).toEqual(["Write-Output"]);
    expect(literals).toHaveLength(1);
    expect(literals[0].value).toBe(value);
  });

  it("round-trips any safe value through the PowerShell grammar (property)", async () => {
    const interesting = fc.constantFrom(...PS_SINGLE_QUOTE_CHARACTERS, "$", "`", '"', "#", "<", ">", "(", ")", ";", "{", "}", "@", "\n", " ", "|", "&");
    const character = fc.oneof(interesting, fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));
    const value = fc.string({ unit: character, maxLength: 40 }).filter((v) => unsafeCharacterProblem(v, { multiline: true }) === undefined);
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        const { problems, commands, literals } = await parsedLiteral(psLiteral(v));
        expect(problems).toEqual([]);
        expect(commands).toEqual(["Write-Output"]);
        expect(literals.map((l) => l.value)).toEqual([v]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("verbatimStringValue (the test oracle)", () => {
  it("ends a literal at an undoubled Unicode quote, as PowerShell does", () => {
    expect(() => verbatimStringValue("'it\u2019s'")).toThrow(/early/);
    expect(verbatimStringValue("'it\u2019\u2019s'")).toBe("it\u2019s");
    expect(verbatimStringValue("'a'\u2019b'")).toBe("a\u2019b");
  });
});

describe("psBool and psArray", () => {
  it("writes PowerShell booleans", () => {
    expect(psBool(true)).toBe("$true");
    expect(psBool(false)).toBe("$false");
  });

  it("writes arrays of literals", () => {
    expect(psArray([])).toBe("@()");
    expect(psArray(["a"])).toBe("@('a')");
    expect(psArray(["a", "it's"])).toBe("@('a','it''s')");
  });

  it("writes arrays that parse as one array of the values", async () => {
    const values = ["192.0.2.1/32", "it\u2019s", "$(calc)"];
    const { problems, literals } = await parsedLiteral(psArray(values));
    expect(problems).toEqual([]);
    expect(literals.map((l) => l.value)).toEqual(values);
  });
});

describe("unsafeCharacterProblem", () => {
  it("accepts ordinary text, quotes and non-ASCII letters", () => {
    expect(unsafeCharacterProblem("Connector für Zürich – it's \u2019 $x `y`")).toBeUndefined();
  });

  it.each([
    ["NUL", "a\u0000b", /control character U\+0000 at position 1/],
    ["escape", "\u001b[31m", /control character U\+001B/],
    ["DEL", "a\u007f", /U\+007F/],
    ["NEL (C1)", "a\u0085b", /control character U\+0085/],
    ["C1 CSI", "\u009b", /U\+009B/],
    ["line separator", "a\u2028b", /separator U\+2028/],
    ["paragraph separator", "a\u2029b", /separator U\+2029/],
    ["right-to-left override", "a\u202Eb", /bidirectional formatting character U\+202E/],
    ["right-to-left isolate", "\u2067x", /U\+2067/],
    ["Arabic letter mark", "\u061C", /U\+061C/],
    ["lone surrogate", "a\uD800b", /unpaired surrogate U\+D800/],
  ])("refuses %s everywhere", (_name, value, message) => {
    expect(unsafeCharacterProblem(value)).toMatch(message);
    expect(unsafeCharacterProblem(value, { multiline: true })).toMatch(message);
  });

  it("refuses line breaks and tabs in single-line values only", () => {
    expect(unsafeCharacterProblem("a\nb")).toMatch(/line break or tab U\+000A at position 1/);
    expect(unsafeCharacterProblem("a\r\nb")).toMatch(/U\+000D/);
    expect(unsafeCharacterProblem("a\tb")).toMatch(/U\+0009/);
    expect(unsafeCharacterProblem("a\r\nb\tc", { multiline: true })).toBeUndefined();
  });

  it("reports positions in UTF-16 code units", () => {
    expect(unsafeCharacterProblem("\u{1F600}\u0000")).toMatch(/at position 2/);
  });
});
