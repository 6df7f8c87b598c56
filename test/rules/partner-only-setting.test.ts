import { partnerOnlySetting as rule } from "../../lib/rules/partner-only-setting";
import { inbound, tenant, topology } from "../support/topology";
import { check } from "./check";

const withConnector = (p: Parameters<typeof inbound>[0]) => topology({ tenants: [tenant("contoso", { inboundConnectors: [inbound(p)] })] });

describe("partner-only-setting", () => {
  test.each([
    [{ restrictDomainsToCertificate: true }, "RestrictDomainsToCertificate"],
    [{ restrictDomainsToIpAddresses: true }, "RestrictDomainsToIPAddresses"],
  ])("%p on an OnPremises connector fires", (setting, parameter) => {
    const [finding] = check(rule, withConnector({ name: "onprem", ...setting }));
    expect(finding.path).toBe("inbound/onprem");
    expect(finding.message).toContain(`sets ${parameter} to true`);
  });

  test("the same settings on a Partner connector do not", () => {
    expect(check(rule, withConnector({ name: "partner", connectorType: "Partner", requireTls: true, restrictDomainsToCertificate: true }))).toEqual([]);
  });

  test("an OnPremises connector with both false does not", () => {
    expect(check(rule, withConnector({ name: "onprem", requireTls: false }))).toEqual([]);
  });

  test("RequireTls $true on an OnPremises connector never fires: Microsoft's default and the hybrid wizard's (domain.md section 2)", () => {
    expect(check(rule, withConnector({ name: "onprem", requireTls: true }))).toEqual([]);
  });
});
