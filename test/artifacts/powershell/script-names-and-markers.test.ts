import { MANAGED_MARKER_PREFIX, MANAGED_MARKER_SUFFIX, commentWithMarker, managedMarker } from "../../../lib/artifacts/powershell/managed-marker";
import { scriptFileStem } from "../../../lib/artifacts/powershell/script-file-name";

describe("managedMarker", () => {
  it("names the construct path in one line", () => {
    expect(managedMarker("app/stack/Contoso/FromOnPremises")).toBe("[managed-by:cdktf-mailflow path=app/stack/Contoso/FromOnPremises]");
    expect(managedMarker("p")).toBe(`${MANAGED_MARKER_PREFIX}p${MANAGED_MARKER_SUFFIX}`);
  });

  it("follows the user's comment on its own line", () => {
    expect(commentWithMarker("Hybrid mail", "a/b")).toBe("Hybrid mail\n[managed-by:cdktf-mailflow path=a/b]");
    expect(commentWithMarker(undefined, "a/b")).toBe("[managed-by:cdktf-mailflow path=a/b]");
    expect(commentWithMarker("", "a/b")).toBe("[managed-by:cdktf-mailflow path=a/b]");
  });
});

describe("scriptFileStem", () => {
  it.each([
    ["contoso", "contoso"],
    ["Fabrikam-EU", "fabrikam-eu"],
    ["Zürich DC #2", "zurich-dc-2"],
    ["../../etc/passwd", "etc-passwd"],
    ["C:\\Windows\\System32", "c-windows-system32"],
    ["--a--", "a"],
    ["", "unnamed"],
    ["..", "unnamed"],
    ["東京", "unnamed"],
    ["x".repeat(80), "x".repeat(60)],
    [`${"-".repeat(70)}ab`, "ab"],
    [`${"a".repeat(59)}-b`, "a".repeat(59)],
  ])("turns %j into %j", (text, stem) => {
    expect(scriptFileStem(text)).toBe(stem);
    expect(scriptFileStem(text)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});
