import { certificateNameMatches, certificateNameProblem, domainNameProblem, exchangeOnlineEndpoint, organizationalDomain } from "../../lib/model/domain-name";
import { certificateDomain } from "../../lib/model/accepted-domains";
import { tenant, acceptedDomain } from "../support/topology";

test("domain names", () => {
  expect(domainNameProblem("contoso.com")).toBeUndefined();
  expect(domainNameProblem("")).toBeDefined();
  expect(domainNameProblem("contoso")).toBeDefined();
  expect(domainNameProblem("-a.com")).toBeDefined();
  expect(certificateNameProblem("*contoso.com")).toMatch(/wildcard/);
  expect(certificateNameProblem("*.contoso.com")).toBeUndefined();
  expect(certificateNameProblem("mail.*.contoso.com")).toBeDefined();
});

test("certificate name matching", () => {
  expect(certificateNameMatches("*.contoso.com", "mail.contoso.com")).toBe(true);
  expect(certificateNameMatches("*.contoso.com", "contoso.com")).toBe(true);
  expect(certificateNameMatches("*.contoso.com", "a.b.contoso.com")).toBe(true);
  expect(certificateNameMatches("*.contoso.com", "notcontoso.com")).toBe(false);
  expect(certificateNameMatches("mail.contoso.com", "*.contoso.com")).toBe(true);
  expect(certificateNameMatches("a.mail.contoso.com", "*.contoso.com")).toBe(false);
});

test("organizational domain uses the public suffix list", () => {
  expect(organizationalDomain("smtp.inbound.contoso.com")).toBe("contoso.com");
  expect(organizationalDomain("mx.contoso.co.uk")).toBe("contoso.co.uk");
});

test("Exchange Online endpoints", () => {
  expect(exchangeOnlineEndpoint("contoso.com")).toBe("contoso-com.mail.protection.outlook.com");
  expect(exchangeOnlineEndpoint("contoso.onmicrosoft.com")).toBe("contoso.mail.protection.outlook.com");
});

test("certificate domain follows KB 4019940", () => {
  const t = tenant("t", { domains: ["contoso.com"] });
  expect(certificateDomain(t, "mail.contoso.com")).toBe("contoso.com");
  expect(certificateDomain(t, "host.sub.contoso.com")).toBeUndefined();
  expect(certificateDomain(t, "*.contoso.com")).toBe("contoso.com");
  const relay = tenant("r", { acceptedDomains: [acceptedDomain({ domainName: "contoso.com", domainType: "InternalRelay", matchSubDomains: true })] });
  expect(certificateDomain(relay, "host.sub.contoso.com")).toBe("host.sub.contoso.com");
  expect(certificateDomain(relay, "*.sub.contoso.com")).toBe("sub.contoso.com");
});
