/**
 * Runs the app `import` writes, in-process: each file transpiled by TypeScript and evaluated with a require that maps
 * "cdktf-mailflow" to this repository's lib, so a test can build its stack and collect its Topology.
 */
import * as path from "path";
import * as ts from "typescript";
import { Testing } from "cdktf";
import type { Topology } from "../../lib/model/topology";
import { collectTopology } from "../../lib/constructs/topology-collector";
import * as library from "../../lib";

/** The Topology of the imported app's stack `live`, built in a fresh Testing.app() (no synthesis: errors do not stop it). */
export function importedTopology(files: ReadonlyMap<string, string>): Topology {
  const cache = new Map<string, unknown>();
  const load = (file: string): unknown => {
    const known = cache.get(file);
    if (known !== undefined) return known;
    const source = files.get(file);
    if (source === undefined) throw new Error(`the imported app has no file ${file}`);
    const { outputText, diagnostics } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, strict: true },
      reportDiagnostics: true,
      fileName: file,
    });
    if (diagnostics && diagnostics.length > 0) throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, "\n")}`);
    const module = { exports: {} as Record<string, unknown> };
    cache.set(file, module.exports);
    const requireFrom = (name: string): unknown => {
      if (name === "cdktf-mailflow") return library;
      if (name === "cdktf" || name === "constructs") return require(name);
      if (name.startsWith(".")) return load(`${path.posix.join(path.posix.dirname(file), name)}.ts`);
      throw new Error(`${file} imports ${name}, which the imported app should not need`);
    };
    new Function("require", "module", "exports", outputText)(requireFrom, module, module.exports);
    return module.exports;
  };
  const { LiveEstate } = load("estate.ts") as { LiveEstate: new (scope: unknown, id: string) => unknown };
  const app = Testing.app();
  new LiveEstate(app, "live");
  return collectTopology(app);
}
