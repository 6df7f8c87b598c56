import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { MailflowStackOutput, OnPremisesOrganization, SYNTHESIS_DATE_CONTEXT } from "../../lib";
import { declareTopology } from "../../bench/generate-topology";
import { EXAMPLES, TEST_DATE, readTree } from "../support/examples";

// Synthesis writes the mailflow/ folder file by file (to bound memory); files() renders it in one piece. They must agree.

function appIn(outdir: string): App {
  return new App({ outdir, context: { [SYNTHESIS_DATE_CONTEXT]: TEST_DATE } });
}

function writtenAndRendered(app: App, outdir: string, stacks: readonly TerraformStack[]): Array<[string, Record<string, string>, Record<string, string>]> {
  app.synth();
  return stacks.map((stack) => [
    stack.node.id,
    readTree(path.join(outdir, "stacks", stack.node.id, "mailflow")),
    Object.fromEntries(MailflowStackOutput.of(stack).files()),
  ]);
}

describe("the mailflow/ folder synthesis writes", () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-output-"));
  });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test.each(EXAMPLES)("example %s: exactly the files files() renders", (_name, declare) => {
    const app = appIn(outdir);
    const stack = declare(app);
    for (const [, written, rendered] of writtenAndRendered(app, outdir, [stack])) {
      expect(Object.keys(written).length).toBeGreaterThan(3);
      expect(written).toEqual(rendered);
    }
  });

  test("a generated topology over three stacks: exactly the files files() renders, per stack", () => {
    const app = appIn(outdir);
    const { stacks } = declareTopology(app, { tenants: 6, stacks: 3 });
    const results = writtenAndRendered(app, outdir, stacks);
    expect(results.map(([id]) => id)).toEqual(["msp0", "msp1", "msp2"]);
    for (const [, written, rendered] of results) expect(written).toEqual(rendered);
  });

  test("two organizations whose scripts would share a file name: the same error as files()", () => {
    const app = appIn(outdir);
    const stack = new TerraformStack(app, "stack");
    new OnPremisesOrganization(new Construct(stack, "A"), "OnPrem");
    new OnPremisesOrganization(new Construct(stack, "B"), "OnPrem");
    // An organization without send connectors creates no Terraform resource, so the writer is added explicitly.
    const output = MailflowStackOutput.of(stack);
    const expected = "[stack/B/OnPrem] its script ems-onprem.ps1 would overwrite the one of stack/A/OnPrem";
    expect(() => output.files()).toThrow(expected);
    expect(() => app.synth()).toThrow(expected);
  });
});
