import { mailFlowExpectationFailed } from "../../lib/rules/mail-flow-expectation-failed";
import { MailFlowSimulator, checkRules } from "../../lib/simulate";
import type { MailFlowExpectationModel, Topology } from "../../lib/model/topology";
import { certificate, certificateConnector, ipConnector, organization, sendConnector, tenant, topology } from "../support/topology";
import { NOW } from "./check";

/** Contoso identifies its on-premises servers by IP only; the send connector presents mail.contoso.com. */
function contoso(expectations: MailFlowExpectationModel[], inbound = ipConnector("ByIp", ["203.0.113.0/24"])): Topology {
  return topology({
    tenants: [tenant("contoso", { domains: ["contoso.com"], inboundConnectors: [inbound] })],
    certificates: [certificate("cert", ["mail.contoso.com"])],
    organizations: [organization("org", { egressIpAddresses: ["203.0.113.25"], sendConnectors: [sendConnector({ name: "send", tenantPath: "contoso", certificatePath: "cert" })] })],
    expectations,
  });
}

const ndr = (expect: MailFlowExpectationModel["expect"]): MailFlowExpectationModel => ({
  path: "expect/ndr", via: { sendConnectorPath: "org/send" }, mailFrom: "", rcptTo: ["someone@example.net"], expect,
});

function run(t: Topology) {
  return mailFlowExpectationFailed.check(t, { now: NOW, simulator: new MailFlowSimulator(t) });
}

describe("mail-flow-expectation-failed", () => {
  test("fires when an NDR is expected to relay through an IP-only connector, showing expected, simulated and the deciding step", () => {
    const findings = run(contoso([ndr({ outcome: "relayed" })]));
    expect(findings).toHaveLength(1);
    expect(findings[0].path).toBe("expect/ndr");
    expect(findings[0].message).toContain("expected relayed");
    expect(findings[0].message).toContain("someone@example.net rejected");
    expect(findings[0].message).toContain("5.7.64");
    expect(findings[0].message).toMatch(/Decided by: .+/);
  });

  test("near miss: the same expectation holds with a certificate connector", () => {
    expect(run(contoso([ndr({ outcome: "relayed", tenant: "contoso.onmicrosoft.com" })], certificateConnector("ByCert", "mail.contoso.com")))).toEqual([]);
  });

  test("near miss: expecting the rejection with its NDR code holds", () => {
    expect(run(contoso([ndr({ outcome: "rejected", ndr: "5.7.64" })]))).toEqual([]);
  });

  test("fires on a wrong NDR code and on a wrong tenant", () => {
    const findings = run(contoso([ndr({ outcome: "rejected", ndr: "5.7.68" }), { ...ndr({ outcome: "rejected", tenant: "fabrikam.onmicrosoft.com" }), path: "expect/tenant" }]));
    expect(findings.map((f) => f.path).sort()).toEqual(["expect/ndr", "expect/tenant"]);
    expect(findings.find((f) => f.path === "expect/tenant")!.message).toContain("instead of fabrikam.onmicrosoft.com");
  });

  test("a connection declared by hand", () => {
    const byHand: MailFlowExpectationModel = { path: "expect/hand", via: { sourceIp: "198.51.100.1" }, mailFrom: "user@contoso.com", rcptTo: ["someone@example.net"], expect: { outcome: "relayed" } };
    expect(run(contoso([byHand]))[0].message).toContain("no connector matched");
  });

  test("an expectation through a send connector that does not exist", () => {
    const missing: MailFlowExpectationModel = { ...ndr({ outcome: "relayed" }), via: { sendConnectorPath: "org/gone" } };
    expect(run(contoso([missing]))[0].message).toContain("org/gone is not in the topology");
  });

  test("runRules without a simulator refuses a topology with expectations; checkRules supplies one", () => {
    expect(() => mailFlowExpectationFailed.check(contoso([ndr({ outcome: "relayed" })]), { now: NOW })).toThrow(/no simulator/);
    const findings = checkRules(contoso([ndr({ outcome: "relayed" })]), { now: NOW });
    expect(findings.filter((f) => f.ruleId === "mail-flow-expectation-failed")).toHaveLength(1);
  });
});

describe("mail-flow-expectation-failed: the spoof verdict", () => {
  const walkthrough = { path: "contoso/GmailViaTms", spoofedUser: "gmail.com", sendingInfrastructure: "tms.mx.com", spoofType: "External" as const, action: "Allow" as const };
  const withSpoof = (expect: MailFlowExpectationModel["expect"], ptr: string): Topology =>
    topology({
      tenants: [tenant("contoso", { domains: ["contoso.com"], spoofPairs: [walkthrough] })],
      expectations: [{ path: "expect/spoof", via: { sourceIp: "198.51.100.7" }, mailFrom: "a@gmail.com", rcptTo: ["user@contoso.com"], headerFrom: "a@gmail.com", ptr, expect }],
    });

  test("an expected Allow through the walkthrough's infrastructure holds; through other infrastructure it fails, naming the pair", () => {
    expect(run(withSpoof({ outcome: "delivered", spoof: "Allow", spoofEntry: walkthrough.path }, "tms.mx.com"))).toEqual([]);
    const [finding] = run(withSpoof({ outcome: "delivered", spoof: "Allow" }, "smtp.other.example"));
    expect(finding.path).toBe("expect/spoof");
    expect(finding.message).toContain("expected delivered, spoof Allow");
    expect(finding.message).toContain("spoof: pair gmail.com / smtp.other.example covered by no spoof entry instead of Allow");
  });

  test("expecting none while an entry covers the pair fails; expecting another entry fails", () => {
    expect(run(withSpoof({ outcome: "delivered", spoof: "none" }, "tms.mx.com"))[0].message).toContain("pair gmail.com / tms.mx.com Allow by contoso/GmailViaTms instead of none");
    expect(run(withSpoof({ outcome: "delivered", spoofEntry: "contoso/Other" }, "tms.mx.com"))[0].message).toContain("instead of entry contoso/Other");
  });
});
