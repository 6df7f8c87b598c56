import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Aspects, DataResource, TerraformElement, TerraformResource, TerraformStack, Testing } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { DEPLOYMENT_CONTEXT, type Deployment, EXECUTOR_CONTEXT, InboundConnector, MailObjectResource, NullResource, SYNTHESIS_DATE_CONTEXT, Tenant } from "../../lib";
import { EXAMPLES, TEST_DATE, readTree, testApp } from "../support/examples";

/** Most tests here are about the resource that runs one object's script: the per-object deployment's. */
const PER_OBJECT = { [DEPLOYMENT_CONTEXT]: "per-object" };

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
  test("is a cdktf TerraformResource at <object>/Resource, with the logical id cdktf allocates there", () => {
    const stack = new TerraformStack(testApp(PER_OBJECT), "stack");
    const { inbound } = contoso(stack);
    expect(TerraformResource.isTerraformResource(inbound.resource)).toBe(true);
    // What cdktf gives an element at the same path (a sibling stack, so the ids cannot clash).
    const probe = new TerraformStack(stack.node.root as App, "probe");
    const element = new TerraformElement(new Construct(new Construct(probe, "Contoso"), "FromOnPrem"), "Resource");
    expect(inbound.resource.friendlyUniqueId).toBe(element.friendlyUniqueId);
    expect(inbound.resource.node.path).toBe("stack/Contoso/FromOnPrem/Resource");
  });

  test("honours a stack's own allocateLogicalId, which receives the resource itself", () => {
    class Named extends TerraformStack {
      protected allocateLogicalId(element: TerraformElement | Construct["node"]): string {
        if (TerraformResource.isTerraformResource(element)) return `named_${element.node.scopes.slice(2).map((c) => c.node.id.replace(/\W/g, "")).join("_")}`;
        return super.allocateLogicalId(element);
      }
    }
    const stack = new Named(testApp(PER_OBJECT), "stack");
    const { inbound } = contoso(stack);
    expect(inbound.resource.friendlyUniqueId).toBe("named_Contoso_FromOnPrem_Resource");
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(Object.keys(json.resource.null_resource).sort()).toEqual(["named_Contoso_FromOnPrem_Resource", "named_Contoso_contosocom_Resource"]);
    expect(json.resource.null_resource.named_Contoso_FromOnPrem_Resource.depends_on).toEqual(["null_resource.named_Contoso_contosocom_Resource"]);
  });

  test("Testing.synth holds the resources; cdktf's matchers see them", () => {
    const stack = new TerraformStack(testApp(PER_OBJECT), "stack");
    contoso(stack);
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveResourceWithProperties(NullResource, { triggers: expect.objectContaining({ object: "stack/Contoso/FromOnPrem" }) });
    const json = JSON.parse(synthesized) as Json;
    const connector = Object.values(json.resource.null_resource).find((r) => r.triggers?.object === "stack/Contoso/FromOnPrem");
    expect(connector?.depends_on).toEqual([expect.stringMatching(/^null_resource\.Contoso_contosocom_/)]);
  });

  test("your own resources can wait for a mail object, in the same stack or another", () => {
    const app = testApp(PER_OBJECT);
    const stack = new TerraformStack(app, "stack");
    const { inbound } = contoso(stack);
    new NullResource(stack, "AfterConnector", { dependsOn: [inbound.resource] });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(json.resource.null_resource.AfterConnector.depends_on).toEqual([`null_resource.${inbound.resource.friendlyUniqueId}`]);
    // From another stack, cdktf records the dependency between the stacks, as for any resource.
    const other = new TerraformStack(app, "other");
    new DataResource(other, "Elsewhere", { dependsOn: [inbound.resource] });
    app.synth();
    expect(other.dependencies).toContain(stack);
  });

  test("what you set through cdktf is merged over the resource: lifecycle, dependsOn, addOverride, a stack-level override", () => {
    const stack = new TerraformStack(testApp(PER_OBJECT), "stack");
    const { inbound } = contoso(stack);
    const guard = new NullResource(stack, "Guard");
    inbound.resource.lifecycle = { preventDestroy: true };
    inbound.resource.dependsOn = [`null_resource.${guard.friendlyUniqueId}`];
    inbound.resource.addOverride("triggers.extra", "set by hand");
    stack.addOverride(`resource.null_resource.${inbound.resource.friendlyUniqueId}.lifecycle.ignore_changes`, ["triggers"]);
    const entry = (JSON.parse(Testing.synth(stack)) as Json).resource.null_resource[inbound.resource.friendlyUniqueId] as Record<string, unknown>;
    expect(entry.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["triggers"] });
    expect(entry.depends_on).toEqual([expect.stringMatching(/^null_resource\.Contoso_contosocom_/), `null_resource.${guard.friendlyUniqueId}`]);
    expect(entry.triggers).toEqual(expect.objectContaining({ object: "stack/Contoso/FromOnPrem", extra: "set by hand" }));
    expect(entry.provisioner).toHaveLength(2);
  });

  test("aspects visit the resources, and what they set is written", () => {
    const stack = new TerraformStack(testApp(PER_OBJECT), "stack");
    contoso(stack);
    const visited: string[] = [];
    Aspects.of(stack).add({
      visit(node: IConstruct) {
        if (node instanceof TerraformResource && node.terraformResourceType === "null_resource") {
          visited.push(node.node.path);
          node.lifecycle = { createBeforeDestroy: false };
        }
      },
    });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(visited.sort()).toEqual(["stack/Contoso/FromOnPrem/Resource", "stack/Contoso/contoso.com/Resource"]);
    for (const entry of Object.values(json.resource.null_resource)) expect((entry as Record<string, unknown>).lifecycle).toEqual({ create_before_destroy: false });
  });

  test("moveFromId writes cdktf's moved block and keeps the resource", () => {
    const stack = new TerraformStack(testApp(PER_OBJECT), "stack");
    const { inbound } = contoso(stack);
    inbound.resource.moveFromId("null_resource.old_name");
    const json = JSON.parse(Testing.synth(stack)) as Json & { moved: unknown };
    expect(json.moved).toEqual([{ from: "null_resource.old_name", to: `null_resource.${inbound.resource.friendlyUniqueId}` }]);
    expect(json.resource.null_resource[inbound.resource.friendlyUniqueId].triggers?.object).toBe("stack/Contoso/FromOnPrem");
  });

  test("a stack whose own toTerraform adds to cdktf's document, or returns the same document twice, stays correct", () => {
    class Annotated extends TerraformStack {
      private cached?: Record<string, unknown>;
      public toTerraform(): Record<string, unknown> {
        const document = this.cached ?? { ...super.toTerraform(), locals: { team: "messaging" } };
        this.cached = document;
        return document;
      }
    }
    const stack = new Annotated(testApp(PER_OBJECT), "stack");
    contoso(stack);
    const first = Testing.synth(stack);
    expect(Testing.synth(stack)).toBe(first);
    const json = JSON.parse(first) as Json & { locals: unknown };
    expect(json.locals).toEqual({ team: "messaging" });
    expect(Object.keys(json.resource.null_resource)).toHaveLength(2);
  });

  test("terraform_data executor: the resources are terraform_data with triggers_replace, and no null provider", () => {
    const stack = new TerraformStack(testApp({ ...PER_OBJECT, [EXECUTOR_CONTEXT]: "terraform_data" }), "stack");
    contoso(stack);
    const json = JSON.parse(Testing.synth(stack)) as Json & { provider?: unknown };
    expect(json.resource.null_resource).toBeUndefined();
    expect(Object.values(json.resource.terraform_data).map((r) => Object.keys(r).sort().join(" ")).sort()).toEqual([
      "depends_on provisioner triggers_replace", "provisioner triggers_replace",
    ]);
    expect(json.provider).toBeUndefined();
  });

  test("another resource at the same address: synthesis fails naming the construct path and the fix", () => {
    const stack = new TerraformStack(testApp(PER_OBJECT), "stack");
    const { inbound } = contoso(stack);
    new NullResource(stack, "Clash").overrideLogicalId(inbound.resource.friendlyUniqueId);
    expect(() => Testing.synth(stack)).toThrow(
      new RegExp(`^\\[stack/Contoso/FromOnPrem/Resource\\] the Terraform address null_resource\\.${inbound.resource.friendlyUniqueId} of this mail object's resource is also the address of stack/Clash in stack "stack": .*overrideLogicalId`),
    );
  });

  test("a construct of the stack already called Mailflow: a clear error, not a stack without its mail objects", () => {
    const stack = new TerraformStack(testApp(PER_OBJECT), "stack");
    new Construct(stack, "Mailflow");
    expect(() => contoso(stack)).toThrow('[stack/Mailflow] the construct id "Mailflow" is where cdktf-mailflow writes stack "stack"\'s mailflow/ folder: give this construct another id');
  });

  test("is what the construct tree lists under each mail object", () => {
    const stack = new TerraformStack(testApp(PER_OBJECT), "stack");
    contoso(stack);
    expect(stack.node.findAll().filter((c) => c instanceof MailObjectResource).map((c) => c.node.path).sort()).toEqual([
      "stack/Contoso/FromOnPrem/Resource", "stack/Contoso/contoso.com/Resource",
    ]);
  });
});

