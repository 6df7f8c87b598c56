import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, DataResource, TerraformElement, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { Resource as NullResource } from "@cdktf/provider-null/lib/resource";
import { EXECUTOR_CONTEXT, InboundConnector, MailObjectResource, SYNTHESIS_DATE_CONTEXT, Tenant } from "../../lib";
import { EXAMPLES, TEST_DATE, readTree, testApp } from "../support/examples";

// Mail object resources reach cdk.tf.json through the stack's toTerraform(), not through cdktf's resolver.

interface Json {
  resource: Record<string, Record<string, { depends_on?: string[]; triggers?: Record<string, string>; "//"?: unknown }>>;
}

function contoso(stack: TerraformStack): { tenant: Tenant; inbound: InboundConnector } {
  const tenant = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
  const inbound = new InboundConnector(tenant, "FromOnPrem", { connectorType: "OnPremises", tlsSenderCertificateName: "mail.contoso.com" });
  tenant.addAcceptedDomain("contoso.com");
  return { tenant, inbound };
}

describe("MailObjectResource", () => {
  test("has the logical id cdktf allocates at <object>/Resource, and a plain address as fqn", () => {
    const stack = new TerraformStack(testApp(), "stack");
    const { inbound } = contoso(stack);
    // What cdktf gives an element at the same path (a sibling stack, so the ids cannot clash).
    const probe = new TerraformStack(stack.node.root as App, "probe");
    const element = new TerraformElement(new Construct(new Construct(probe, "Contoso"), "FromOnPrem"), "Resource");
    expect(inbound.resource.friendlyUniqueId).toBe(element.friendlyUniqueId);
    expect(inbound.resource.fqn).toBe(`null_resource.${element.friendlyUniqueId}`);
    expect(inbound.resource.node.path).toBe("stack/Contoso/FromOnPrem/Resource");
  });

  test("honours a stack's own allocateLogicalId", () => {
    class Named extends TerraformStack {
      protected allocateLogicalId(element: TerraformElement | Construct["node"]): string {
        const node = element instanceof TerraformElement ? element.node : element;
        return `named_${node.scopes.slice(1).map((c) => c.node.id.replace(/\W/g, "")).join("_")}`;
      }
    }
    const stack = new Named(testApp(), "stack");
    const { inbound } = contoso(stack);
    expect(inbound.resource.friendlyUniqueId).toBe("named_stack_Contoso_FromOnPrem_Resource");
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(Object.keys(json.resource.null_resource)).toContain("named_stack_Contoso_FromOnPrem_Resource");
  });

  test("Testing.synth holds the resources; cdktf's matchers see them", () => {
    const stack = new TerraformStack(testApp(), "stack");
    contoso(stack);
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveResourceWithProperties(NullResource, { triggers: expect.objectContaining({ object: "stack/Contoso/FromOnPrem" }) });
    expect(synthesized).toHaveProvider({ tfResourceType: "null" } as never);
    const json = JSON.parse(synthesized) as Json;
    const connector = Object.values(json.resource.null_resource).find((r) => r.triggers?.object === "stack/Contoso/FromOnPrem");
    expect(connector?.depends_on).toEqual([expect.stringMatching(/^null_resource\.Contoso_contosocom_/)]);
  });

  test("your own resources can wait for a mail object (dependsOn: [connector.resource])", () => {
    const stack = new TerraformStack(testApp(), "stack");
    const { inbound } = contoso(stack);
    new NullResource(stack, "AfterConnector", { dependsOn: [inbound.resource] });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(json.resource.null_resource.AfterConnector.depends_on).toEqual([inbound.resource.fqn]);
  });

  test("a stack whose own toTerraform adds to cdktf's document keeps its addition", () => {
    class Annotated extends TerraformStack {
      public toTerraform(): Record<string, unknown> {
        return { ...super.toTerraform(), locals: { team: "messaging" } };
      }
    }
    const stack = new Annotated(testApp(), "stack");
    contoso(stack);
    const json = JSON.parse(Testing.synth(stack)) as Json & { locals: unknown };
    expect(json.locals).toEqual({ team: "messaging" });
    expect(Object.keys(json.resource.null_resource)).toHaveLength(2);
  });

  test("terraform_data executor: the resources are terraform_data with triggers_replace, and no null provider", () => {
    const stack = new TerraformStack(testApp({ [EXECUTOR_CONTEXT]: "terraform_data" }), "stack");
    contoso(stack);
    const json = JSON.parse(Testing.synth(stack)) as Json & { provider?: unknown };
    expect(json.resource.null_resource).toBeUndefined();
    expect(Object.values(json.resource.terraform_data).map((r) => Object.keys(r).sort().join(" ")).sort()).toEqual([
      "depends_on provisioner triggers_replace", "provisioner triggers_replace",
    ]);
    expect(json.provider).toBeUndefined();
  });

  test("another resource at the same address: synthesis fails naming the construct path and the fix", () => {
    const stack = new TerraformStack(testApp(), "stack");
    const { inbound } = contoso(stack);
    new NullResource(stack, "Clash").overrideLogicalId(inbound.resource.friendlyUniqueId);
    expect(() => Testing.synth(stack)).toThrow(
      new RegExp(`^\\[stack/Contoso/FromOnPrem/Resource\\] the Terraform address null_resource\\.${inbound.resource.friendlyUniqueId} of this mail object's resource is taken by another resource of stack "stack": .*overrideLogicalId`),
    );
  });

  test("is what the construct tree lists under each mail object", () => {
    const stack = new TerraformStack(testApp(), "stack");
    contoso(stack);
    expect(stack.node.findAll().filter((c) => c instanceof MailObjectResource).map((c) => c.node.path).sort()).toEqual([
      "stack/Contoso/FromOnPrem/Resource", "stack/Contoso/contoso.com/Resource",
    ].sort());
  });
});

