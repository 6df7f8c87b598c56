import { intToIpv4 } from "../../lib/model/ip";
import type { TenantModel } from "../../lib/model/topology";
import { runRules } from "../../lib/rules";
import { certificate, inbound, tenant, topology } from "../support/topology";

const TENANTS = 5_000;
/** The i-th /24 from 23.0.0.0 upwards: public, not Microsoft's, all distinct. */
const slash24 = (i: number) => `${intToIpv4(((23 << 24) >>> 0) + i * 256)}/24`;

function tenantNumber(i: number, extra: Partial<TenantModel> = {}): TenantModel {
  return tenant(`t${i}`, {
    // The certificate's host name accepted too: the safest form (domain.md section 4), so no certificate-host-name-not-accepted.
    domains: [`t${i}.example.com`, `mail.t${i}.example.com`],
    inboundConnectors: [inbound({
      name: "onprem", path: `t${i}/onprem`, senderIpAddresses: [slash24(i)], tlsSenderCertificateName: `mail.t${i}.example.com`,
    })],
    ...extra,
  });
}

describe("scale: the cross-tenant rules stay near-linear (sort/sweep and maps, not every pair)", () => {
  const tenants = Array.from({ length: TENANTS }, (_, i) => tenantNumber(i));
  const certificates = Array.from({ length: TENANTS }, (_, i) => certificate(`org/cert${i}`, [`mail.t${i}.example.com`]));

  test(`${TENANTS} tenants with distinct /24s and certificates: no findings`, () => {
    expect(runRules(topology({ tenants, certificates }), { now: "2026-01-01" })).toEqual([]);
  });

  test("one /32 inside tenant 1234's /24 and one certificate name reused are found among them", () => {
    const intruder = tenant("intruder", {
      domains: ["t1234.example.com"],
      inboundConnectors: [inbound({ name: "onprem", path: "intruder/onprem", senderIpAddresses: ["23.4.210.77"], tlsSenderCertificateName: "mail.t4321.example.com" })],
    });
    expect(slash24(1234)).toBe("23.4.210.0/24");
    const findings = runRules(topology({ tenants: [...tenants, intruder], certificates }), { now: "2026-01-01" });
    expect(findings.map((f) => `${f.path} ${f.ruleId}`)).toEqual([
      "intruder/onprem certificate-domain-not-accepted",
      "intruder/onprem certificate-shared-across-tenants",
      "intruder/onprem sender-ip-shared-across-tenants",
      "intruder/t1234.example.com accepted-domain-in-multiple-tenants",
      "org/cert4321 certificate-shared-across-tenants",
      // t1234's mail.t1234.example.com now lies under a domain the intruder accepts as well.
      "t1234/mail.t1234.example.com subdomain-in-another-tenant",
      "t1234/onprem sender-ip-shared-across-tenants",
      "t1234/t1234.example.com accepted-domain-in-multiple-tenants",
      "t4321/onprem certificate-shared-across-tenants",
    ]);
  });
});
