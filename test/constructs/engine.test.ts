import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Tenant } from "../../lib";
import { ENGINE } from "../support/engine";

type Engine = { App: new (props: { outdir: string }) => object; TerraformStack: new (scope: object, id: string) => object };

const ROOT = path.join(__dirname, "..", "..");
const OTHER = ENGINE === "cdktf" ? "cdktn" : "cdktf";
const NAMES = { cdktf: "CDK for Terraform (cdktf)", cdktn: "CDK Terrain (cdktn)" };

let outdir: string;
beforeEach(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-engine-"));
});
afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

function tenantIn(engine: Engine): () => Tenant {
  const stack = new engine.TerraformStack(new engine.App({ outdir }), "mixed");
  return () => new Tenant(stack as never, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
}

test(`a mail object in a stack of the other engine (${OTHER}) fails, naming both engines and the fix`, () => {
  // Loaded by path, so that jest's mapping of "cdktf" to the engine under test does not apply.
  const other = require(path.join(ROOT, "node_modules", OTHER)) as Engine;
  const library = `${ENGINE}-mailflow`;
  expect(tenantIn(other)).toThrow(
    `[mixed/Contoso] stack "mixed" is a ${NAMES[OTHER]} stack, but this library, ${library}, is built for ${NAMES[ENGINE]}: ` +
      `its mail resources would be left out of the stack's cdk.tf.json. Either install ${OTHER}-mailflow instead of ${library} ` +
      `(same API, built for ${NAMES[OTHER]}), or import App and TerraformStack from "${ENGINE}" instead of "${OTHER}"`,
  );
});

test("a mail object in a stack of a second copy of the same engine fails, saying how to keep one copy", () => {
  let copy: Engine | undefined;
  jest.isolateModules(() => {
    copy = require("cdktf") as Engine;
  });
  expect(tenantIn(copy!)).toThrow(`[mixed/Contoso] stack "mixed" comes from another installed copy of ${NAMES[ENGINE]} than the one ${ENGINE}-mailflow uses`);
});

test("a mail object in a stack of the engine under test is accepted", () => {
  const engine = require("cdktf") as Engine;
  expect(tenantIn(engine)).not.toThrow();
});
