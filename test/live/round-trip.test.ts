import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildPlan, planSchema, renderPlanJson, topologyFromPlan } from "../../lib/artifacts";
import { LIVE_STACK, readLiveEstate } from "../../lib/live";
import { computeDrift } from "../../lib/live/drift";
import { renderImportApp } from "../../lib/live/import-app";
import { checkRules } from "../../lib/simulate";
import { importedTopology } from "./imported-app";

const FIXTURES = path.join(__dirname, "..", "fixtures", "live");
const ESTATES = ["one-tenant", "several-tenants", "hybrid-wizard", "mc1226222-two-tenants", "shared-organization", "malformed"];

/** A plan.json of the synthesized topology, read back as `drift` reads it. */
function planTopology(topology: ReturnType<typeof importedTopology>) {
  const findings = checkRules(topology, { now: "2026-06-01" });
  const plan = planSchema.parse(JSON.parse(renderPlanJson(buildPlan(topology, LIVE_STACK, { findings }))));
  return { stack: plan.stack, topology: topologyFromPlan(plan) };
}

describe("import → synth → drift", () => {
  test.each(ESTATES)("%s: the imported app declares the export's topology, and drift is empty", (name) => {
    const estate = readLiveEstate([path.join(FIXTURES, name)]);
    expect(estate.topology.tenants.length + estate.topology.organizations.length).toBeGreaterThan(0);
    const files = renderImportApp(estate.topology);
    const declared = importedTopology(files);
    expect(declared).toEqual(estate.topology);
    const plan = planTopology(declared);
    expect(computeDrift(plan.topology, plan.stack, estate)).toEqual([]);
  });

  test("the whole fixture folder at once: one app, its topology equal to the export's", () => {
    const estate = readLiveEstate([path.join(FIXTURES, "one-tenant"), path.join(FIXTURES, "several-tenants"), path.join(FIXTURES, "mc1226222-two-tenants"), path.join(FIXTURES, "shared-organization")]);
    expect(importedTopology(renderImportApp(estate.topology))).toEqual(estate.topology);
  });

  test("the fidelity fields survive the round trip: a sovereign cloud, AD sites, scoped connectors, users' mailboxes", () => {
    const estate = readLiveEstate([path.join(FIXTURES, "shared-organization")]);
    const files = renderImportApp(estate.topology);
    expect(files.get("tenants/proseware.ts")).toContain(`cloud: "gcc-high"`);
    const organization = files.get("organizations/hoster.ts")!;
    expect(organization).toContain(`sites: { "Site-A": ["MBXA1"], "Site-B": ["MBXB1"] }`);
    expect(organization).toContain(`organization.addUserMailboxes(tenants["proseware"], { servers: ["MBXB1"] });`);
    expect(organization.match(/isScopedConnector: true/g)).toHaveLength(2);
    const declared = importedTopology(files);
    expect(declared.organizations[0]).toMatchObject({ sites: estate.topology.organizations[0].sites, userMailboxes: estate.topology.organizations[0].userMailboxes });
    expect(declared.tenants.map((t) => t.cloud)).toEqual([undefined, "gcc-high"]);
  });

  test("settings the export has unset (TlsAuthLevel, TlsDomain, Fqdn) are declared null, and stay unset through synthesis", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-round-trip-"));
    try {
      fs.cpSync(path.join(FIXTURES, "shared-organization"), dir, { recursive: true });
      const file = path.join(dir, "hoster", "Get-SendConnector.json");
      const connectors = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>[];
      connectors[2].TlsAuthLevel = null;
      fs.writeFileSync(file, JSON.stringify(connectors));
      const estate = readLiveEstate([dir]);
      const files = renderImportApp(estate.topology);
      const organization = files.get("organizations/hoster.ts")!;
      expect(organization).toMatch(/"To Fourth Coffee cloud mailboxes", \{[^}]*fqdn: null,[^}]*tlsDomain: null,/);
      expect(organization).toMatch(/"To Proseware", \{[^}]*tlsAuthLevel: null,/);
      const declared = importedTopology(files);
      expect(declared).toEqual(estate.topology);
      const plan = planTopology(declared);
      expect(computeDrift(plan.topology, plan.stack, estate)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the app is deterministic: the same export gives the same bytes", () => {
    const a = renderImportApp(readLiveEstate([path.join(FIXTURES, "hybrid-wizard")]).topology);
    const b = renderImportApp(readLiveEstate([path.join(FIXTURES, "hybrid-wizard")]).topology);
    expect([...a.entries()]).toEqual([...b.entries()]);
    expect([...a.keys()]).toEqual(["cdktf.json", "certificates.ts", "estate.ts", "main.ts", "organizations/contoso-exchange.ts", "tenants/contoso.ts"]);
  });
});

describe("the imported app type-checks", () => {
  test("every fixture's app compiles with the library's types (strict, no unused locals)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts: typeof import("typescript") = require("typescript");
    const fs: typeof import("fs") = require("fs");
    const os: typeof import("os") = require("os");
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-import-"));
    try {
      const roots: string[] = [];
      for (const name of ESTATES) {
        for (const [relative, content] of renderImportApp(readLiveEstate([path.join(FIXTURES, name)]).topology)) {
          const file = path.join(root, name, relative);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, content);
          if (file.endsWith(".ts")) roots.push(file);
        }
      }
      const program = ts.createProgram(roots, {
        strict: true, noUnusedLocals: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true, skipLibCheck: true,
        baseUrl: root, paths: { "cdktf-mailflow": [path.join(__dirname, "..", "..", "lib", "index.ts")], "*": [path.join(__dirname, "..", "..", "node_modules", "*")] },
        typeRoots: [path.join(__dirname, "..", "..", "node_modules", "@types")], types: ["node"],
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file === undefined || d.file.fileName.startsWith(root));
      expect(diagnostics.map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`)).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});
