import { Testing } from "cdktf";
import { checkTopology } from "../lib";
import { EXAMPLES, synthMailflow, testApp } from "./support/examples";
import { commandNames, parsePowerShell, syntaxProblems } from "./support/powershell-parser";

describe.each(EXAMPLES)("example %s", (name, build) => {
  test("passes every rule (Testing.synth with validations) and matches its cdk.tf.json snapshot", () => {
    const stack = build(testApp());
    expect(Testing.synth(stack, true)).toMatchSnapshot();
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