/**
 * The mail object resources of `stack` declared again as cdktf's own NullResource or DataResource, at the same construct
 * paths, in a stack of `plainApp` without the library (and the null provider when the library's stack has one).
 */
function plainTwin(plainApp: App, stack: TerraformStack, executor: "null_resource" | "terraform_data"): TerraformStack {
  const plain = new TerraformStack(plainApp, stack.node.id);
  // The stack's children in their order (cdktf writes HCL blocks in construct-tree order).
  for (const child of stack.node.children) {
    if (child.constructor.name === "NullProvider") new (child.constructor as new (scope: Construct, id: string) => Construct)(plain, child.node.id);
    else new Construct(plain, child.node.id);
  }
  const resources = stack.node.findAll().filter((c): c is MailObjectResource => c instanceof MailObjectResource);
  expect(resources.length).toBeGreaterThan(1);
  for (const resource of resources) {
    let scope: Construct = plain;
    for (const id of resource.node.scopes.slice(2, -1).map((c) => c.node.id)) scope = (scope.node.tryFindChild(id) as Construct | undefined) ?? new Construct(scope, id);
    const provisioners = resource.mailProvisioners.map(({ working_dir, ...rest }) => ({ type: "local-exec" as const, workingDir: working_dir, ...rest }));
    const made = executor === "terraform_data"
      ? new DataResource(scope, resource.node.id, { triggersReplace: { ...resource.triggers }, ...(provisioners.length > 0 ? { provisioners } : {}) })
      : new NullResource(scope, resource.node.id, { triggers: { ...resource.triggers }, ...(provisioners.length > 0 ? { provisioners } : {}) });
    expect(made.friendlyUniqueId).toBe(resource.friendlyUniqueId);
    if (resource.mailDependencies.length > 0) made.dependsOn = resource.mailDependencies;
  }
  return plain;
}

