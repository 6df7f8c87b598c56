/**
 * Replacement safety, read from the generated code: Terraform replaces an object's resource when a setting
 * changes, and the destroy step runs the script with MAILFLOW_ACTION=remove and the old settings digest.
 * The script must then keep the object (the new resource's apply updates it), and remove it in every other case.
 * The decisions are evaluated from the scripts' own code (decision-evaluator.ts), with the digests the Terraform
 * resources carry (lib/artifacts/deployment-settings.ts).
 */
import type { Node, Tree } from "web-tree-sitter";
import { deploymentSettings, objectDigest, settingsDigest } from "../../../lib/artifacts/deployment-settings";
import { exchangeOnlineScript } from "../../../lib/artifacts/powershell/exchange-online-script";
import { exchangeServerScript } from "../../../lib/artifacts/powershell/exchange-server-script";
import type { TenantModel, Topology } from "../../../lib/model/topology";
import { parsePowerShell } from "../../support/powershell-parser";
import { everyKindTopology } from "../../support/topology";
import { type Scope, type Value, callFunction, evaluate, truthy } from "./decision-evaluator";

function withConfig(t: Topology): { topology: Topology; tenant: TenantModel } {
  const tenant = { ...t.tenants[0], organizationConfig: { path: "app/stack/Contoso/OrganizationConfig", rejectDirectSend: true } };
  return { topology: { ...t, tenants: [tenant] }, tenant };
}

const { topology, tenant } = withConfig(everyKindTopology());
const organization = topology.organizations[0];
const OTHER_DIGEST = "0123456789abcdef";

let exo: Tree;
let ems: Tree;
beforeAll(async () => {
  exo = await parsePowerShell(exchangeOnlineScript(topology, tenant).content);
  ems = await parsePowerShell(exchangeServerScript(topology, organization).content);
});

/** The `if (Test-MailflowObject '<path>')` blocks of a path: [removal, apply]. */
function objectBlocks(tree: Tree, path: string): [Node, Node] {
  const blocks = tree.rootNode.descendantsOfType("if_statement").filter((n): n is Node => n?.childForFieldName("condition")?.text === `Test-MailflowObject '${path}'`);
  expect(blocks).toHaveLength(2);
  return [blocks[0], blocks[1]];
}

/** The statements of an if statement's first block. */
function statements(ifStatement: Node): Node[] {
  const block = ifStatement.namedChildren.find((c) => c?.type === "statement_block")!;
  return block.descendantsOfType("statement_list")[0]!.namedChildren.filter((s): s is Node => s !== null);
}

/** What removing `path` does, evaluated from the script: the notice (kept) or the removal statement. */
function removal(tree: Tree, path: string, scope: Scope): { kept: boolean; statement: string } {
  const [block] = objectBlocks(tree, path);
  const decision = statements(block).find((s) => s.type === "if_statement")!;
  const condition = decision.childForFieldName("condition")!;
  const kept = truthy(evaluate(condition, scope));
  const branch = kept ? decision.namedChildren.find((c) => c?.type === "statement_block")! : decision.namedChildren.find((c) => c?.type === "else_clause")!;
  return { kept, statement: branch.text.replace(/\s+/g, " ") };
}

/** The variables and functions a removal sees, for a resource digest and the selected paths. */
function scopeFor(tree: Tree, resourceDigest: string, selected: readonly string[], spoofDeclared = true): Scope {
  const scope: Scope = {
    variables: { MailflowResourceDigest: resourceDigest, MailflowSelected: selected },
    functions: {
      "Test-MailflowReplacement": (args) => callFunction(tree, "Test-MailflowReplacement", args, scope) as Value,
      "Test-MailflowSpoofDeclared": () => spoofDeclared,
    },
  };
  return scope;
}

const connectors: ReadonlyArray<readonly [string, () => Tree, { readonly path: string } & Parameters<typeof objectDigest>[0]]> = [
  ["the inbound connector", () => exo, tenant.inboundConnectors[0]],
  ["the outbound connector", () => exo, tenant.outboundConnectors[0]],
  ["the send connector", () => ems, organization.sendConnectors[0]],
];

