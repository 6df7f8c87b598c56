/** Send-connector address spaces (domain.md section 2; New-SendConnector reference, AddressSpaces). */
import { addressSpaceProblem, addressSpecificity, normalizeAddressSpace, parseAddressSpace } from "../../lib/model/address-space";

describe("address spaces", () => {
  test.each([
    ["*", "*", 1],
    ["*.com", "*.com", 1],
    ["*.contoso.com", "*.contoso.com", 1],
    ["Contoso.COM", "contoso.com", 1],
    ["SMTP:*.contoso.com;10", "*.contoso.com", 10],
    ["smtp:*;1", "*", 1],
    ["*;100", "*", 100],
  ])("%s parses to %s with cost %d", (text, address, cost) => {
    expect(parseAddressSpace(text)).toEqual({ ok: true, space: { address, cost } });
  });

  test.each([
    ["*contoso.com", "leading label"],
    ["mail*.contoso.com", "leading label"],
    ["*.*.com", "only one leading wildcard"],
    ["X400:c=US;a= ;p=Contoso", "only SMTP"],
    ["*;0", "1 to 100"],
    ["*;101", "1 to 100"],
    ["*;ten", "1 to 100"],
    ["com", "at least two labels"],
  ])("%s is refused (%s)", (text, reason) => {
    expect(addressSpaceProblem(text)).toContain(reason);
  });

  test("normalized: the address alone at cost 1, SMTP:address;cost otherwise", () => {
    expect(["SMTP:*;1", "*.COM", "smtp:Contoso.com;5"].map(normalizeAddressSpace)).toEqual(["*", "*.com", "SMTP:contoso.com;5"]);
    expect(() => normalizeAddressSpace("*contoso.com")).toThrow(/not an address space/);
  });

  test("specificity: marketing.contoso.com > *.contoso.com > *.com > * (Connector selection in external message routing)", () => {
    const order = ["*", "*.com", "contoso.com", "*.contoso.com", "marketing.contoso.com"].sort((a, b) => addressSpecificity(b) - addressSpecificity(a));
    expect(order).toEqual(["marketing.contoso.com", "contoso.com", "*.contoso.com", "*.com", "*"]);
  });
});

test("surrounding spaces are refused, not trimmed (the script writes what was declared)", () => {
  expect(addressSpaceProblem(" contoso.com")).toBeDefined();
  expect(addressSpaceProblem("*.contoso.com ")).toBeDefined();
});