const EXECUTOR_CASES = EXAMPLES.flatMap(([name, declare]) =>
  (["per-script", "per-object"] as const).flatMap((deployment) =>
    (["null_resource", "terraform_data"] as const).map((executor) => [`${name} (${deployment})`, executor, declare, deployment] as const)));

describe("the output is what cdktf itself writes for the same resources", () => {
  // Each example synthesized with the library, then the same resources declared as cdktf's own resources in an app
  // without the library: the two outputs must be equal.
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-equivalence-"));
  });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  function stackFile(app: App, stack: TerraformStack, file: string): string {
    app.synth();
    return fs.readFileSync(path.join(app.outdir, "stacks", stack.node.id, file), "utf8");
  }

  /** The example in an app with the library, and its plainTwin in an app without it. */
  function pair(executor: "null_resource" | "terraform_data", declare: (scope: App) => TerraformStack, deployment: Deployment) {
    const context = { [SYNTHESIS_DATE_CONTEXT]: TEST_DATE, [EXECUTOR_CONTEXT]: executor, [DEPLOYMENT_CONTEXT]: deployment };
    const app = new App({ outdir: path.join(outdir, "library"), context });
    const stack = declare(app);
    const plainApp = new App({ outdir: path.join(outdir, "plain"), context });
    return { app, stack, plainApp, plain: plainTwin(plainApp, stack, executor) };
  }

  test.each(EXECUTOR_CASES)("cdk.tf.json: example %s, executor %s", (_name, executor, declare, deployment) => {
    const { app, stack, plainApp, plain } = pair(executor, declare, deployment);
    expect(stackFile(app, stack, "cdk.tf.json")).toBe(stackFile(plainApp, plain, "cdk.tf.json"));
  });

  describe("HCL output (SYNTH_HCL_OUTPUT=true, as `cdktf synth --hcl` sets it)", () => {
    const saved = process.env.SYNTH_HCL_OUTPUT;
    beforeEach(() => {
      process.env.SYNTH_HCL_OUTPUT = "true";
    });
    afterEach(() => {
      if (saved === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = saved;
    });

    test.each(EXECUTOR_CASES)("cdk.tf and metadata.json: example %s, executor %s", (_name, executor, declare, deployment) => {
      const { app, stack, plainApp, plain } = pair(executor, declare, deployment);
      const hcl = stackFile(app, stack, "cdk.tf");
      expect(hcl).toContain(`resource "${executor}"`);
      expect(hcl).toBe(stackFile(plainApp, plain, "cdk.tf"));
      expect(fs.readFileSync(path.join(app.outdir, "stacks", stack.node.id, "metadata.json"), "utf8"))
        .toBe(fs.readFileSync(path.join(plainApp.outdir, "stacks", plain.node.id, "metadata.json"), "utf8"));
      expect(Testing.synthHcl(stack)).toBe(Testing.synthHcl(plain));
    });
  });
});

