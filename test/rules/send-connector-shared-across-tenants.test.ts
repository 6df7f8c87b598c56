import { sendConnectorSharedAcrossTenants as rule } from "../../lib/rules/send-connector-shared-across-tenants";
import { organization, sendConnector, tenant, topology } from "../support/topology";
import { check } from "./check";

const tenants = [tenant("contoso", { domains: ["contoso.com"] }), tenant("fabrikam", { domains: ["fabrikam.com"] })];

describe("send-connector-shared-across-tenants", () => {
  test("smart hosts that are two tenants' endpoints fire, naming both tenants", () => {
    const sc = sendConnector({
      name: "to-cloud", tenantPath: "contoso", certificatePath: "org/cert",
      smartHosts: ["contoso-com.mail.protection.outlook.com", "fabrikam.mail.protection.outlook.com"],
    });
    const [finding] = check(rule, topology({ tenants, organizations: [organization("org", { sendConnectors: [sc] })] }));
    expect(finding.path).toBe("org/to-cloud");
    expect(finding.message).toContain("contoso.onmicrosoft.com (contoso-com.mail.protection.outlook.com)");
    expect(finding.message).toContain("fabrikam.onmicrosoft.com (fabrikam.mail.protection.outlook.com)");
  });

  test("two endpoints of one tenant do not fire", () => {
    const sc = sendConnector({
      name: "to-cloud", tenantPath: "contoso", certificatePath: "org/cert",
      smartHosts: ["contoso-com.mail.protection.outlook.com", "contoso.mail.protection.outlook.com"],
    });
    expect(check(rule, topology({ tenants, organizations: [organization("org", { sendConnectors: [sc] })] }))).toEqual([]);
  });

  test("one organization with one connector name for two tenants fires on both declarations", () => {
    const org = organization("org", {
      sendConnectors: [
        sendConnector({ name: "Outbound to Office 365", path: "org/a", tenantPath: "contoso", certificatePath: "org/cert" }),
        sendConnector({ name: "outbound to office 365", path: "org/b", tenantPath: "fabrikam", certificatePath: "org/cert" }),
      ],
    });
    const findings = check(rule, topology({ tenants, organizations: [org] }));
    expect(findings.map((f) => f.path)).toEqual(["org/a", "org/b"]);
    expect(findings[0].message).toContain("org/b (to fabrikam.onmicrosoft.com)");
    expect(findings[0].message).toContain("contoso.onmicrosoft.com and fabrikam.onmicrosoft.com");
  });

  test("separately named connectors per tenant, or one name in two organizations, do not fire", () => {
    const perTenant = organization("org", {
      sendConnectors: [
        sendConnector({ name: "to-contoso", tenantPath: "contoso", certificatePath: "org/c1" }),
        sendConnector({ name: "to-fabrikam", tenantPath: "fabrikam", certificatePath: "org/c2" }),
      ],
    });
    expect(check(rule, topology({ tenants, organizations: [perTenant] }))).toEqual([]);
    const twoOrganizations = [
      organization("org1", { sendConnectors: [sendConnector({ name: "cloud", path: "org1/cloud", tenantPath: "contoso", certificatePath: "org1/c" })] }),
      organization("org2", { sendConnectors: [sendConnector({ name: "cloud", path: "org2/cloud", tenantPath: "fabrikam", certificatePath: "org2/c" })] }),
    ];
    expect(check(rule, topology({ tenants, organizations: twoOrganizations }))).toEqual([]);
  });
});
