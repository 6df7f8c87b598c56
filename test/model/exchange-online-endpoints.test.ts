/** Exchange Online clouds and endpoint families (domain.md section 2; Exchange HealthChecker's list). */
import {
  cloudEndpoint, cloudOfCoexistenceDomain, cloudOfInitialDomain, coexistenceDomain, endpointFamily, isMicrosoftHostName,
} from "../../lib/model/exchange-online-endpoints";
import { exchangeOnlineEndpoint, isExchangeOnlineEndpoint } from "../../lib/model/domain-name";

describe("Exchange Online endpoints", () => {
  test.each([
    ["contoso-com.mail.protection.outlook.com", { kind: "protection", cloud: "worldwide", name: "contoso-com" }],
    ["contoso-com.mail.protection.office365.us", { kind: "protection", cloud: "gcc-high", name: "contoso-com" }],
    ["contoso-com.mail.protection.partner.outlook.cn", { kind: "protection", cloud: "21vianet", name: "contoso-com" }],
    ["contoso-com.a-v1.mx.microsoft", { kind: "dnssec", cloud: "worldwide", name: "contoso-com" }],
    ["CONTOSO-com.ab-v1.mx.microsoft", { kind: "dnssec", cloud: "worldwide", name: "contoso-com" }],
  ])("%s is an endpoint", (host, family) => {
    expect(endpointFamily(host)).toEqual(family);
    expect(isExchangeOnlineEndpoint(host)).toBe(true);
  });

  test.each(["mail.contoso.com", "mail.protection.outlook.com", "contoso-com.abc-v1.mx.microsoft", "contoso.outlook.cn"])("%s is not", (host) => {
    expect(endpointFamily(host)).toBeUndefined();
  });

  test("a tenant's endpoints per cloud", () => {
    expect(exchangeOnlineEndpoint("contoso.onmicrosoft.com")).toBe("contoso.mail.protection.outlook.com");
    expect(cloudEndpoint("contoso.com", "gcc-high")).toBe("contoso-com.mail.protection.office365.us");
    expect(cloudEndpoint("contoso.onmicrosoft.us", "gcc-high")).toBe("contoso.mail.protection.office365.us");
    expect(cloudEndpoint("contoso.partner.onmschina.cn", "21vianet")).toBe("contoso.mail.protection.partner.outlook.cn");
  });

  test("initial and coexistence domains per cloud", () => {
    expect(["contoso.onmicrosoft.com", "contoso.onmicrosoft.us", "contoso.partner.onmschina.cn", "contoso.com"].map(cloudOfInitialDomain))
      .toEqual(["worldwide", "gcc-high", "21vianet", undefined]);
    expect(coexistenceDomain("contoso.onmicrosoft.com")).toBe("contoso.mail.onmicrosoft.com");
    expect(coexistenceDomain("contoso.onmicrosoft.us", "gcc-high")).toBe("contoso.mail.onmicrosoft.us");
    expect(coexistenceDomain("contoso.partner.onmschina.cn", "21vianet")).toBe("contoso.mail.partner.onmschina.cn");
    expect(cloudOfCoexistenceDomain("contoso.mail.partner.onmschina.cn")).toBe("21vianet");
  });

  test("Microsoft host names (never a send connector's Fqdn)", () => {
    expect(["contoso.mail.protection.outlook.com", "contoso-com.a-v1.mx.microsoft", "contoso.onmicrosoft.com"].every(isMicrosoftHostName)).toBe(true);
    expect(isMicrosoftHostName("mail.contoso.com")).toBe(false);
  });
});
