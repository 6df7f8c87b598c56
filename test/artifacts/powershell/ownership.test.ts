/**
 * Ownership: the scripts change or remove only connectors this library created, recognized by the marker
 * line in their Comment, and say so when they meet one of the declared name that is not theirs. Read from
 * the generated code with tree-sitter, for both scripts.
 */
import type { Node } from "web-tree-sitter";
import { exchangeOnlineScript } from "../../../lib/artifacts/powershell/exchange-online-script";
import { exchangeServerScript } from "../../../lib/artifacts/powershell/exchange-server-script";
import { MANAGED_MARKER_PREFIX, MANAGED_MARKER_SUFFIX, managedMarker } from "../../../lib/artifacts/powershell/managed-marker";
import { MANAGED_MARKER_OPENING } from "../../../lib/model/schemas";
import { ancestors } from "../../support/powershell-parser";
import { everyKindTopology } from "../../support/topology";
import { analyseScript, callsOf, enclosingFunction, settingsOf } from "./script-assertions";

/** The conditions of every if/elseif whose block holds the node, nearest first. */
function conditionsOf(node: Node): string[] {
  return ancestors(node)
    .filter((a) => a.type === "statement_block" && (a.parent?.type === "if_statement" || a.parent?.type === "elseif_clause"))
    .map((a) => a.parent!.childForFieldName("condition")!.text);
}

const t = everyKindTopology();
const scripts = [
  ["Exchange Online", () => exchangeOnlineScript(t, t.tenants[0]).content, ["Inbound", "Outbound"]],
  ["Exchange Management Shell", () => exchangeServerScript(t, t.organizations[0]).content, ["Send"]],
] as const;

describe.each(scripts)("%s script ownership", (_name, generate, kinds) => {
  test("a connector is removed only inside Remove-MailflowConnector, only the one carrying the marker, and only after ShouldProcess", async () => {
    const script = await analyseScript(generate());
    for (const kind of kinds) {
      const removes = callsOf(script, `Remove-${kind}Connector`);
      expect(removes).toHaveLength(1);
      const [remove] = removes;
      expect(enclosingFunction(remove.node)).toBe("Remove-MailflowConnector");
      expect(remove.parameters.get("Identity")).toBe("$managed[0].Identity");
      expect(remove.parameters.get("Confirm")).toBe("$false");
      expect(conditionsOf(remove.node)).toEqual(["$PSCmdlet.ShouldProcess([string] $managed[0].Name, ('Remove {0}' -f $label))", "$managed.Count -eq 1"]);
    }
    // $managed holds only connectors with a Comment line equal to the marker (ordinally, whole line); pwsh runs prove it.
    expect(script.source).toContain("$managed = @(Select-MailflowManaged -Existing $existing -Path $Path)");
    expect(script.source).toContain("return @($Existing | Where-Object { Test-MailflowMarked -Comment ([string] $_.Comment) -Marker $marker })");
    expect(script.source).toContain("if ([string]::Equals($line.Trim(), $Marker, [System.StringComparison]::Ordinal)) { return $true }");
    expect(script.source).toContain(`return '${MANAGED_MARKER_PREFIX}' + $Path + '${MANAGED_MARKER_SUFFIX}'`);
  });

  test("a connector of the declared name without the marker is left in place, and the script says so", async () => {
    const script = await analyseScript(generate());
    const warning = callsOf(script, "Write-Warning").find((c) => c.node.text.includes("was not created by cdktf-mailflow"))!;
    expect(enclosingFunction(warning.node)).toBe("Remove-MailflowConnector");
    expect(conditionsOf(warning.node)).toEqual(["($Name.Length -gt 0) -and (@($existing | Where-Object { Test-MailflowSameName -Left ([string] $_.Name) -Right $Name }).Count -gt 0)"]);
    expect(warning.node.text).toContain("(its Comment has no line {2}): left in place.");
    // Two connectors with one marker: neither is removed, and the run fails at the end so a pipeline notices.
    expect(script.source).toContain("not removed: {2} connectors carry its marker. Keep the marker on one of them only.");
  });

  test("applying updates only the connector carrying the marker, and refuses one of the same name without it", async () => {
    const script = await analyseScript(generate());
    for (const kind of kinds) {
      for (const set of callsOf(script, `Set-${kind}Connector`)) {
        expect(set.parameters.get("Identity")).toBe("$mailflowTarget.Identity");
        expect(conditionsOf(set.node)[1]).toBe("$mailflowTarget.Action -eq 'Set'");
      }
      for (const created of callsOf(script, `New-${kind}Connector`)) expect(created.node.text.trim()).toMatch(new RegExp(`^New-${kind}Connector (-Usage 'Custom' )?@mailflowCreate$`));
      for (const settings of settingsOf(script, `${kind}Connector`)) {
        const comment = String(settings.get("Comment"));
        // Every connector created carries its marker as the last line of its Comment.
        expect(comment).toMatch(/(^'|\n)\[managed-by:cdktf-mailflow path=[^\]\n]+\]'$/);
      }
    }
    const resolve = script.tree.rootNode.descendantsOfType("function_statement").find((f) => f!.text.startsWith("function Resolve-MailflowConnector"))!.text;
    expect(resolve).toContain("if ($managed.Count -eq 1) {\n        return @{ Action = 'Set'; Identity = $managed[0].Identity; Current = $managed[0] }");
    expect(resolve).toContain("exists but was not created by cdktf-mailflow: its Comment has no line {2}. It is left unchanged.");
    expect(resolve).toContain("return @{ Action = 'Skip'; Identity = $null; Current = $null }");
  });
});

test("the model refuses a comment holding the marker, so no declaration can claim another object's connector", () => {
  expect(MANAGED_MARKER_PREFIX.startsWith(MANAGED_MARKER_OPENING)).toBe(true);
  expect(managedMarker("app/x")).toBe("[managed-by:cdktf-mailflow path=app/x]");
});
