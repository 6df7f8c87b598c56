import { Testing, TerraformStack } from "cdktf";
import { Certificate, DEPLOYMENT_CONTEXT, InboundConnector, MailFlowExpectation, NullResource, OnPremisesOrganization, OutboundConnector, SendConnector, Tenant, checkTopology, suppress } from "../../lib";
import { testApp } from "../support/examples";

interface Synthesized {
  resource: { null_resource: Record<string, { triggers: Record<string, string>; depends_on?: string[]; provisioner: unknown[] }> };
}

function hybrid(stack: TerraformStack) {
  const tenant = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
  const certificate = new Certificate(stack, "Cert", { subject: "CN=mail.contoso.com", issuer: "CN=Example CA, O=Example", notAfter: "2027-01-01" });
  const org = new OnPremisesOrganization(stack, "OnPrem", { egressIpAddresses: ["203.0.113.25"], transportServers: ["EX01"] });
  // Declared before the connector and the domain it needs: the dependency order must still hold.
  const send = new SendConnector(org, "ToCloud", { tenant, certificate });
  const inbound = new InboundConnector(tenant, "FromOnPrem", { connectorType: "OnPremises", tlsSenderCertificateName: "mail.contoso.com" });
  tenant.addAcceptedDomain("contoso.com");
  return { tenant, certificate, org, send, inbound };
}

const PER_OBJECT = { [DEPLOYMENT_CONTEXT]: "per-object" };

