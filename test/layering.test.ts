import * as fs from "fs";
import * as path from "path";

const CORE = ["model", "rules", "simulate", "artifacts"];

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : full.endsWith(".ts") ? [full] : [];
  });
}

describe("layering (design.md): only lib/constructs imports cdktf", () => {
  test.each(CORE)("lib/%s imports neither cdktf nor constructs", (layer) => {
    const files = sources(path.join(__dirname, "..", "lib", layer));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.filter((f) => /from\s+["'](cdktf|@cdktf\/[^"']*|constructs)["']|require\(["'](cdktf|constructs)/.test(fs.readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  test("lib/model imports no higher layer", () => {
    const offenders = sources(path.join(__dirname, "..", "lib", "model")).filter((f) =>
      /from\s+["']\.\.\/(rules|simulate|artifacts|constructs)/.test(fs.readFileSync(f, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