describe("what you set through cdktf gives what cdktf gives for its own resource", () => {
  // The hybrid example with the library, and its plainTwin without it: the same change to the same resource (and
  // stack) must give the same Testing.synth and Testing.synthHcl.
  const CONNECTOR = "hybrid/Contoso/FromOnPremises/Resource";

  function compare(change: (resource: TerraformResource, stack: TerraformStack) => void): string {
    const stack = EXAMPLES[0][1](testApp(PER_OBJECT));
    const plain = plainTwin(testApp(PER_OBJECT), stack, "null_resource");
    const at = (s: TerraformStack) => s.node.findAll().find((c) => c.node.path === CONNECTOR) as TerraformResource;
    change(at(stack), stack);
    change(at(plain), plain);
    const json = Testing.synth(stack);
    expect(json).toBe(Testing.synth(plain));
    expect(Testing.synthHcl(stack)).toBe(Testing.synthHcl(plain));
    return json;
  }

  const entry = (json: string, id = "Contoso_FromOnPremises_3DB32DC2") => (JSON.parse(json) as Json).resource.null_resource[id] as Record<string, unknown>;

  test("your provisioner after the library's two", () => {
    const json = compare((r) => {
      r.provisioners = [...(r.provisioners ?? []), { type: "local-exec", command: "echo mine" }];
    });
    expect(entry(json).provisioner).toHaveLength(3);
  });

  test("an override of the provisioner list, of one provisioner's command, and deletions", () => {
    compare((r) => r.addOverride("provisioner", [{ "local-exec": { command: "echo only" } }]));
    const json = compare((r) => {
      r.addOverride("provisioner.0.local-exec.command", "echo changed");
      r.addOverride("triggers.digest", undefined);
    });
    expect(entry(json).triggers).not.toHaveProperty("digest");
    compare((r) => r.addOverride("depends_on", undefined));
  });

  test("count, lifecycle with replaceTriggeredBy, dependsOn added to, a stack-level override", () => {
    compare((r, stack) => {
      r.lifecycle = { replaceTriggeredBy: [stack.node.findAll().find((c) => c.node.path === "hybrid/Contoso/contoso.com/Resource") as TerraformResource] };
      r.dependsOn = [...(r.dependsOn ?? []), "null_resource.elsewhere"];
      stack.addOverride("resource.null_resource.Contoso_FromOnPremises_3DB32DC2.lifecycle.prevent_destroy", true);
    });
    compare((r) => {
      r.count = 2 as never;
    });
  });

  test("a logical id overridden after another mail object came to depend on the resource", () => {
    const stack = EXAMPLES[0][1](testApp(PER_OBJECT));
    const domain = stack.node.findAll().find((c) => c.node.path === "hybrid/Contoso/contoso.com/Resource") as MailObjectResource;
    domain.overrideLogicalId("accepted_domain");
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(json.resource.null_resource.accepted_domain).toBeDefined();
    expect(json.resource.null_resource.Contoso_FromOnPremises_3DB32DC2.depends_on).toContain("null_resource.accepted_domain");
  });

  test("a stack subclass finds the mail resources in super.toTerraform(), and changing a document changes no other", () => {
    class Guarded extends TerraformStack {
      public toTerraform(): Record<string, unknown> {
        const tf = super.toTerraform() as Record<string, unknown>;
        for (const resource of Object.values((tf as unknown as Json).resource.null_resource ?? {})) (resource as Record<string, unknown>).lifecycle = { prevent_destroy: true };
        return tf;
      }
    }
    const stack = new Guarded(testApp(PER_OBJECT), "stack");
    contoso(stack);
    const first = JSON.parse(Testing.synth(stack)) as Json;
    expect(Object.values(first.resource.null_resource).map((r) => (r as Record<string, unknown>).lifecycle)).toEqual([{ prevent_destroy: true }, { prevent_destroy: true }]);
    const document = stack.toTerraform() as unknown as Json;
    const some = Object.values(document.resource.null_resource)[0];
    some.triggers!.extra = "changed by hand";
    expect(Testing.synth(stack)).not.toContain("changed by hand");
  });
});

