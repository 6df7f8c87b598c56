import * as fs from "fs";
import * as path from "path";

/** Layers from the bottom up (design.md): each may import only the layers before it. lib/cli sits beside constructs. */
const ORDER = ["model", "rules", "simulate", "artifacts", "constructs"];
const CDKTF_FREE = ["model", "rules", "simulate", "artifacts", "cli"];

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : full.endsWith(".ts") ? [full] : [];
  });
}

const lib = path.join(__dirname, "..", "lib");
/** The lib layers a file imports (by relative path), e.g. "rules" for `../rules/x`. */
function importedLayers(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const layers = new Set<string>();
  for (const match of text.matchAll(/(?:from\s+|import\s+|require\()["'](\.[^"']*)["']/g)) {
    const target = path.relative(lib, path.resolve(path.dirname(file), match[1]));
    const layer = target.split(path.sep)[0];
    if (!target.startsWith("..")) layers.add(target === "index" ? "index" : layer);
  }
  return [...layers];
}

describe("layering (design.md)", () => {
  test.each(CDKTF_FREE)("lib/%s imports neither cdktf nor constructs", (layer) => {
    const files = sources(path.join(lib, layer));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.filter((f) => /(?:from\s+|require\()["'](cdktf|cdktn|cdktf\/[^"']*|cdktn\/[^"']*|@cdktf\/[^"']*|constructs)["']/.test(fs.readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  test("in lib/constructs only engine.ts imports the engine (cdktf or cdktn) or constructs", () => {
    const engineImport = /(?:from\s+|require\(|import\()["'](cdktf|cdktn|cdktf\/[^"']*|cdktn\/[^"']*|@cdktf\/[^"']*|constructs)["']/;
    const files = sources(path.join(lib, "constructs"));
    expect(files.filter((f) => engineImport.test(fs.readFileSync(f, "utf8"))).map((f) => path.relative(lib, f))).toEqual([path.join("constructs", "engine.ts")]);
  });

  test.each(ORDER)("lib/%s imports only the layers below it", (layer) => {
    const allowed = new Set(ORDER.slice(0, ORDER.indexOf(layer) + 1));
    const offenders = sources(path.join(lib, layer)).flatMap((f) =>
      importedLayers(f).filter((l) => !allowed.has(l)).map((l) => `${path.relative(lib, f)} imports lib/${l}`),
    );
    expect(offenders).toEqual([]);
  });

  test("lib/cli does not import the constructs or the package root (which would load cdktf)", () => {
    const offenders = sources(path.join(lib, "cli")).flatMap((f) => importedLayers(f).filter((l) => l === "constructs" || l === "index").map((l) => `${f}: ${l}`));
    expect(offenders).toEqual([]);
  });
});