describe("settings digests", () => {
  test("the digest is the first 16 hex digits of the SHA-256 of the sorted settings, whatever the key order", () => {
    const settings = deploymentSettings(tenant.inboundConnectors[0]);
    expect(Object.keys(settings)).toEqual([...Object.keys(settings)].sort());
    expect(settings).not.toHaveProperty("path");
    expect(settings.senderDomains).toBe("*");
    const reversed = Object.fromEntries(Object.entries(settings).reverse());
    expect(settingsDigest(reversed)).toBe(settingsDigest(settings));
    expect(objectDigest(tenant.inboundConnectors[0])).toMatch(/^[0-9a-f]{16}$/);
    expect(objectDigest({ ...tenant.inboundConnectors[0], comment: "changed" })).not.toBe(objectDigest(tenant.inboundConnectors[0]));
    // The construct path names the object; it is not a setting, so renaming nothing but the path keeps the digest.
    expect(objectDigest({ ...tenant.inboundConnectors[0], path: "elsewhere" })).toBe(objectDigest(tenant.inboundConnectors[0]));
  });

  test("each script embeds the current digest of each declared object, in its removal and its apply block", () => {
    for (const [tree, model] of [[exo, tenant.inboundConnectors[0]], [exo, tenant.spoofPairs[0]], [exo, tenant.organizationConfig!], [ems, organization.sendConnectors[0]]] as const) {
      const [remove, apply] = objectBlocks(tree, model.path);
      expect(remove.text).toContain(`Test-MailflowReplacement -Digest '${objectDigest(model)}'`);
      expect(statements(apply)[0].text).toBe(`Assert-MailflowDigest -Path '${model.path}' -Digest '${objectDigest(model)}'`);
    }
  });
});

describe.each(connectors)("removing %s", (_what, tree, model) => {
  const digest = (): string => objectDigest(model);
  test.each<readonly [string, () => string, readonly string[], boolean]>([
    ["terraform destroy of an unchanged configuration (same digest)", () => digest(), [model.path], false],
    ["a run by hand (no MAILFLOW_DIGEST)", () => "", [model.path], false],
    ["a replacement for newer settings (another digest)", () => OTHER_DIGEST, [model.path], true],
    ["a replacement of a resource created before digests existed", () => "unrecorded", [model.path], true],
    ["several objects selected by hand, even with a digest", () => OTHER_DIGEST, [model.path, "app/other"], false],
    ["every object (none selected), even with a digest", () => OTHER_DIGEST, [], false],
  ])("%s", (_case, resourceDigest, selected, kept) => {
    const outcome = removal(tree(), model.path, scopeFor(tree(), resourceDigest(), selected));
    expect(outcome.kept).toBe(kept);
    if (kept) expect(outcome.statement).toContain(`Write-MailflowReplacementNotice -Path '${model.path}'`);
    else expect(outcome.statement).toContain(`Remove-MailflowConnector -Kind '`);
  });
});

