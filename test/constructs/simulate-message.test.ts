import { TerraformStack } from "cdktf";
import { Certificate, InboundConnector, MailFlowExpectation, NDR_RELAY_DENIED, SpoofPair, Tenant, checkTopology, simulateMessage } from "../../lib";
import { testApp } from "../support/examples";

function contoso(identifyBy: "certificate" | "ip") {
  const stack = new TerraformStack(testApp(), "stack");
  const tenant = new Tenant(stack, "Contoso", { initialDomain: "contoso.onmicrosoft.com" });
  tenant.addAcceptedDomain("contoso.com");
  const certificate = new Certificate(stack, "Cert", { subject: "CN=mail.contoso.com", issuer: "CN=Example CA" });
  new InboundConnector(tenant, "FromOnPrem", identifyBy === "certificate"
    ? { connectorType: "OnPremises", tlsSenderCertificateName: "mail.contoso.com" }
    : { connectorType: "OnPremises", senderIpAddresses: ["203.0.113.0/24"] });
  return { stack, certificate };
}

describe("simulateMessage", () => {
  test("a null-sender NDR relays over a certificate connector", () => {
    const { stack, certificate } = contoso("certificate");
    const result = simulateMessage(stack, { sourceIp: "203.0.113.25", certificate, mailFrom: "<>", rcptTo: "someone@example.net" });
    expect(result).toMatchObject({ tenant: "contoso.onmicrosoft.com", attributedBy: "certificate", connector: "stack/Contoso/FromOnPrem" });
    expect(result.recipients).toEqual([expect.objectContaining({ address: "someone@example.net", outcome: "relayed" })]);
  });

  test("the same NDR is rejected with 5.7.64 over an IP-only connector", () => {
    const { stack, certificate } = contoso("ip");
    const result = simulateMessage(stack, { sourceIp: "203.0.113.25", certificate, mailFrom: "", rcptTo: ["someone@example.net"] });
    expect(result.recipients[0]).toMatchObject({ outcome: "rejected", ndr: NDR_RELAY_DENIED });
  });

  test("certificate as DNS names, and users' own mail over the IP connector relays", () => {
    const { stack } = contoso("ip");
    const result = simulateMessage(stack, { sourceIp: "203.0.113.25", certificate: ["mail.contoso.com"], mailFrom: "user@contoso.com", rcptTo: "someone@example.net" });
    expect(result).toMatchObject({ attributedBy: "mail-from", recipients: [expect.objectContaining({ outcome: "relayed" })] });
  });

  test("no recipient is an error naming the scope", () => {
    const { stack } = contoso("ip");
    expect(() => simulateMessage(stack, { mailFrom: "", rcptTo: [] })).toThrow(/\[stack\] simulateMessage: rcptTo needs at least one recipient/);
  });

  test("headerFrom and ptr give the spoof verdict of the walkthrough's entry", () => {
    const { stack } = contoso("ip");
    const tenant = stack.node.findChild("Contoso") as Tenant;
    new SpoofPair(tenant, "GmailViaTms", { spoofedUser: "gmail.com", sendingInfrastructure: "tms.mx.com", spoofType: "External" });
    const message = { sourceIp: "198.51.100.7", mailFrom: "a@gmail.com", rcptTo: "user@contoso.com", headerFrom: "a@gmail.com" };
    expect(simulateMessage(stack, { ...message, ptr: "tms.mx.com" }).spoof).toMatchObject({ entry: "stack/Contoso/GmailViaTms", action: "Allow" });
    expect(simulateMessage(stack, { ...message, ptr: "other.example" }).spoof).toMatchObject({ spoofedDomain: "gmail.com", infrastructure: "other.example" });
    expect(simulateMessage(stack, { ...message, ptr: "other.example" }).spoof?.entry).toBeUndefined();
  });
});

describe("MailFlowExpectation with a spoof verdict", () => {
  test("a spoof expectation without headerFrom is refused at construction; with it, a wrong expectation is a finding", () => {
    const { stack } = contoso("ip");
    const tenant = stack.node.findChild("Contoso") as Tenant;
    const entry = new SpoofPair(tenant, "GmailViaTms", { spoofedUser: "gmail.com", sendingInfrastructure: "tms.mx.com", spoofType: "External" });
    const base = { via: { sourceIp: "198.51.100.7" }, mailFrom: "a@gmail.com", rcptTo: "user@contoso.com" };
    // In an app of its own: a construct whose constructor threw stays in its tree.
    expect(() => new MailFlowExpectation(contoso("ip").stack, "NoHeader", { ...base, expect: { outcome: "delivered", spoof: "Allow" } }))
      .toThrow(/stack\/NoHeader[\s\S]*expect\.spoof[\s\S]*needs headerFrom/);
    new MailFlowExpectation(stack, "Covered", { ...base, headerFrom: "a@gmail.com", ptr: "TMS.mx.com.", expect: { outcome: "delivered", spoof: "Allow", spoofEntry: entry } });
    new MailFlowExpectation(stack, "Elsewhere", { ...base, headerFrom: "a@gmail.com", ptr: "mail.other.example", expect: { outcome: "delivered", spoof: "Allow" } });
    const failed = checkTopology(stack).filter((f) => f.ruleId === "mail-flow-expectation-failed");
    expect(failed.map((f) => f.path)).toEqual(["stack/Elsewhere"]);
    expect(failed[0].message).toContain("covered by no spoof entry instead of Allow");
  });
});
