/**
 * Property tests: the indexed simulator and its indexes give the same answers as the slow, obvious versions.
 */
import * as fc from "fast-check";
import { addressDomain, certificateNameMatches } from "../../lib/model/domain-name";
import { ipv4Range, ipv4ToInt, isIpv4Address } from "../../lib/model/ip";
import type { AcceptedDomainModel, InboundConnectorModel, TenantModel, Topology } from "../../lib/model/topology";
import { MailFlowSimulator, type SimulatedMessage } from "../../lib/simulate";
import { CertificateNameIndex } from "../../lib/model/certificate-name-index";
import { envelopeDomain, parseIpv4Address } from "../../lib/simulate/envelope";
import { SenderIpIndex } from "../../lib/simulate/sender-ip-index";
import { acceptedDomain, inbound, tenant, topology } from "../support/topology";
import { referenceSimulate } from "./reference-model";

// A small universe of names so that tenants, connectors and messages collide often.
const DOMAINS = ["x.com", "a.x.com", "b.a.x.com", "y.com", "a.y.com", "x.org", "t0.onmicrosoft.com"];
const CERTIFICATE_NAMES = [...DOMAINS, "*.x.com", "*.a.x.com", "*.y.com", "mail.x.com", "mail.a.x.com", "*.x.org"];
const RANGES = ["10.0.0.0/30", "10.0.0.2/31", "10.0.0.0/24", "10.0.1.0/24", "10.0.0.3/32", "10.0.0.0/16"];
const SOURCE_IPS = ["10.0.0.0", "10.0.0.2", "10.0.0.3", "10.0.0.200", "10.0.1.9", "10.0.2.1", "10.1.0.0", "2001:db8::1"];

const domainArb: fc.Arbitrary<AcceptedDomainModel> = fc.record({
  domainName: fc.constantFrom(...DOMAINS),
  domainType: fc.constantFrom("Authoritative" as const, "InternalRelay" as const),
  matchSubDomains: fc.boolean(),
}).map((d) => acceptedDomain(d));

const SENDER_DOMAINS = ["*", "smtp:*;1", "x.com", "*.x.com", "SMTP:a.y.com;5", "x.org"];

const connectorArb = fc.record({
  connectorType: fc.constantFrom("OnPremises" as const, "OnPremises" as const, "Partner" as const),
  enabled: fc.constantFrom(true, true, false),
  tlsSenderCertificateName: fc.option(fc.constantFrom(...CERTIFICATE_NAMES), { nil: undefined }),
  senderIpAddresses: fc.subarray(RANGES, { maxLength: 2 }),
  senderDomains: fc.subarray(SENDER_DOMAINS, { minLength: 1, maxLength: 2 }),
  associatedAcceptedDomains: fc.oneof(fc.constant([]), fc.constant([]), fc.subarray(DOMAINS, { minLength: 1, maxLength: 2 })),
  cloudServicesMailEnabled: fc.boolean(),
  restrictDomainsToIpAddresses: fc.boolean(),
  restrictDomainsToCertificate: fc.boolean(),
});

const topologyArb: fc.Arbitrary<Topology> = fc.array(
  fc.record({ domains: fc.array(domainArb, { maxLength: 3 }), connectors: fc.array(connectorArb, { maxLength: 3 }), rejectDirectSend: fc.boolean() }),
  { minLength: 1, maxLength: 4 },
).map((specs) => topology({
  tenants: specs.map((spec, i): TenantModel => tenant(`t${i}`, {
    acceptedDomains: spec.domains,
    rejectDirectSend: spec.rejectDirectSend,
    inboundConnectors: spec.connectors.map((c, j): InboundConnectorModel => {
      const { tlsSenderCertificateName, ...rest } = c;
      return inbound({ name: `c${j}`, path: `t${i}/c${j}`, ...rest, ...(tlsSenderCertificateName ? { tlsSenderCertificateName } : {}) });
    }),
  })),
}));

const address = fc.tuple(fc.constantFrom("u", "User"), fc.constantFrom(...DOMAINS, "example.net", "T1.ONMICROSOFT.COM")).map(([l, d]) => `${l}@${d}`);
const messageArb: fc.Arbitrary<SimulatedMessage> = fc.record({
  sourceIp: fc.option(fc.constantFrom(...SOURCE_IPS), { nil: undefined }),
  certificateNames: fc.option(fc.subarray(CERTIFICATE_NAMES.map((n) => (n === "mail.x.com" ? "MAIL.X.COM" : n)), { maxLength: 3 }), { nil: undefined }),
  mailFrom: fc.oneof(fc.constantFrom("", "<>"), address, address.map((a) => `<${a}>`)),
  rcptTo: fc.array(address, { minLength: 1, maxLength: 3 }),
}, { requiredKeys: ["mailFrom", "rcptTo"] });

