/**
 * Replacement safety, read from the generated code: Terraform replaces an object's resource when a setting
 * changes, and the destroy step runs the script with MAILFLOW_ACTION=remove and the old settings digest.
 * The script must then keep the object (the new resource's apply updates it), and remove it in every other case.
 * The decisions are made by the scripts themselves, run in pwsh against the fake Exchange (test/support/pwsh.ts), with
 * the digests the Terraform resources carry (lib/artifacts/deployment-settings.ts).
 */
import type { Node, Tree } from "web-tree-sitter";
import { deploymentSettings, objectDigest, settingsDigest } from "../../../lib/artifacts/deployment-settings";
import { exchangeOnlineScript } from "../../../lib/artifacts/powershell/exchange-online-script";
import { exchangeServerScript } from "../../../lib/artifacts/powershell/exchange-server-script";
import type { TenantModel, Topology } from "../../../lib/model/topology";
import { parsePowerShell } from "../../support/powershell-parser";
import { everyKindTopology } from "../../support/topology";
import { FakeExchange, ScriptServer } from "../../support/pwsh";
import { MANAGEMENT_SHELL, type RunOptions, expectOk, runScript, scriptFolder, writeScript } from "./pwsh-harness";

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

/** Runs the scripts in pwsh against a fresh fake for each case: the decisions as PowerShell makes them. */
let server: ScriptServer;
let fake: FakeExchange;
const folder = scriptFolder();
let exoFile: string;
let emsFile: string;
beforeAll(() => {
  server = new ScriptServer();
  exoFile = writeScript(folder, exchangeOnlineScript(topology, tenant));
  emsFile = writeScript(folder, exchangeServerScript(topology, organization));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  fake = new FakeExchange();
  fake.seedTenant(tenant.initialDomain, tenant.acceptedDomains.map((d) => d.domainName));
});
afterEach(() => fake.dispose());

/** Runs the script of an object's kind, in the Exchange Management Shell for a send connector. */
function run(file: () => string, options: RunOptions) {
  return runScript(server, fake, file(), { ...options, prelude: file() === emsFile ? MANAGEMENT_SHELL : undefined });
}

/** The names of the connectors of the kind of `model` in the fake. */
function connectorNames(kind: "inbound" | "outbound" | "send"): string[] {
  if (kind === "send") return fake.organization("default").sendConnectors.map((c) => String(c.Name));
  const state = fake.tenant(tenant.initialDomain);
  return (kind === "inbound" ? state.inboundConnectors : state.outboundConnectors).map((c) => String(c.Name));
}

const connectors: ReadonlyArray<readonly [string, () => string, "inbound" | "outbound" | "send", { readonly path: string; readonly name: string } & Parameters<typeof objectDigest>[0]]> = [
  ["the inbound connector", () => exoFile, "inbound", tenant.inboundConnectors[0]],
  ["the outbound connector", () => exoFile, "outbound", tenant.outboundConnectors[0]],
  ["the send connector", () => emsFile, "send", organization.sendConnectors[0]],
];

describe.each(connectors)("removing %s", (_what, file, kind, model) => {
  const digest = (): string => objectDigest(model);
  test.each<readonly [string, () => string, readonly string[], boolean]>([
    ["terraform destroy of an unchanged configuration (same digest)", () => digest(), [model.path], false],
    ["a run by hand (no MAILFLOW_DIGEST)", () => "", [model.path], false],
    ["a replacement for newer settings (another digest)", () => OTHER_DIGEST, [model.path], true],
    ["a replacement of a resource created before digests existed", () => "unrecorded", [model.path], true],
    ["several objects selected by hand, even with a digest", () => OTHER_DIGEST, [model.path, "app/other"], false],
    ["every object (none selected), even with a digest", () => OTHER_DIGEST, [], false],
  ])("%s", async (_case, resourceDigest, selected, kept) => {
    expectOk(await run(file, { object: [model.path] }));
    expect(connectorNames(kind)).toContain(model.name);
    const result = expectOk(await run(file, { object: selected, remove: true, digest: resourceDigest() }));
    expect(connectorNames(kind).includes(model.name)).toBe(kept);
    if (kept) expect(result.information.join("\n")).toContain(`${model.path} is not removed: its settings changed (digest ${resourceDigest()}, declared now ${digest()})`);
  });
});