describe("cdk.tf.json is what cdktf itself writes for the same resources", () => {
  // Each example synthesized with the library, then the same resources declared as cdktf's own NullResource or
  // DataResource at the same construct paths, in an app without the library: the two cdk.tf.json files must be equal.
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-equivalence-"));
  });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  function cdkTfJson(app: App, stack: TerraformStack): string {
    app.synth();
    return fs.readFileSync(path.join(app.outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8");
  }

  const cases = EXAMPLES.flatMap(([name, declare]) => (["null_resource", "terraform_data"] as const).map((executor) => [name, executor, declare] as const));
  test.each(cases)("example %s, executor %s", (_name, executor, declare) => {
    const context = { [SYNTHESIS_DATE_CONTEXT]: TEST_DATE, [EXECUTOR_CONTEXT]: executor };
    const app = new App({ outdir: path.join(outdir, "library"), context });
    const stack = declare(app);
    const resources = stack.node.findAll().filter((c): c is MailObjectResource => c instanceof MailObjectResource);
    expect(resources.length).toBeGreaterThan(3);

    const plainApp = new App({ outdir: path.join(outdir, "plain"), context });
    const plain = new TerraformStack(plainApp, stack.node.id);
    // The library's stack holds a provider when the executor needs one: declare it the same way.
    for (const child of stack.node.children) {
      if (child.constructor.name === "NullProvider") new (child.constructor as new (scope: Construct, id: string) => Construct)(plain, child.node.id);
    }
    for (const resource of resources) {
      let scope: Construct = plain;
      for (const id of resource.node.scopes.slice(2, -1).map((c) => c.node.id)) scope = (scope.node.tryFindChild(id) as Construct | undefined) ?? new Construct(scope, id);
      const provisioners = resource.provisioners.map(({ working_dir, ...rest }) => ({ type: "local-exec" as const, workingDir: working_dir, ...rest }));
      const made = executor === "terraform_data"
        ? new DataResource(scope, "Resource", { triggersReplace: { ...resource.triggers }, provisioners })
        : new NullResource(scope, "Resource", { triggers: { ...resource.triggers }, provisioners });
      expect(made.friendlyUniqueId).toBe(resource.friendlyUniqueId);
      if (resource.dependsOn.length > 0) made.dependsOn = resource.dependsOn;
    }
    expect(cdkTfJson(app, stack)).toBe(cdkTfJson(plainApp, plain));
  });
});