test("the indexed simulator agrees with the reference model on random topologies and messages", () => {
  fc.assert(
    fc.property(topologyArb, fc.array(messageArb, { minLength: 1, maxLength: 8 }), (t, messages) => {
      const simulator = new MailFlowSimulator(t);
      for (const m of messages) {
        for (const explain of [true, false]) {
          const { steps, recipients, ...verdict } = simulator.simulate(m, { explain });
          const expected = referenceSimulate(t, m);
          expect({ ...verdict, recipients: recipients.map(({ reason: _, ...r }) => r) }).toEqual(expected);
          if (explain) expect(steps.length).toBeGreaterThan(0);
        }
      }
    }),
    { numRuns: 1500 },
  );
});

test("a message's per-recipient outcomes do not depend on the order of its recipients (domain.md section 3)", () => {
  fc.assert(
    fc.property(topologyArb, messageArb, fc.infiniteStream(fc.nat()), (t, m, randoms) => {
      const simulator = new MailFlowSimulator(t);
      const shuffled = [...m.rcptTo.keys()];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = randoms.next().value % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      const strip = ({ reason: _, ...r }: { reason: string }) => r;
      const original = simulator.simulate(m, { explain: false }).recipients.map(strip);
      const reordered = simulator.simulate({ ...m, rcptTo: shuffled.map((i) => m.rcptTo[i]) }, { explain: false }).recipients.map(strip);
      expect(shuffled.map((i) => original[i])).toEqual(reordered);
    }),
    { numRuns: 1500 },
  );
});

test("CertificateNameIndex finds exactly the entries certificateNameMatches accepts", () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.constantFrom(...CERTIFICATE_NAMES, "*.b.a.x.com", "x.a.y.com")), fc.subarray([...CERTIFICATE_NAMES, "c.b.a.x.com", "*.b.a.x.com", "com"]), (connectorNames, presented) => {
      const index = new CertificateNameIndex(connectorNames.map((name) => ({ name, item: name })));
      const none: string[] = [];
      const expected = connectorNames.filter((c) => presented.some((p) => certificateNameMatches(c, p)));
      const found = index.match(presented, none);
      expect(found).toEqual(expected);
      if (expected.length === 0) expect(found).toBe(none);
    }),
    { numRuns: 2000 },
  );
});

test("SenderIpIndex returns the first entry whose range contains the address", () => {
  const rangeArb = fc.tuple(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 26, max: 32 }))
    .map(([host, prefix]) => ipv4Range(`${host < 32 ? "0.0.0" : "255.255.255"}.${host < 32 ? host * 4 : 255 - (host - 32) * 4}/${prefix}`));
  fc.assert(
    fc.property(fc.array(rangeArb, { maxLength: 12 }), fc.array(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0xffffff00, max: 0xffffffff })), { maxLength: 30 }), (ranges, addresses) => {
      const index = new SenderIpIndex(ranges.map((range, item) => ({ range, item })));
      for (const address of [...addresses, 0, 0xffffffff]) {
        const expected = ranges.findIndex((r) => r.start <= address && address <= r.end);
        expect(index.find(address)).toBe(expected < 0 ? undefined : expected);
      }
    }),
    { numRuns: 2000 },
  );
});

test("SenderIpIndex handles the whole address space and an empty index", () => {
  expect(new SenderIpIndex([]).find(0)).toBeUndefined();
  const all = new SenderIpIndex([{ range: ipv4Range("0.0.0.0/0"), item: "all" }, { range: ipv4Range("10.0.0.0/8"), item: "ten" }]);
  expect([all.find(0), all.find(0xffffffff), all.find(ipv4ToInt("10.1.2.3"))]).toEqual(["all", "all", "all"]);
  const nested = new SenderIpIndex([{ range: ipv4Range("10.0.0.0/8"), item: "ten" }, { range: ipv4Range("0.0.0.0/0"), item: "all" }]);
  expect([nested.find(ipv4ToInt("10.1.2.3")), nested.find(ipv4ToInt("11.0.0.0")), nested.find(ipv4ToInt("9.255.255.255"))]).toEqual(["ten", "all", "all"]);
});

test("envelopeDomain agrees with addressDomain", () => {
  const part = fc.string({ unit: fc.constantFrom("a", "B", "@", ".", "<", ">", " ", "\t", "é", "\u00a0") , maxLength: 10 });
  fc.assert(fc.property(part, (text) => expect(envelopeDomain(text)).toBe(addressDomain(text))), { numRuns: 5000 });
  for (const text of ["", "<>", "user@Contoso.COM", "<user@contoso.com>", " user@contoso.com ", "user@", "contoso.com", "a@b@c.com"]) {
    expect(envelopeDomain(text)).toBe(addressDomain(text));
  }
});

test("parseIpv4Address accepts exactly what ipaddr.js's four-part check accepts", () => {
  const text = fc.string({ unit: fc.constantFrom("0", "1", "2", "5", "9", ".", ":", "a"), maxLength: 16 });
  const dotted = fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300)).map((p) => p.join("."));
  fc.assert(
    fc.property(fc.oneof(text, dotted), (s) => {
      const expected = isIpv4Address(s) ? ipv4ToInt(s) : -1;
      expect(parseIpv4Address(s)).toBe(expected);
    }),
    { numRuns: 5000 },
  );
  expect(parseIpv4Address("255.255.255.255")).toBe(0xffffffff);
  expect(parseIpv4Address("01.2.3.4")).toBe(-1);
});
