#!/usr/bin/env node
/**
 * Builds both npm packages from this one tree into build/packages/ (`npm run package`):
 * - cdktf-mailflow-<version>.tgz, for CDK for Terraform (cdktf 0.21): `npm pack` of this package;
 * - cdktn-mailflow-<version>.tgz, for CDK Terrain (cdktn 0.24): the same compiled library with the engine module
 *   (dist/constructs/engine.js and .d.ts, the only files that import the engine) importing "cdktn", its own name and
 *   peer dependency ranges. Every other compiled file is checked to import no engine.
 * Prints the tarballs' paths, one a line. Plain Node: runs before anything is compiled.
 */
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const out = path.join(root, "build", "packages");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** CDK Terrain's package and the ranges that work: cdktn 0.24 takes constructs >=10.6.0 <10.8.0. */
const CDKTN = { name: "cdktn-mailflow", peerDependencies: { cdktn: "~0.24.0", constructs: ">=10.6.0 <10.8.0" } };
const ENGINE_MODULE = path.join("constructs", "engine");
/** An import of cdktf or one of its files, as tsc writes it in .js (require) and .d.ts (from, import()). */
const CDKTF_IMPORT = /(require\(|from |import\()"cdktf(\/[^"]*)?"/g;

function run(command, args, cwd) {
  return execFileSync(command, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
}

function pack(dir) {
  // --ignore-scripts: dist/ was just built; `prepare` would build it again.
  const [{ filename }] = JSON.parse(run(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", out], dir));
  return path.join(out, path.basename(filename));
}

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Copies dist/ into the cdktn package, its engine module importing cdktn; fails if any other file imports cdktf. */
function copyDistForCdktn(from, to) {
  for (const file of filesUnder(from)) {
    const relative = path.relative(from, file);
    const target = path.join(to, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    let text = fs.readFileSync(file, "utf8");
    const imports = text.match(CDKTF_IMPORT) ?? [];
    if (relative.replace(/\.(d\.ts|js)$/, "") === ENGINE_MODULE) {
      if (imports.length === 0) throw new Error(`dist/${relative} imports no cdktf: the engine module changed, update scripts/package.js`);
      text = text.replace(CDKTF_IMPORT, (_, opening, rest) => `${opening}"cdktn${rest ?? ""}"`);
    } else if (imports.length > 0) {
      throw new Error(`dist/${relative} imports ${imports.join(", ")}: only lib/constructs/engine.ts may import the engine`);
    }
    fs.writeFileSync(target, text);
  }
}

function cdktnPackageJson(manifest) {
  const { name, version, description, license, main, types, bin, files, engines, dependencies } = manifest;
  const exports = { ".": { types: manifest.exports["."].types, default: manifest.exports["."].default }, "./package.json": "./package.json" };
  return {
    name: CDKTN.name,
    version,
    description: description.replace("CDK for Terraform", "CDK Terrain (cdktn)"),
    license,
    main,
    types,
    exports,
    // The command keeps its documented name; cdktn-mailflow is the same program.
    bin: { ...bin, [CDKTN.name]: bin[name] },
    files,
    engines,
    dependencies,
    peerDependencies: CDKTN.peerDependencies,
  };
}

const CDKTN_README_HEADER = `> **cdktn-mailflow** is cdktf-mailflow built for [CDK Terrain](https://www.npmjs.com/package/cdktn) (\`cdktn\` 0.24),
> the community fork of CDK for Terraform: \`npm install cdktn-mailflow cdktn constructs\`, then import from
> \`"cdktn-mailflow"\` and \`"cdktn"\` where this README says \`"cdktf-mailflow"\` and \`"cdktf"\`. Same constructs, same
> output; the command is \`cdktf-mailflow\` (also installed as \`cdktn-mailflow\`).

`;

function main() {
  if (!process.argv.includes("--no-build")) run(npm, ["run", "--silent", "build"], root);
  const dist = path.join(root, "dist");
  if (!fs.existsSync(path.join(dist, "index.js"))) throw new Error("dist/index.js is missing: run `npm run build` first");
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const tarballs = [pack(root)];

  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const stage = path.join(root, "build", CDKTN.name);
  fs.rmSync(stage, { recursive: true, force: true });
  copyDistForCdktn(dist, path.join(stage, "dist"));
  fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(cdktnPackageJson(manifest), null, 2)}\n`);
  fs.writeFileSync(path.join(stage, "README.md"), CDKTN_README_HEADER + fs.readFileSync(path.join(root, "README.md"), "utf8"));
  for (const file of ["RULES.md", "LICENSE"]) fs.copyFileSync(path.join(root, file), path.join(stage, file));
  tarballs.push(pack(stage));
  for (const tarball of tarballs) process.stdout.write(`${tarball}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`package: ${error.message}\n`);
  process.exit(1);
}
