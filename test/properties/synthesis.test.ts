/**
 * Hostile values through the real synthesis: the scripts written into cdktf.out are the ones the script
 * properties check (the pure generators' output), and in cdk.tf.json every trigger and provisioner variable
 * holding user text reads back, by Terraform's template rules, as exactly that text: `${` and `%{` escaped,
 * never an interpolation or a directive, and nothing of cdktf's token syntax.
 */
import fc from "fast-check";
import { App, TerraformStack, Testing } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deploymentSettings, objectDigest, scriptDeclaration, scriptDeployables } from "../../lib/artifacts/deployment-settings";
import { DEPLOYMENT_CONTEXT, EXECUTOR_CONTEXT, InvalidPropsError, collectTopology, suppress } from "../../lib";
import { RULES } from "../../lib/rules/catalogue";
import type { Topology } from "../../lib/model/topology";
import { readTree } from "../support/examples";
import { STRING_PROPS, declare, scriptOf } from "./harness/props";

/** The string Terraform makes of a JSON configuration string; throws where it would interpolate or run a directive. */
export function terraformLiteral(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if ((ch === "$" || ch === "%") && text[i + 1] === ch && text[i + 2] === "{") {
      out += `${ch}{`;
      i += 2;
    } else if ((ch === "$" || ch === "%") && text[i + 1] === "{") {
      throw new Error(`Terraform reads ${JSON.stringify(text.slice(i, i + 20))} at ${i} as a template sequence`);
    } else {
      out += ch;
    }
  }
  return out;
}

/** Every deployable object of a Topology with its model, by construct path. */
function objects(t: Topology) {
  return [
    ...t.tenants.flatMap((x) => [...x.acceptedDomains, ...x.inboundConnectors, ...x.outboundConnectors, ...x.spoofPairs]),
    ...t.organizations.flatMap((o) => o.sendConnectors),
  ];
}

type Resource = { triggers_replace: Record<string, string>; provisioner?: { "local-exec": { environment: Record<string, string> } }[] };

const PROPS = [
  "InboundConnector.comment",
  "InboundConnector construct id (its construct path)",
  "OutboundConnector.name",
  "SpoofPair.spoofedUser (the mailbox name before @)",
  "SendConnector.comment",
  "Certificate.subject (TlsCertificateName)",
  "Tenant construct id (the prefix of every Exchange Online path)",
].map((name) => STRING_PROPS.find((p) => p.name === name)!);

describe.each(PROPS.map((p) => [p.name, p] as const))("%s through synthesis", (_name, prop) => {
  test("300 hostile values: every trigger and provisioner variable in cdk.tf.json reads back as the model's text", () => {
    fc.assert(
      fc.property(prop.values, fc.boolean(), (value, perObject) => {
        let stack: TerraformStack;
        try {
          const deployment = perObject ? "per-object" : "per-script";
          stack = declare(prop.declare(value), prop.script, { context: { [EXECUTOR_CONTEXT]: "terraform_data", [DEPLOYMENT_CONTEXT]: deployment } });
        } catch (error) {
          if (error instanceof InvalidPropsError) return;
          throw error;
        }
        const json = JSON.parse(Testing.synth(stack)) as { resource: { terraform_data: Record<string, Resource> } };
        const topology = collectTopology(stack);
        const resources = Object.values(json.resource.terraform_data);
        for (const model of objects(topology)) {
          const resource = resources.find((r) => r.triggers_replace.object !== undefined && terraformLiteral(r.triggers_replace.object) === model.path);
          if (resource === undefined) throw new Error(`no resource for ${JSON.stringify(model.path)}`);
          const triggers = Object.fromEntries(Object.entries(resource.triggers_replace).map(([k, v]) => [k, terraformLiteral(v)]));
          expect(triggers).toEqual({ ...deploymentSettings(model), digest: objectDigest(model), object: model.path, script: triggers.script });
          if (!perObject) {
            expect(resource.provisioner).toBeUndefined();
            continue;
          }
          const apply = resource.provisioner![0]["local-exec"].environment;
          expect(terraformLiteral(apply.MAILFLOW_OBJECT)).toBe(model.path);
          expect(apply.MAILFLOW_DIGEST).toBe(objectDigest(model));
        }
        if (perObject) return;
        // Per script: each script's Deploy holds its declaration (paths and spoof identities) as the model's text.
        // (A tenant or organization declaring no mail object has nothing to deploy, and no Deploy.)
        for (const owner of [...topology.tenants, ...topology.organizations].filter((o) => scriptDeployables(o).length > 0)) {
          const declaration = scriptDeclaration(scriptDeployables(owner));
          const deploy = resources.find((r) => r.triggers_replace.digest === declaration.digest && r.triggers_replace.objects !== undefined);
          if (deploy === undefined) throw new Error(`no Deploy resource for ${JSON.stringify(owner.path)}`);
          expect(terraformLiteral(deploy.triggers_replace.objects)).toBe(declaration.objects);
          expect(terraformLiteral(deploy.triggers_replace.spoofPairs)).toBe(declaration.spoofPairs);
          expect(deploy.provisioner![0]["local-exec"].environment.MAILFLOW_DIGEST).toBe(declaration.digest);
        }
      }),
      { numRuns: 300 },
    );
  });
});

test("the scripts app.synth() writes are the pure generators' output, for 30 hostile values of each of these props", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-synth-"));
  try {
    for (const prop of PROPS) {
      fc.assert(
        fc.property(prop.values, (value) => {
          let stack: TerraformStack;
          const runDir = fs.mkdtempSync(path.join(outdir, "run-"));
          try {
            stack = declare(prop.declare(value), prop.script, { outdir: runDir });
          } catch (error) {
            if (error instanceof InvalidPropsError) return;
            throw error;
          }
          // The values are what is under test here, not the topology: every rule is accepted for this stack.
          for (const rule of RULES.filter((r) => !r.id.startsWith("suppression-"))) suppress(stack, rule.id, "property test of the files synthesis writes");
          (stack.node.root as App).synth();
          const written = readTree(path.join(runDir, "stacks", "s", "mailflow"));
          const expected = scriptOf(collectTopology(stack), prop.script);
          expect(written[`scripts/${expected.fileName}`]).toBe(expected.content);
        }),
        { numRuns: 30 },
      );
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