describe("what synthesis writes next to cdk.tf.json", () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-resource-"));
  });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  function synth(declare: (stack: TerraformStack) => void): string {
    const app = new App({ outdir, context: { [SYNTHESIS_DATE_CONTEXT]: TEST_DATE } });
    declare(new TerraformStack(app, "stack"));
    app.synth();
    return path.join(outdir, "stacks", "stack");
  }

  test("the resources are in cdk.tf.json, with cdktf's metadata", () => {
    // Two mail objects, and their script's Deploy and Teardown (the per-script deployment).
    const dir = synth(contoso);
    const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as Json;
    expect(Object.keys(json.resource.null_resource)).toHaveLength(4);
    expect(Object.values(json.resource.null_resource).every((r) => r["//"] !== undefined)).toBe(true);
  });

  test("odd entries in an earlier output are replaced, and nothing is written or deleted through a symbolic link", () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-elsewhere-"));
    try {
      fs.mkdirSync(path.join(elsewhere, "scripts"));
      fs.writeFileSync(path.join(elsewhere, "README.md"), "not ours");
      fs.writeFileSync(path.join(elsewhere, "scripts", "keep.ps1"), "not ours either");
      const stackDir = path.join(outdir, "stacks", "stack");
      // mailflow/ a link to another folder.
      fs.mkdirSync(stackDir, { recursive: true });
      fs.symlinkSync(elsewhere, path.join(stackDir, "mailflow"));
      let dir = synth(contoso);
      expect(fs.lstatSync(path.join(dir, "mailflow")).isDirectory()).toBe(true);
      expect(readTree(elsewhere)).toEqual({ "README.md": "not ours", "scripts/keep.ps1": "not ours either" });
      // mailflow/scripts a link, a folder where plan.md goes, a file where a folder goes.
      fs.rmSync(path.join(dir, "mailflow", "scripts"), { recursive: true });
      fs.symlinkSync(path.join(elsewhere, "scripts"), path.join(dir, "mailflow", "scripts"));
      fs.rmSync(path.join(dir, "mailflow", "plan.md"));
      fs.mkdirSync(path.join(dir, "mailflow", "plan.md"));
      dir = synth(contoso);
      expect(fs.lstatSync(path.join(dir, "mailflow", "scripts")).isDirectory()).toBe(true);
      expect(fs.readdirSync(path.join(dir, "mailflow", "scripts"))).toEqual(["exo-contoso.ps1"]);
      expect(fs.lstatSync(path.join(dir, "mailflow", "plan.md")).isFile()).toBe(true);
      expect(readTree(elsewhere)).toEqual({ "README.md": "not ours", "scripts/keep.ps1": "not ours either" });
      fs.rmSync(path.join(dir, "mailflow", "scripts"), { recursive: true });
      fs.writeFileSync(path.join(dir, "mailflow", "scripts"), "a file");
      dir = synth(contoso);
      expect(fs.readdirSync(path.join(dir, "mailflow", "scripts"))).toEqual(["exo-contoso.ps1"]);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
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
