/**
 * Spoof intelligence's exact-pair semantics (domain.md 3b, seed "Walkthrough - Spoof intelligence insight"): which
 * spoof entry covers the pair a message forms, or that none does.
 */
import fc from "fast-check";
import type { SpoofPairModel } from "../../lib/model/topology";
import { describeSpoofPair, infrastructureCovers, sendingInfrastructureOf, simulate } from "../../lib/simulate";
import { spoofPair, tenant, topology } from "../support/topology";

/** Tenant contoso (accepting contoso.com) with the given spoof entries; mail arrives for user@contoso.com from the internet. */
function contosoWith(...pairs: SpoofPairModel[]) {
  return topology({ tenants: [tenant("contoso", { path: "contoso", domains: ["contoso.com"], spoofPairs: pairs })] });
}

const walkthrough = spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "tms.mx.com", path: "contoso/GmailViaTms" });
const organizational = spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "mx.com", path: "contoso/GmailViaMx" });

const inbound = (headerFrom: string, ptr?: string, sourceIp = "198.51.100.77") =>
  ({ sourceIp, mailFrom: "bounce@mailer.example", rcptTo: ["user@contoso.com"], headerFrom, ...(ptr !== undefined ? { ptr } : {}) });

describe("spoof verdict", () => {
  test("the walkthrough's pair gmail.com / tms.mx.com is allowed by its literal entry", () => {
    const result = simulate(contosoWith(walkthrough), inbound("a@gmail.com", "tms.mx.com"));
    expect(result.spoof).toEqual({
      tenant: "contoso.onmicrosoft.com",
      spoofedDomain: "gmail.com",
      infrastructure: "tms.mx.com",
      entry: "contoso/GmailViaTms",
      action: "Allow",
      reason: expect.stringContaining("allowed to spoof"),
    });
    expect(result.steps.at(-1)).toBe(result.spoof!.reason);
  });

  test("a gmail.com / mx.com entry (the organizational domain) covers a PTR tms.mx.com too", () => {
    const result = simulate(contosoWith(organizational), inbound("a@gmail.com", "tms.mx.com"));
    expect(result.spoof).toMatchObject({ entry: "contoso/GmailViaMx", action: "Allow" });
  });

  test("same domain through other infrastructure is not covered", () => {
    for (const ptr of ["smtp.other.example", "mx.com.evil.example", "xtms.mx.com"]) {
      const result = simulate(contosoWith(walkthrough), inbound("a@gmail.com", ptr));
      expect(result.spoof).toEqual({
        tenant: "contoso.onmicrosoft.com", spoofedDomain: "gmail.com", infrastructure: ptr,
        reason: expect.stringContaining("spoof intelligence decides"),
      });
    }
  });

  test("another domain through the same infrastructure is not covered", () => {
    const result = simulate(contosoWith(walkthrough), inbound("b@yahoo.com", "tms.mx.com"));
    expect(result.spoof).toMatchObject({ spoofedDomain: "yahoo.com", infrastructure: "tms.mx.com" });
    expect(result.spoof!.entry).toBeUndefined();
    expect(result.spoof!.action).toBeUndefined();
  });

  test("a Block entry covers its pair with action Block", () => {
    const block = spoofPair({ spoofedUser: "contoso.com", sendingInfrastructure: "bulk.example.net", action: "Block", path: "contoso/Block" });
    const result = simulate(contosoWith(block), inbound("ceo@contoso.com", "out1.bulk.example.net"));
    expect(result.spoof).toMatchObject({ entry: "contoso/Block", action: "Block", reason: expect.stringContaining("blocked as spoofing") });
  });

  test("without a PTR the infrastructure is the source address's /24, and an entry written x.x.x.x/24 covers the whole /24", () => {
    const entry = spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "192.168.100.100/24", path: "contoso/ByRange" });
    const result = simulate(contosoWith(entry), inbound("a@gmail.com", undefined, "192.168.100.7"));
    expect(result.spoof).toMatchObject({ infrastructure: "192.168.100.0/24", entry: "contoso/ByRange", action: "Allow" });
    // Another /24, and a source with a PTR name (then the name is the infrastructure), are not covered.
    expect(simulate(contosoWith(entry), inbound("a@gmail.com", undefined, "192.168.101.7")).spoof!.entry).toBeUndefined();
    expect(simulate(contosoWith(entry), inbound("a@gmail.com", "mail.example.org", "192.168.100.7")).spoof!.entry).toBeUndefined();
  });

  test("* on one side: any infrastructure for the domain, any sender through the infrastructure", () => {
    const anyInfrastructure = spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "*", path: "contoso/GmailAnywhere" });
    const anySender = spoofPair({ spoofedUser: "*", sendingInfrastructure: "tms.mx.com", path: "contoso/AnyViaTms" });
    expect(simulate(contosoWith(anyInfrastructure), inbound("a@gmail.com", "whatever.example")).spoof).toMatchObject({ entry: "contoso/GmailAnywhere" });
    expect(simulate(contosoWith(anyInfrastructure), inbound("a@gmail.com", undefined, "203.0.113.9")).spoof).toMatchObject({ entry: "contoso/GmailAnywhere" });
    expect(simulate(contosoWith(anyInfrastructure), inbound("b@yahoo.com", "whatever.example")).spoof!.entry).toBeUndefined();
    expect(simulate(contosoWith(anySender), inbound("b@yahoo.com", "tms.mx.com")).spoof).toMatchObject({ entry: "contoso/AnyViaTms" });
    expect(simulate(contosoWith(anySender), inbound("b@yahoo.com", "other.mx.com")).spoof!.entry).toBeUndefined();
  });

  test("an address entry covers only that address; a domain entry covers only that domain, not its subdomains", () => {
    const address = spoofPair({ spoofedUser: "ceo@contoso.com", sendingInfrastructure: "*", spoofType: "Internal", path: "contoso/Ceo" });
    const domain = spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "*", path: "contoso/Gmail" });
    expect(simulate(contosoWith(address), inbound("CEO@Contoso.com", "x.example")).spoof).toMatchObject({ entry: "contoso/Ceo" });
    expect(simulate(contosoWith(address), inbound("cfo@contoso.com", "x.example")).spoof!.entry).toBeUndefined();
    expect(simulate(contosoWith(domain), inbound("a@mail.gmail.com", "x.example")).spoof!.entry).toBeUndefined();
  });

  test("several covering entries: the most specific decides, Block before Allow at equal specificity", () => {
    const broad = spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "*", action: "Block", path: "contoso/Broad" });
    const exact = spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "tms.mx.com", path: "contoso/Exact" });
    const result = simulate(contosoWith(broad, organizational, exact), inbound("a@gmail.com", "tms.mx.com"));
    expect(result.spoof).toMatchObject({ entry: "contoso/Exact", action: "Allow" });
    expect(result.spoof!.reason).toContain("also covered by contoso/GmailViaMx (Allow), contoso/Broad (Block)");
    const blockTwin = spoofPair({ spoofedUser: "gmail.com", sendingInfrastructure: "tms.mx.com", action: "Block", spoofType: "Internal", path: "contoso/Twin" });
    expect(simulate(contosoWith(exact, blockTwin), inbound("a@gmail.com", "tms.mx.com")).spoof).toMatchObject({ entry: "contoso/Twin", action: "Block" });
  });

  test("the receiving tenant's entries count: another tenant's entry does not cover", () => {
    const t = topology({
      tenants: [
        tenant("contoso", { domains: ["contoso.com"] }),
        tenant("fabrikam", { domains: ["fabrikam.com"], spoofPairs: [walkthrough] }),
      ],
    });
    expect(simulate(t, inbound("a@gmail.com", "tms.mx.com")).spoof).toMatchObject({ tenant: "contoso.onmicrosoft.com" });
    expect(simulate(t, inbound("a@gmail.com", "tms.mx.com")).spoof!.entry).toBeUndefined();
    const toFabrikam = { ...inbound("a@gmail.com", "tms.mx.com"), rcptTo: ["x@example.net", "user@fabrikam.com"] };
    expect(simulate(t, toFabrikam).spoof).toMatchObject({ tenant: "fabrikam.onmicrosoft.com", entry: walkthrough.path });
  });

  test("no headerFrom, or no tenant receiving the message: no spoof verdict", () => {
    const { headerFrom: _unused, ...withoutHeader } = inbound("a@gmail.com", "tms.mx.com");
    expect(simulate(contosoWith(walkthrough), withoutHeader).spoof).toBeUndefined();
    expect(simulate(contosoWith(walkthrough), { ...inbound("a@gmail.com", "tms.mx.com"), rcptTo: ["x@example.net"] }).spoof).toBeUndefined();
  });

  test("a PTR name is read without case or a trailing dot", () => {
    expect(sendingInfrastructureOf("TMS.MX.com.", undefined)).toBe("tms.mx.com");
    expect(sendingInfrastructureOf(undefined, "10.1.2.3")).toBe("10.1.2.0/24");
    expect(sendingInfrastructureOf("", "2001:db8::1")).toBeUndefined();
  });

  test("property: a domain entry covers exactly the PTR names equal to it or under it, label-aligned", () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 2, maxLength: 4 }), fc.array(label, { minLength: 0, maxLength: 2 }), label, (base, prefix, glue) => {
        const entry = base.join(".");
        const under = [...prefix, ...base].join(".");
        expect(infrastructureCovers(entry, under)).toBe(true);
        // Glued onto the first label (no dot): never covered.
        expect(infrastructureCovers(entry, `${glue}${entry}`)).toBe(false);
      }),
    );
  });
});

describe("describeSpoofPair", () => {
  test("says what an entry covers and, in words, what it does not", () => {
    expect(describeSpoofPair(walkthrough)).toEqual({
      covers: "allows From addresses @gmail.com from sources whose PTR name is tms.mx.com or lies under it",
      doesNotCover: "not From addresses @gmail.com through other infrastructure; not other senders through tms.mx.com: spoof intelligence decides those",
    });
    const block = describeSpoofPair(spoofPair({ spoofedUser: "*", sendingInfrastructure: "203.0.113.0/24", action: "Block" }));
    expect(block.covers).toBe("blocks any sender from sources in 203.0.113.0/24 without a PTR name");
    expect(block.doesNotCover).toBe("not any sender through other infrastructure: spoof intelligence decides those");
  });
});
