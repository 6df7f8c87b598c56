import { certificateHostNameNotAccepted as rule } from "../../lib/rules/certificate-host-name-not-accepted";
import { certificateDomainNotAccepted } from "../../lib/rules/certificate-domain-not-accepted";
import { simulate } from "../../lib/simulate";
import { certificateConnector, internalRelayDomain, tenant, topology } from "../support/topology";
import { check, paths } from "./check";

function withConnector(name: string, domains: string[], p = {}) {
  return topology({ tenants: [tenant("contoso", { domains, inboundConnectors: [certificateConnector("onprem", name, { path: "contoso/onprem", ...p })] })] });
}

describe("certificate-host-name-not-accepted (domain.md section 4: KB 4019940 vs the 2017 notice and 2023 guidance)", () => {
  test("mail.contoso.com with only contoso.com accepted warns, offering both fixes and saying the sources disagree", () => {
    const [finding] = check(rule, withConnector("mail.contoso.com", ["contoso.com"]));
    expect(finding.path).toBe("contoso/onprem");
    expect(finding.message).toContain('"mail.contoso.com" of inbound connector "onprem" (contoso/onprem) of tenant contoso.onmicrosoft.com');
    expect(finding.message).toContain("only its parent contoso.com is");
    expect(finding.message).toContain("Microsoft's sources disagree");
    expect(finding.message).toContain("accept mail.contoso.com in contoso.onmicrosoft.com");
    expect(finding.message).toContain("set TlsSenderCertificateName to *.contoso.com");
    expect(rule.source).toMatch(/KB 4019940.*2017.*2023/);
  });

  test("the host name itself accepted (the safest form) does not warn", () => {
    expect(check(rule, withConnector("mail.contoso.com", ["contoso.com", "mail.contoso.com"]))).toEqual([]);
    expect(check(rule, withConnector("mail.contoso.com", ["mail.contoso.com"]))).toEqual([]);
  });

  test("a host name under an InternalRelay domain with MatchSubDomains counts as accepted", () => {
    const t = tenant("contoso", { acceptedDomains: [internalRelayDomain("contoso.com")], inboundConnectors: [certificateConnector("onprem", "mail.contoso.com")] });
    expect(check(rule, topology({ tenants: [t] }))).toEqual([]);
  });

  test("a wildcard, or a name neither accepted nor under an accepted parent, is another rule's business", () => {
    expect(check(rule, withConnector("*.contoso.com", ["contoso.com"]))).toEqual([]);
    expect(check(rule, withConnector("host.sub.contoso.com", ["contoso.com"]))).toEqual([]);
    expect(paths(certificateDomainNotAccepted, withConnector("host.sub.contoso.com", ["contoso.com"]))).toEqual(["contoso/onprem"]);
  });

  test("Partner connectors are not checked", () => {
    expect(check(rule, withConnector("mail.contoso.com", ["contoso.com"], { connectorType: "Partner" }))).toEqual([]);
  });

  test("the simulator still attributes by certificate, as KB 4019940 reads it: the warning is where Microsoft may tighten", () => {
    const result = simulate(withConnector("mail.contoso.com", ["contoso.com"]), { certificateNames: ["mail.contoso.com"], mailFrom: "", rcptTo: ["x@example.net"] });
    expect(result).toMatchObject({ tenant: "contoso.onmicrosoft.com", attributedBy: "certificate" });
    expect(result.recipients[0].outcome).toBe("relayed");
  });
});
