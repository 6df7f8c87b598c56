import * as fs from "fs";
import * as path from "path";

test("lib/cli imports neither cdktf, constructs nor lib/constructs (it reads plan.json, not the construct tree)", () => {
  const dir = path.join(__dirname, "..", "..", "lib", "cli");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts"));
  expect(files).toContain("main.ts");
  const offenders = files.filter((f) =>
    /from\s+["'](cdktf|@cdktf\/[^"']*|constructs|\.\.\/constructs[^"']*|\.\.\/index)["']|require\(["'](cdktf|constructs)/.test(fs.readFileSync(path.join(dir, f), "utf8")),
  );
  expect(offenders).toEqual([]);
});
