import { associatedDomainNotAccepted as rule } from "../../lib/rules/associated-domain-not-accepted";
import { inbound, tenant, topology } from "../support/topology";
import { check } from "./check";

const withAssociated = (associatedAcceptedDomains: string[]) =>
  topology({ tenants: [tenant("contoso", { domains: ["contoso.com"], inboundConnectors: [inbound({ name: "onprem", path: "contoso/onprem", tlsSenderCertificateName: "mail.contoso.com", associatedAcceptedDomains })] })] });

describe("associated-domain-not-accepted (New-InboundConnector: every value must be an accepted domain of the tenant)", () => {
  test("a value the tenant does not accept is an error naming the connector, the value, the tenant and the fix", () => {
    const [finding] = check(rule, withAssociated(["contoso.com", "fabrikam.com"]));
    expect(finding.path).toBe("contoso/onprem");
    expect(finding.message).toContain('AssociatedAcceptedDomains of inbound connector "onprem" (contoso/onprem) of tenant contoso.onmicrosoft.com lists fabrikam.com');
    expect(finding.message).toContain("Declare it as accepted domains of contoso.onmicrosoft.com, or remove it from AssociatedAcceptedDomains");
  });

  test("accepted domains, and the tenant's initial domain, are fine", () => {
    expect(check(rule, withAssociated(["contoso.com", "contoso.onmicrosoft.com"]))).toEqual([]);
    expect(check(rule, withAssociated([]))).toEqual([]);
  });

  test("a subdomain of an accepted domain is not itself accepted", () => {
    expect(check(rule, withAssociated(["sales.contoso.com"])).map((f) => f.path)).toEqual(["contoso/onprem"]);
  });
});
