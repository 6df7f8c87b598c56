import { escapeControl, safeJson } from "../../lib/cli/control-chars";

describe("escapeControl", () => {
  test("terminal escapes, carriage returns, C1 and bidirectional overrides are written as escapes; plain text is untouched", () => {
    expect(escapeControl("<id\u001b[2J@x>")).toBe("<id\\x1b[2J@x>");
    expect(escapeControl("a\rb\nc\td\u007f\u0085")).toBe("a\\x0db\\x0ac\\x09d\\x7f\\x85");
    expect(escapeControl("user\u202e@evil\u2066")).toBe("user\\u202e@evil\\u2066");
    const plain = "Outbound to Office 365 ✓ <a@b>";
    expect(escapeControl(plain)).toBe(plain);
  });
});

describe("safeJson", () => {
  test("the same data once parsed, with no raw control or bidirectional character in the text", () => {
    const value = { id: "<a\u001b\u009b\u202e@b>", list: ["\u2028"] };
    const text = safeJson(value, 2);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
  });
});