describe("synthesis to Terraform", () => {
  test("one null_resource per mail object, its triggers holding the desired settings", () => {
    const stack = new TerraformStack(testApp(), "stack");
    hybrid(stack);
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveResourceWithProperties(NullResource, {
      triggers: expect.objectContaining({
        object: "stack/Contoso/FromOnPrem",
        connectorType: "OnPremises",
        tlsSenderCertificateName: "mail.contoso.com",
        requireTls: "true", // Microsoft's documented default (New-InboundConnector)
        cloudServicesMailEnabled: "true",
        script: "mailflow/scripts/exo-contoso.ps1",
      }),
    });
    const resources = (JSON.parse(synthesized) as Synthesized).resource.null_resource;
    // Three mail objects, and a Deploy and a Teardown for each of the two scripts (the per-script deployment).
    expect(Object.keys(resources)).toHaveLength(7);
  });

  test("send connector defaults follow Microsoft's guidance", () => {
    const stack = new TerraformStack(testApp(), "stack");
    hybrid(stack);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(NullResource, {
      triggers: expect.objectContaining({
        object: "stack/OnPrem/ToCloud",
        smartHosts: "contoso.mail.protection.outlook.com",
        requireTls: "true",
        tlsAuthLevel: "DomainValidation",
        tlsDomain: "mail.protection.outlook.com",
        cloudServicesMailEnabled: "true",
        dnsRoutingEnabled: "false",
        tlsCertificateName: "<I>CN=Example CA, O=Example<S>CN=mail.contoso.com",
        fqdn: "mail.contoso.com",
        sourceTransportServers: "EX01",
        script: "mailflow/scripts/ems-onprem.ps1",
      }),
    });
  });

  test("per script: objects run nothing and wait for their script's Deploy, which runs the whole script; Teardown removes", () => {
    const stack = new TerraformStack(testApp(), "stack");
    const { send, inbound } = hybrid(stack);
    const resources = (JSON.parse(Testing.synth(stack)) as Synthesized).resource.null_resource as unknown as Record<string, {
      depends_on?: string[]; triggers: Record<string, string>; provisioner?: { "local-exec": { command: string; when?: string; environment: Record<string, string> } }[];
    }>;
    const named = (pattern: RegExp) => Object.entries(resources).filter(([key]) => pattern.test(key));
    const [[exoDeploy, exo]] = named(/^Contoso_MailflowDeployment_Deploy_/);
    const [[exoTeardown, exoTear]] = named(/^Contoso_MailflowDeployment_Teardown_/);
    const [[emsDeploy, ems]] = named(/^OnPrem_MailflowDeployment_Deploy_/);
    const [[emsTeardown, emsTear]] = named(/^OnPrem_MailflowDeployment_Teardown_/);
    const object = (path: string) => Object.values(resources).find((r) => r.triggers.object === path)!;
    for (const path of [inbound.node.path, "stack/Contoso/contoso.com"]) {
      expect(object(path).provisioner).toBeUndefined();
      expect(object(path).depends_on).toEqual([`null_resource.${exoDeploy}`]);
    }
    expect(object(send.node.path).depends_on).toEqual([`null_resource.${emsDeploy}`]);
    // The organization's script waits for the tenant's (its send connector for the inbound connector), and is removed first.
    expect(ems.depends_on).toEqual([`null_resource.${emsTeardown}`, `null_resource.${exoDeploy}`].sort());
    expect(emsTear.depends_on).toEqual([`null_resource.${exoTeardown}`]);
    expect(exo.triggers).toEqual({
      digest: expect.stringMatching(/^[0-9a-f]{16}$/),
      journal: ".mailflow-journal/exo-contoso.json",
      objects: "stack/Contoso/contoso.com\nstack/Contoso/FromOnPrem",
      script: "mailflow/scripts/exo-contoso.ps1",
      spoofPairs: "",
    });
    expect(exo.provisioner).toEqual([
      { "local-exec": expect.objectContaining({
        command: "pwsh -NoProfile -NonInteractive -File mailflow/scripts/exo-contoso.ps1",
        environment: { MAILFLOW_ACTION: "deploy", MAILFLOW_DIGEST: exo.triggers.digest, MAILFLOW_JOURNAL: ".mailflow-journal/exo-contoso.json" },
      }) },
      { "local-exec": expect.objectContaining({
        command: "pwsh -NoProfile -NonInteractive -File ${self.triggers.script}",
        when: "destroy",
        environment: {
          MAILFLOW_ACTION: "record", MAILFLOW_JOURNAL: "${self.triggers.journal}", MAILFLOW_RECORD_OBJECTS: "${self.triggers.objects}",
          MAILFLOW_RECORD_SPOOF_PAIRS: "${self.triggers.spoofPairs}",
        },
      }) },
    ]);
    expect(exoTear.provisioner).toEqual([
      { "local-exec": expect.objectContaining({ when: "destroy", environment: { MAILFLOW_ACTION: "remove", MAILFLOW_JOURNAL: "${self.triggers.journal}" } }) },
    ]);
  });

  test("per script: the Deploy digest changes with any setting of its script's objects, and only its own", () => {
    const digests = (comment: string) => {
      const stack = new TerraformStack(testApp(), "stack");
      const { tenant } = hybrid(stack);
      new OutboundConnector(tenant, "ToOnPrem", { connectorType: "OnPremises", recipientDomains: ["contoso.com"], smartHosts: ["mail.contoso.com"], comment });
      const resources = (JSON.parse(Testing.synth(stack)) as Synthesized).resource.null_resource;
      return Object.fromEntries(Object.entries(resources).filter(([key]) => key.includes("_Deploy_")).map(([key, r]) => [key, r.triggers.digest]));
    };
    const before = digests("first");
    const after = digests("second");
    expect(Object.keys(after)).toEqual(Object.keys(before));
    const changed = Object.keys(before).filter((key) => before[key] !== after[key]);
    expect(changed).toEqual([expect.stringMatching(/^Contoso_MailflowDeployment_Deploy_/)]);
  });

  test("depends_on in creation order, whatever the declaration order (per object)", () => {
    const stack = new TerraformStack(testApp(PER_OBJECT), "stack");
    const { send, inbound, tenant } = hybrid(stack);
    const resources = (JSON.parse(Testing.synth(stack)) as Synthesized).resource.null_resource;
    const byObject = (path: string) => Object.entries(resources).find(([, r]) => r.triggers.object === path)!;
    const [domainKey] = byObject(tenant.acceptedDomains[0].node.path);
    const [inboundKey, inboundResource] = byObject(inbound.node.path);
    const [, sendResource] = byObject(send.node.path);
    // Plain references: Terraform's JSON syntax refuses an interpolation ("${...}") in depends_on.
    expect(inboundResource.depends_on).toEqual([`null_resource.${domainKey}`]);
    expect(sendResource.depends_on).toEqual([`null_resource.${inboundKey}`]);
  });

  test("per object, a provisioner applies each object and a destroy-time one removes it", () => {
    const stack = new TerraformStack(testApp(PER_OBJECT), "stack");
    hybrid(stack);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(NullResource, {
      triggers: expect.objectContaining({ object: "stack/Contoso/FromOnPrem" }),
      provisioner: [
        { "local-exec": expect.objectContaining({ command: "pwsh -NoProfile -NonInteractive -File mailflow/scripts/exo-contoso.ps1", environment: { MAILFLOW_ACTION: "apply", MAILFLOW_OBJECT: "stack/Contoso/FromOnPrem", MAILFLOW_DIGEST: expect.stringMatching(/^[0-9a-f]{16}$/) } }) },
        { "local-exec": expect.objectContaining({ when: "destroy", environment: { MAILFLOW_ACTION: "remove", MAILFLOW_OBJECT: "${self.triggers.object}", MAILFLOW_DIGEST: '${lookup(self.triggers, "digest", "unrecorded")}' } }) },
      ],
    });
  });

  test("the terraform_data executor carries the same triggers without the null provider", () => {
    const stack = new TerraformStack(testApp({ "cdktf-mailflow:executor": "terraform_data" }), "stack");
    hybrid(stack);
    const json = JSON.parse(Testing.synth(stack));
    expect(json.provider).toBeUndefined();
    expect(json.resource.null_resource).toBeUndefined();
    expect(Object.keys(json.resource.terraform_data)).toHaveLength(7);
  });

  test("a topology that breaks a rule fails Testing.synth(stack, true) with [path] rule-id: message", () => {
    const stack = new TerraformStack(testApp(), "stack");
    const tenant = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
    tenant.addAcceptedDomain("contoso.com");
    new InboundConnector(tenant, "FromOnPrem", { connectorType: "OnPremises", tlsSenderCertificateName: "mail.fabrikam.com" });
    expect(() => Testing.synth(stack, true)).toThrow(/\[stack\/Contoso\/FromOnPrem\] certificate-domain-not-accepted: .*fabrikam\.com/);
  });

  test("a suppressed finding no longer fails synthesis but stays listed", () => {
    const stack = new TerraformStack(testApp(), "stack");
    const tenant = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
    tenant.addAcceptedDomain("contoso.com");
    const connector = new InboundConnector(tenant, "FromOnPrem", { connectorType: "OnPremises", tlsSenderCertificateName: "mail.fabrikam.com" });
    suppress(connector, "certificate-domain-not-accepted", "fabrikam.com is being added to this tenant in change 4711");
    expect(() => Testing.synth(stack, true)).not.toThrow();
    const finding = checkTopology(stack).find((f) => f.ruleId === "certificate-domain-not-accepted")!;
    expect(finding).toMatchObject({ suppressed: true, suppressionReason: "fabrikam.com is being added to this tenant in change 4711" });
  });

  test("suppress refuses a short reason and an unknown rule id", () => {
    const stack = new TerraformStack(testApp(), "stack");
    expect(() => suppress(stack, "ip-based-connector", "because")).toThrow(/\[stack\] suppress ip-based-connector: the reason "because" is too short/);
    expect(() => suppress(stack, "no-such-rule", "a long enough reason")).toThrow(/unknown rule id "no-such-rule"/);
  });

  test("an expired suppression is itself an error", () => {
    const stack = new TerraformStack(testApp(), "stack");
    const tenant = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
    new InboundConnector(tenant, "ByIp", { connectorType: "OnPremises", senderIpAddresses: ["203.0.113.0/24"] });
    suppress(tenant, "ip-based-connector", "certificate rollout planned for Q3", { expires: "2026-01-31" });
    expect(() => Testing.synth(stack, true)).toThrow(/suppression-expired/);
  });

  test("a failing expectation fails synthesis with expected versus simulated", () => {
    const stack = new TerraformStack(testApp(), "stack");
    const { send } = hybrid(stack);
    new MailFlowExpectation(stack, "NdrRelays", { via: send, mailFrom: "<>", rcptTo: "someone@example.net", expect: { outcome: "relayed" } });
    new MailFlowExpectation(stack, "WrongTenant", { via: send, mailFrom: "user@contoso.com", rcptTo: ["someone@example.net"], expect: { outcome: "relayed", tenant: "fabrikam.onmicrosoft.com" } });
    expect(() => Testing.synth(stack, true)).toThrow(/\[stack\/WrongTenant\] mail-flow-expectation-failed: .*expected tenant fabrikam\.onmicrosoft\.com, relayed; simulated tenant contoso\.onmicrosoft\.com \(attributed by certificate/);
    const failed = checkTopology(stack).filter((f) => f.ruleId === "mail-flow-expectation-failed").map((f) => f.path);
    expect(failed).toEqual(["stack/WrongTenant"]);
  });

  test("tenants in different stacks are checked together", () => {
    const app = testApp();
    const a = new Tenant(new TerraformStack(app, "a"), "A", { initialDomain: "a.onmicrosoft.com" });
    const b = new Tenant(new TerraformStack(app, "b"), "B", { initialDomain: "b.onmicrosoft.com" });
    new InboundConnector(a, "ByIp", { connectorType: "OnPremises", senderIpAddresses: ["203.0.113.0/24"] });
    new InboundConnector(b, "ByIp", { connectorType: "OnPremises", senderIpAddresses: ["203.0.113.7"] });
    const shared = checkTopology(app).filter((f) => f.ruleId === "sender-ip-shared-across-tenants").map((f) => f.path);
    expect(shared).toEqual(["a/A/ByIp", "b/B/ByIp"]);
  });
});
