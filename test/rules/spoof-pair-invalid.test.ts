import { spoofPairInvalid as rule } from "../../lib/rules/spoof-pair-invalid";
import { spoofPair, tenant, topology } from "../support/topology";
import { check } from "./check";

const withPair = (spoofedUser: string, sendingInfrastructure: string) =>
  topology({ tenants: [tenant("contoso", { spoofPairs: [spoofPair({ spoofedUser, sendingInfrastructure, path: "contoso/spoof" })] })] });

describe("spoof-pair-invalid", () => {
  test.each([
    ["contoso.com", "fabrikam.com"],
    ["ceo@contoso.com", "fabrikam.co.uk"],
    ["contoso.com", "203.0.113.0/24"],
    ["contoso.com", "203.0.113.7/24"],
    ["contoso.com", "*"],
    ["*", "fabrikam.com"],
    // The seed walkthrough's own entry: a PTR host name, not the organizational domain (domain.md 3b).
    ["gmail.com", "tms.mx.com"],
    ["contoso.com", "smtp.inbound.fabrikam.com"],
  ])("%s / %s is valid", (user, infrastructure) => {
    expect(check(rule, withPair(user, infrastructure))).toEqual([]);
  });

  test.each([
    ["contoso.com", "203.0.113.0/25", "must be a /24"],
    ["contoso.com", "203.0.113.7", "give its /24 range instead (203.0.113.0/24)"],
    ["contoso.com", "co.uk", "public suffix"],
    ["contoso.com", "not a domain", "at least two labels"],
    ["*", "*", "both the spoofed user and the sending infrastructure are *"],
    ["@contoso.com", "fabrikam.com", "not a valid mailbox name"],
  ])("%s / %s fires: %s", (user, infrastructure, expected) => {
    const [finding] = check(rule, withPair(user, infrastructure));
    expect(finding.path).toBe("contoso/spoof");
    expect(finding.message).toContain(expected);
    expect(finding.message).toContain("contoso.onmicrosoft.com");
  });
});