describe("removing a spoof pair", () => {
  const pair = tenant.spoofPairs[0];
  test.each([
    ["a replacement whose entry is still declared (only the action changed)", OTHER_DIGEST, true, true],
    ["a replacement whose identity changed: the old entry is removed", OTHER_DIGEST, false, false],
    ["terraform destroy of an unchanged configuration", objectDigest(pair), true, false],
    ["a run by hand", "", true, false],
  ] as const)("%s", (_case, resourceDigest, declared, kept) => {
    const outcome = removal(exo, pair.path, scopeFor(exo, resourceDigest, [pair.path], declared));
    expect(outcome.kept).toBe(kept);
    expect(outcome.statement).toContain(kept ? "Write-MailflowReplacementNotice" : "Remove-MailflowSpoofItem @mailflowSpoofTarget");
  });

  test("the entry to remove is the one the resource recorded, passed as data, when it names one object", () => {
    const target = (env: Record<string, string>, selected: readonly string[]) => {
      const fn = exo.rootNode.descendantsOfType("function_statement").find((f) => f?.text.startsWith("function Get-MailflowSpoofTarget"))!;
      const condition = fn.descendantsOfType("if_statement")[0]!.childForFieldName("condition")!;
      const fromResource = { SpoofedUser: env.MAILFLOW_SPOOFED_USER ?? "", SendingInfrastructure: env.MAILFLOW_SENDING_INFRASTRUCTURE ?? "", SpoofType: env.MAILFLOW_SPOOF_TYPE ?? "" };
      return truthy(evaluate(condition, { variables: { MailflowSelected: selected, fromResource } })) ? "recorded" : "declared";
    };
    const recorded = { MAILFLOW_SPOOFED_USER: "old@contoso.com", MAILFLOW_SENDING_INFRASTRUCTURE: "old.example", MAILFLOW_SPOOF_TYPE: "External" };
    expect(target(recorded, [pair.path])).toBe("recorded");
    expect(target({ ...recorded, MAILFLOW_SPOOF_TYPE: "" }, [pair.path])).toBe("declared");
    expect(target(recorded, [])).toBe("declared");
    // The environment reaches the script as strings cast with [string], then as parameters: never as code.
    const source = exo.rootNode.text;
    for (const name of ["MAILFLOW_SPOOFED_USER", "MAILFLOW_SENDING_INFRASTRUCTURE", "MAILFLOW_SPOOF_TYPE", "MAILFLOW_DIGEST"]) {
      const uses = source.split("\n").filter((line) => line.includes(`$env:${name}`));
      expect(uses.length).toBeGreaterThan(0);
      for (const line of uses) expect(line.trim()).toMatch(new RegExp(`= \\[string\\] \\$env:${name}$`));
    }
    for (const tree of [exo, ems]) {
      const commands = tree.rootNode.descendantsOfType("command_name").map((n) => n!.text.toLowerCase());
      expect(commands.filter((c) => ["invoke-expression", "iex", "invoke-command", "start-process", "new-module"].includes(c))).toEqual([]);
      expect(tree.rootNode.text).not.toMatch(/\[scriptblock\]::Create|\.InvokeScript|\bInvoke\(|\$ExecutionContext/i);
      // No call operator on a variable (& $x): every command is named in the script.
      expect(tree.rootNode.descendantsOfType("command").filter((c) => /^[&.]\s*\$/.test(c!.text))).toEqual([]);
    }
    // A spoof type the resource recorded must be one of the two: anything else stops the removal.
    expect(source).toContain("[Parameter(Mandatory = $true)] [ValidateSet('Internal', 'External')] [string] $SpoofType");
  });
});

describe("applying", () => {
  const model = tenant.inboundConnectors[0];
  test.each<readonly [string, () => string, readonly string[], boolean]>([
    ["the digest of the settings the script declares", () => objectDigest(model), [model.path], false],
    ["no digest (a run by hand)", () => "", [model.path], false],
    ["another digest: the script and cdk.tf.json come from different syntheses", () => OTHER_DIGEST, [model.path], true],
    ["another digest but several objects selected by hand", () => OTHER_DIGEST, [model.path, "x"], false],
  ])("with %s", (_case, resourceDigest, selected, throws) => {
    const scope: Scope = { variables: { MailflowResourceDigest: resourceDigest(), MailflowSelected: selected } };
    expect(callFunction(exo, "Assert-MailflowDigest", { Path: model.path, Digest: objectDigest(model) }, scope) === "throws").toBe(throws);
  });

  test("selects an object when no path is given, or when its path is among the given ones (case-sensitive)", () => {
    const selected = (paths: readonly string[], path: string) => callFunction(exo, "Test-MailflowObject", { Path: path }, { variables: { MailflowSelected: paths } });
    expect(selected([], "app/a")).toBe(true);
    expect(selected(["app/a", "app/b"], "app/b")).toBe(true);
    expect(selected(["app/A"], "app/a")).toBe(false);
  });
});

describe("tenant-wide settings (RejectDirectSend)", () => {
  test("applied only when declared, last, read first, and never reset on removal", async () => {
    const commands = (node: Node) => node.descendantsOfType("command").map((c) => c!);
    const [remove, apply] = objectBlocks(exo, tenant.organizationConfig!.path);
    expect(apply.text).toContain("if ((Get-OrganizationConfig).RejectDirectSend -ne $true) {");
    expect(apply.text).toContain("if ($PSCmdlet.ShouldProcess($MailflowTenant, 'Set-OrganizationConfig')) {");
    const set = commands(apply).filter((c) => c.childForFieldName("command_name")?.text === "Set-OrganizationConfig");
    expect(set.map((c) => c.text)).toEqual(["Set-OrganizationConfig -RejectDirectSend $true"]);
    expect(remove.text).toContain("Write-Warning 'RejectDirectSend is left as it is");
    expect(commands(remove).map((c) => c.childForFieldName("command_name")?.text)).not.toContain("Set-OrganizationConfig");
    // After the inbound connectors, so Direct Send is rejected only once the servers are identified.
    const newInbound = commands(exo.rootNode).filter((c) => c.childForFieldName("command_name")?.text === "New-InboundConnector").pop()!;
    expect(newInbound.startIndex).toBeLessThan(set[0].startIndex);
    const undeclared = await parsePowerShell(exchangeOnlineScript(everyKindTopology(), everyKindTopology().tenants[0]).content);
    expect(undeclared.rootNode.descendantsOfType("command_name").map((n) => n!.text)).not.toContain("Set-OrganizationConfig");
  });
});
