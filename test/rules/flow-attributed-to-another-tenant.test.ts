/** flow-attributed-to-another-tenant: MC1226222's misattribution through on-premises routing (domain.md section 4a). */
import { flowAttributedToAnotherTenant as rule } from "../../lib/rules/flow-attributed-to-another-tenant";
import { MailFlowSimulator } from "../../lib/simulate";
import type { OnPremisesOrganizationModel, SendConnectorModel, Topology } from "../../lib/model/topology";
import { certificate, inbound, organization, sendConnector, tenant, topology } from "../support/topology";
import { NOW } from "./check";

const TENANTS = ["fabrikam", "tailspin"];

function estate(connectors: (t: string) => Partial<SendConnectorModel>, p: Partial<OnPremisesOrganizationModel> = {}): Topology {
  return topology({
    tenants: TENANTS.map((t) => tenant(t, {
      domains: [`${t}.com`],
      inboundConnectors: [inbound({ name: `from-${t}`, path: `${t}/from`, tlsSenderCertificateName: `smtp.${t}.com` })],
    })),
    certificates: TENANTS.map((t) => certificate(`${t}-cert`, [`smtp.${t}.com`])),
    organizations: [organization("org", {
      egressIpAddresses: ["198.51.100.10"],
      transportServers: ["MBX01"],
      sendConnectors: TENANTS.map((t) => sendConnector({ name: `To ${t}`, tenantPath: t, certificatePath: `${t}-cert`, sourceTransportServers: ["MBX01"], ...connectors(t) })),
      ...p,
    })],
  });
}

const run = (t: Topology, withSimulator = true) =>
  rule.check(t, { now: NOW, ...(withSimulator ? { simulator: new MailFlowSimulator(t) } : {}) }).sort((a, b) => (a.path + a.message < b.path + b.message ? -1 : 1));

describe("flow-attributed-to-another-tenant", () => {
  test("two * connectors from the same server: tailspin's users leave under fabrikam's certificate", () => {
    const findings = run(estate(() => ({})));
    expect(findings).toHaveLength(1);
    expect(findings[0].path).toBe("org/To fabrikam");
    expect(findings[0].message).toContain("users of tenant tailspin.onmicrosoft.com");
    expect(findings[0].message).toContain("attributed by Exchange Online to tenant fabrikam.onmicrosoft.com");
    expect(findings[0].message).toContain("certificate fabrikam-cert (smtp.fabrikam.com)");
    expect(findings[0].message).toContain("its internet mail from MBX01");
    expect(findings[0].message).toContain("mail to its cloud mailboxes (tailspin.mail.onmicrosoft.com)");
    expect(findings[0].message).toContain("its name sorts before");
  });

  test("without a simulator the connector's declared target tenant is used", () => {
    expect(run(estate(() => ({})), false).map((f) => f.path)).toEqual(["org/To fabrikam"]);
  });

  test("compliant: each tenant's users on their own Mailbox server, its connector sourced there", () => {
    const t = estate((name) => ({ sourceTransportServers: [`MBX-${name}`] }), {
      transportServers: [],
      userMailboxes: TENANTS.map((name) => ({ tenantPath: name, servers: [`MBX-${name}`] })),
    });
    expect(run(t)).toEqual([]);
  });

  test("declared mailboxes on the wrong server are caught", () => {
    const t = estate((name) => ({ sourceTransportServers: [`MBX-${name}`] }), {
      transportServers: [],
      userMailboxes: [{ tenantPath: "fabrikam", servers: ["MBX-fabrikam"] }, { tenantPath: "tailspin", servers: ["MBX-fabrikam", "MBX-tailspin"] }],
    });
    const [finding] = run(t);
    expect(finding.message).toContain("users of tenant tailspin.onmicrosoft.com");
    expect(finding.message).toContain("from MBX-fabrikam");
    expect(finding.message).not.toContain("from MBX-tailspin");
  });

  test("relay services are not routed like Exchange", () => {
    expect(run(estate(() => ({}), { senderKind: "relay-service" }))).toEqual([]);
  });
});