describe("what synthesis writes next to cdk.tf.json", () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-resource-"));
  });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  function synth(declare: (stack: TerraformStack) => void, hclOutput = false): string {
    const app = new App({ outdir, hclOutput, context: { [SYNTHESIS_DATE_CONTEXT]: TEST_DATE } });
    declare(new TerraformStack(app, "stack"));
    app.synth();
    return path.join(outdir, "stacks", "stack");
  }

  test("JSON output: the resources are in cdk.tf.json, and there is no mailflow.tf.json", () => {
    const dir = synth(contoso);
    const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as Json;
    expect(Object.keys(json.resource.null_resource)).toHaveLength(2);
    expect(Object.values(json.resource.null_resource).every((r) => r["//"] !== undefined)).toBe(true);
    expect(fs.existsSync(path.join(dir, "mailflow.tf.json"))).toBe(false);
  });

  test("HCL output: cdk.tf holds cdktf's own blocks, mailflow.tf.json the resources; back to JSON, mailflow.tf.json goes", () => {
    let dir = synth(contoso, true);
    const hcl = fs.readFileSync(path.join(dir, "cdk.tf"), "utf8");
    expect(hcl).toContain("required_providers");
    expect(hcl).not.toContain('resource "null_resource"');
    const json = JSON.parse(fs.readFileSync(path.join(dir, "mailflow.tf.json"), "utf8")) as Json;
    expect(Object.keys(json.resource.null_resource)).toHaveLength(2);
    dir = synth(contoso);
    expect(fs.existsSync(path.join(dir, "mailflow.tf.json"))).toBe(false);
  });

  test("synthesizing again over an earlier output: files overwritten, a deleted tenant's script and stray files removed", () => {
    let dir = synth((stack) => {
      contoso(stack);
      new Tenant(stack, "Fabrikam", { initialDomain: "fabrikam.onmicrosoft.com" });
    });
    const scripts = path.join(dir, "mailflow", "scripts");
    expect(fs.readdirSync(scripts).sort()).toEqual(["exo-contoso.ps1", "exo-fabrikam.ps1"]);
    fs.mkdirSync(path.join(dir, "mailflow", "old", "nested"), { recursive: true });
    fs.writeFileSync(path.join(dir, "mailflow", "old", "nested", "stray.txt"), "stray");
    fs.writeFileSync(path.join(scripts, "exo-contoso.ps1"), "edited by hand");
    fs.writeFileSync(path.join(dir, "keep.auto.tfvars"), "x = 1");

    dir = synth(contoso);
    expect(fs.readdirSync(scripts)).toEqual(["exo-contoso.ps1"]);
    expect(fs.readFileSync(path.join(scripts, "exo-contoso.ps1"), "utf8")).toContain("Exchange Online");
    expect(fs.existsSync(path.join(dir, "mailflow", "old"))).toBe(false);
    // Outside mailflow/ nothing is the library's to delete.
    expect(fs.readFileSync(path.join(dir, "keep.auto.tfvars"), "utf8")).toBe("x = 1");
    // The same folder as a synthesis into an empty output directory.
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-resource-fresh-"));
    try {
      const app = new App({ outdir: fresh, context: { [SYNTHESIS_DATE_CONTEXT]: TEST_DATE } });
      contoso(new TerraformStack(app, "stack"));
      app.synth();
      expect(readTree(path.join(dir, "mailflow"))).toEqual(readTree(path.join(fresh, "stacks", "stack", "mailflow")));
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
});