describe("removing a spoof pair", () => {
  const pair = tenant.spoofPairs[0];
  const identity = { MAILFLOW_SPOOFED_USER: pair.spoofedUser, MAILFLOW_SENDING_INFRASTRUCTURE: pair.sendingInfrastructure, MAILFLOW_SPOOF_TYPE: pair.spoofType };
  const old = { MAILFLOW_SPOOFED_USER: "old@contoso.com", MAILFLOW_SENDING_INFRASTRUCTURE: "old.example", MAILFLOW_SPOOF_TYPE: "External" };
  const entries = () => fake.tenant(tenant.initialDomain).spoofItems.map((s) => `${String(s.SpoofedUser)} ${String(s.SendingInfrastructure)}`).sort();
  beforeEach(() => {
    fake.editTenant(tenant.initialDomain, (s) => s.spoofItems.push({ Identity: "0ld00000-0000-0000-0000-000000000000", SpoofedUser: "old@contoso.com", SendingInfrastructure: "old.example", SpoofType: "External", Action: "Allow" }));
  });
  test.each([
    ["a replacement whose entry is still declared (only the action changed): kept", OTHER_DIGEST, identity, ["contoso.com relay.example.net", "old@contoso.com old.example"]],
    ["a replacement whose identity changed: the old entry is removed", OTHER_DIGEST, old, ["contoso.com relay.example.net"]],
    ["terraform destroy of an unchanged configuration: removed", objectDigest(pair), identity, ["old@contoso.com old.example"]],
    ["a run by hand: the declared entry is removed", "", {}, ["old@contoso.com old.example"]],
    ["an identity missing a part is not used: the declared entry is removed", objectDigest(pair), { ...old, MAILFLOW_SPOOF_TYPE: "" }, ["old@contoso.com old.example"]],
  ] as const)("%s", async (_case, resourceDigest, env, remaining) => {
    expectOk(await runScript(server, fake, exoFile, { object: [pair.path] }));
    expectOk(await runScript(server, fake, exoFile, { object: [pair.path], remove: true, digest: resourceDigest, env }));
    expect(entries()).toEqual(remaining);
  });

  test("the identity the resource recorded is used only when it names one object; the environment is data, never code", async () => {
    expectOk(await runScript(server, fake, exoFile, { object: [pair.path] }));
    // No object selected (every object removed): the recorded identity is ignored, the declared entry goes.
    expectOk(await runScript(server, fake, exoFile, { remove: true, env: { ...old, MAILFLOW_SPOOFED_USER: "$(throw 'code ran')" } }));
    expect(entries()).toEqual(["old@contoso.com old.example"]);
    // A recorded spoof type other than the two stops the removal (ValidateSet), and nothing is removed.
    const bad = await runScript(server, fake, exoFile, { object: ["app/stack/Contoso/GoneSpoof"], remove: true, env: { ...old, MAILFLOW_SPOOF_TYPE: "Both" } });
    expect(bad.ok).toBe(false);
    expect(entries()).toEqual(["old@contoso.com old.example"]);
    // A deleted pair's removal (a path no longer declared) removes the entry its resource recorded.
    expectOk(await runScript(server, fake, exoFile, { object: ["app/stack/Contoso/GoneSpoof"], remove: true, env: old }));
    expect(entries()).toEqual([]);
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
  });
});

describe("applying", () => {
  const model = tenant.inboundConnectors[0];
  test.each<readonly [string, () => string, readonly string[], boolean]>([
    ["the digest of the settings the script declares", () => objectDigest(model), [model.path], false],
    ["no digest (a run by hand)", () => "", [model.path], false],
    ["another digest: the script and cdk.tf.json come from different syntheses", () => OTHER_DIGEST, [model.path], true],
    ["another digest but several objects selected by hand", () => OTHER_DIGEST, [model.path, tenant.inboundConnectors[1].path], false],
  ])("with %s", async (_case, resourceDigest, selected, throws) => {
    const result = await runScript(server, fake, exoFile, { object: selected, digest: resourceDigest() });
    expect(result.ok).toBe(!throws);
    if (throws) {
      expect(result.error).toBe(`${model.path}: the Terraform resource applies settings with digest ${OTHER_DIGEST}, but this script declares digest ${objectDigest(model)}. The script and the Terraform configuration come from different syntheses: synthesize again, then plan and apply.`);
      expect(fake.calls()).toEqual([]);
    } else {
      expect(fake.tenant(tenant.initialDomain).inboundConnectors.map((c) => c.Name)).toContain(model.name);
    }
  });

  test("selects an object when no path is given, or when its path is among the given ones (exactly: case-sensitive)", async () => {
    expectOk(await runScript(server, fake, exoFile, { object: [tenant.inboundConnectors[1].path, tenant.outboundConnectors[0].path] }));
    const state = fake.tenant(tenant.initialDomain);
    expect([...state.inboundConnectors, ...state.outboundConnectors].map((c) => c.Name)).toEqual([tenant.inboundConnectors[1].name, tenant.outboundConnectors[0].name]);
    const wrongCase = await runScript(server, fake, exoFile, { object: [model.path.toUpperCase()] });
    expect(wrongCase.ok).toBe(false);
    expect(wrongCase.error).toContain(`This script declares no object at: ${model.path.toUpperCase()}.`);
  });
});

describe("tenant-wide settings (RejectDirectSend)", () => {
  test("applied only when declared, last, read first, and never reset on removal", async () => {
    const commands = (node: Node) => node.descendantsOfType("command").map((c) => c!);
    const [remove, apply] = objectBlocks(exo, tenant.organizationConfig!.path);
    expect(apply.text).toContain("if ((Get-OrganizationConfig).RejectDirectSend -eq $true) {");
    expect(apply.text).toContain("} elseif ($PSCmdlet.ShouldProcess($MailflowTenant, 'Set-OrganizationConfig')) {");
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
