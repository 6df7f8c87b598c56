import { Testing } from "cdktf";
import { checkTopology } from "../lib";
import { ENGINE, printLikeCdktf, synthAsCdktf } from "./support/engine";
import { EXAMPLES, synthMailflow, testApp } from "./support/examples";
import { commandNames, parsePowerShell, syntaxProblems } from "./support/powershell-parser";

describe.each(EXAMPLES)("example %s", (name, build) => {
  test(`passes every rule (Testing.synth with validations) and matches its cdk.tf.json snapshot`, () => {
    const stack = build(testApp());
    // On cdktf the bytes; on cdktn the parsed JSON (synthAsCdktf), against the same snapshot.
    expect(synthAsCdktf(stack, true)).toMatchSnapshot();
    const errors = checkTopology(stack).filter((f) => f.severity === "error" && !f.suppressed);
    expect(errors).toEqual([]);
  });

  test("writes one script per tenant and organization; each parses as PowerShell and matches its snapshot", async () => {
    const files = synthMailflow(build(testApp()));
    const scripts = Object.keys(files).filter((f) => f.startsWith("scripts/"));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) {
      const tree = await parsePowerShell(files[file]);
      expect({ file, problems: syntaxProblems(tree) }).toEqual({ file, problems: [] });
      expect(commandNames(tree)).toContain(file.includes("/exo-") ? "Connect-ExchangeOnline" : "Get-SendConnector");
      expect(files[file]).toMatchSnapshot(file);
    }
  });

  test("synthesizing twice gives the same bytes", () => {
    expect(synthMailflow(build(testApp()))).toEqual(synthMailflow(build(testApp())));
    expect(Testing.synth(build(testApp()))).toEqual(Testing.synth(build(testApp())));
  });
});

test("the hybrid example writes the Exchange Online and Exchange Management Shell scripts", () => {
  const files = synthMailflow(EXAMPLES[0][1](testApp()));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(["scripts/exo-contoso.ps1", "scripts/ems-contosoexchange.ps1"]));
  expect(files["scripts/exo-contoso.ps1"]).toContain("New-InboundConnector");
  expect(files["scripts/exo-contoso.ps1"]).toContain("Set-AcceptedDomain");
  expect(files["scripts/ems-contosoexchange.ps1"]).toContain("New-SendConnector");
});

test(`printLikeCdktf prints cdk.tf.json as ${ENGINE === "cdktf" ? "cdktf does (checked here on cdktf's own output)" : "cdktf does"}`, () => {
  for (const [, build] of EXAMPLES) {
    const text = Testing.synth(build(testApp()));
    const reprinted = printLikeCdktf(JSON.parse(text));
    if (ENGINE === "cdktf") expect(reprinted).toBe(text);
    else expect(JSON.parse(reprinted)).toEqual(JSON.parse(text));
  }
  expect(printLikeCdktf({ b: {}, a: [], c: [{}], d: { x: [1, {}] } })).toBe('{\n  "a": [\n  ],\n  "b": {\n  },\n  "c": [\n    {\n    }\n  ],\n  "d": {\n    "x": [\n      1,\n      {\n      }\n    ]\n  }\n}');
});
