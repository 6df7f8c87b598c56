import { buildPlan, renderPlanJson, renderPlanMarkdown, stackTopology, topologyFromPlan, planSchema } from "../../../lib/artifacts";
import type { Topology } from "../../../lib/model/topology";
import { NDR_RELAY_DENIED } from "../../../lib/simulate";
import { MAIN, PARTNER, SUPPRESSION_REASON, fixtureFindings, twoStackTopology } from "./fixtures";

const world = twoStackTopology();
const findings = fixtureFindings(world);
const plan = buildPlan(world, MAIN, { findings });
const markdown = renderPlanMarkdown(plan);

describe("what goes into a stack's plan", () => {
  test("the stack's tenants, and tenants of other stacks it relates to, marked", () => {
    expect(plan.tenants.map((t) => [t.initialDomain, t.fromOtherStack])).toEqual([
      ["adatum.onmicrosoft.com", false],
      ["litware.onmicrosoft.com", false],
      // Its connector's range overlaps adatum's; the unrelated tenant of the same stack stays out.
      ["fabrikam.onmicrosoft.com", true],
    ]);
    expect(markdown).toContain("Declared in another stack, `partner`, at `partner/Fabrikam`.");
    expect(markdown).toContain("| `fabrikam.onmicrosoft.com` (other stack) | Partner relay (`partner/Fabrikam/Relay`) |");
  });

  test("an organization of another stack appears with only its send connectors to this stack's tenants", () => {
    const partner = plan.organizations.find((o) => o.path === "partner/PartnerExchange")!;
    expect(partner.fromOtherStack).toBe(true);
    expect(partner.sendConnectors.map((s) => s.path)).toEqual(["partner/PartnerExchange/ToLitware"]);
    expect(plan.certificates.map((c) => [c.path, c.fromOtherStack])).toEqual([
      ["main/AdatumCertificate", false],
      ["main/LitwareCertificate", false],
      ["partner/PartnerCertificate", true],
    ]);
  });

  test("the other stack's plan shows this stack's tenant that its organization targets", () => {
    const other = buildPlan(world, PARTNER, { findings });
    expect(other.tenants.map((t) => [t.initialDomain, t.fromOtherStack])).toEqual([
      ["adatum.onmicrosoft.com", true],
      ["litware.onmicrosoft.com", true],
      ["fabrikam.onmicrosoft.com", false],
      ["unrelated.onmicrosoft.com", false],
    ]);
    expect(other.organizations.map((o) => o.path)).toEqual(["partner/PartnerExchange"]);
    expect(other.expectations.map((e) => e.path)).toEqual(["partner/Elsewhere"]);
    expect(other.suppressions).toEqual([]);
  });

  test("only findings whose path lies in the stack, in the rules' order", () => {
    expect(plan.findings.length).toBeGreaterThan(0);
    expect(plan.findings.every((f) => f.path.startsWith("main/"))).toBe(true);
    expect(findings.some((f) => f.path.startsWith("partner/"))).toBe(true);
    expect(buildPlan(world, MAIN, { findings: [...findings].reverse() })).toEqual(plan);
  });

  test("the summary counts the stack's own objects and findings", () => {
    expect(plan.summary).toEqual({
      tenants: 2, organizations: 1, sendConnectors: 2, errors: 5, warnings: 2, suppressed: 1, expectations: 2, expectationsFailed: 1,
    });
    expect(markdown).toContain("**At a glance:** 2 tenants, 1 on-premises organization with 2 send connectors; **5 errors** (synthesis fails until each is fixed or suppressed), 2 warnings and 1 suppressed finding; 2 mail-flow expectations, **1 not met**.");
  });
});

describe("findings and expectations", () => {
  test("a suppressed finding appears with its reason and expiry", () => {
    const suppressed = plan.findings.filter((f) => f.suppressed);
    expect(suppressed).toEqual([
      expect.objectContaining({ ruleId: "ip-based-connector", path: "main/Adatum/ByIp", suppressionReason: SUPPRESSION_REASON, suppressionExpires: "2027-03-31" }),
    ]);
    expect(markdown).toContain("### Suppressed (1)");
    expect(markdown).toContain(`  - **Suppressed because:** ${SUPPRESSION_REASON}. Suppressed until 2027-03-31 (its last day).`);
    expect(plan.suppressions).toEqual(world.suppressions);
  });

  test("a failing expectation appears with the simulated result and what differs", () => {
    const failing = plan.expectations.find((e) => e.path === "main/NdrsToAdatumRelay")!;
    expect(failing.passed).toBe(false);
    expect(failing.mismatches).toEqual(["someone@example.net rejected instead of relayed"]);
    expect(failing.result?.recipients[0].ndr).toBe(NDR_RELAY_DENIED);
    expect(failing.connection).toEqual({ sourceIp: "198.51.100.20", certificateNames: ["mail.adatum.com"] });
    expect(markdown).toContain("| `main/NdrsToAdatumRelay` | MAIL FROM `<>` to `someone@example.net`, via `main/Hosting/ToAdatum`, from `198.51.100.20`, certificate `mail.adatum.com` | relayed | **rejected** `550 5.7.64 TenantAttribution; Relay Access Denied ATTR36`; not attributed | **NOT MET**: someone@example.net rejected instead of relayed |");
    // The rule agrees: the same expectation is the one with a mail-flow-expectation-failed finding.
    expect(plan.findings.filter((f) => f.ruleId === "mail-flow-expectation-failed").map((f) => f.path)).toEqual(["main/NdrsToAdatumRelay"]);
  });

  test("a met expectation says so", () => {
    const met = plan.expectations.find((e) => e.path === "main/NdrsToLitwareRelay")!;
    expect([met.passed, met.mismatches]).toEqual([true, []]);
    expect(markdown).toMatch(/\| `main\/NdrsToLitwareRelay` \|.*\| met \|$/m);
  });

  test("an expectation whose send connector is missing fails with that reason", () => {
    const broken = { ...world, expectations: [{ ...world.expectations[0], via: { sendConnectorPath: "main/Hosting/Gone" } }] };
    const [expectation] = buildPlan(broken, MAIN, { findings: [] }).expectations;
    expect([expectation.passed, expectation.mismatches, expectation.result]).toEqual([false, ["send connector main/Hosting/Gone is not in the topology"], undefined]);
  });
});

describe("tables", () => {
  test("IP-to-tenant: every SenderIPAddresses range of an identifying connector, in address order, with the organizations inside it", () => {
    expect(plan.ipTenants).toEqual([
      { range: "198.51.100.0/24", tenant: "adatum.onmicrosoft.com", connector: "main/Adatum/ByIp", connectorName: "By IP", organizations: ["main/Hosting"] },
      { range: "198.51.100.128/25", tenant: "fabrikam.onmicrosoft.com", connector: "partner/Fabrikam/Relay", connectorName: "Partner relay", organizations: [] },
    ]);
    expect(markdown).toContain("| `198.51.100.0/24` | `adatum.onmicrosoft.com` | By IP (`main/Adatum/ByIp`) | `main/Hosting` |");
  });

  test("certificate-to-tenant: each certificate with the connectors that trust it, then connector names no certificate carries", () => {
    expect(plan.certificateTenants).toEqual([
      { certificate: "main/AdatumCertificate", names: ["mail.adatum.com"], presentedBy: ["main/Hosting/ToAdatum"], tenants: [] },
      {
        certificate: "main/LitwareCertificate", names: ["mail.litware.com"], presentedBy: ["main/Hosting/ToLitware"],
        tenants: [{ tenant: "litware.onmicrosoft.com", connector: "main/Litware/ByCertificate", connectorName: "By certificate", tlsSenderCertificateName: "mail.litware.com", certificateDomain: "litware.com" }],
      },
      { certificate: "partner/PartnerCertificate", names: ["smtp.partner.litware.com"], presentedBy: ["partner/PartnerExchange/ToLitware"], tenants: [] },
      {
        names: ["*.hoster.example"], presentedBy: [],
        tenants: [{ tenant: "litware.onmicrosoft.com", connector: "main/Litware/FromHoster", connectorName: "From hoster", tlsSenderCertificateName: "*.hoster.example" }],
      },
    ]);
    expect(markdown).toContain("| `main/AdatumCertificate` | `mail.adatum.com` | `main/Hosting/ToAdatum` | none: no OnPremises connector matches |   |   |");
    expect(markdown).toContain("| no declared certificate | `*.hoster.example` | no send connector | `litware.onmicrosoft.com` | From hoster trusts `*.hoster.example` | **none accepted: does not count** |");
  });

  test("a certificate two tenants trust shows one row per tenant", () => {
    const shared = {
      ...world,
      tenants: world.tenants.map((t) => t.path !== "main/Adatum" ? t : {
        ...t, inboundConnectors: [...t.inboundConnectors, { ...world.tenants[1].inboundConnectors[0], path: "main/Adatum/Shared", tlsSenderCertificateName: "*.litware.com" }],
      }),
    };
    const row = buildPlan(shared, MAIN, { findings: [] }).certificateTenants.find((r) => r.certificate === "main/LitwareCertificate")!;
    expect(row.tenants.map((t) => [t.tenant, t.certificateDomain])).toEqual([["adatum.onmicrosoft.com", undefined], ["litware.onmicrosoft.com", "litware.com"]]);
  });
});

describe("standard flows", () => {
  const flowsOf = (path: string) => plan.standardFlows.find((s) => s.sendConnector === path)!;
  const outcomes = (path: string) => flowsOf(path).flows.map((f) => [f.flow, f.result.recipients[0].outcome, f.result.recipients[0].ndr]);

  test("an IP-only connector: users' mail relays, NDRs and forwarded mail are rejected 5.7.64", () => {
    expect(outcomes("main/Hosting/ToAdatum")).toEqual([
      ["users-mail", "relayed", undefined],
      ["ndr", "rejected", NDR_RELAY_DENIED],
      ["forwarding", "rejected", NDR_RELAY_DENIED],
      ["foreign-sender", "rejected", NDR_RELAY_DENIED],
      ["to-own-domain", "delivered", undefined],
    ]);
    expect(markdown).toContain("| Non-delivery report (NDR) | `<>` | `someone@example.net` | **rejected** | `550 5.7.64 TenantAttribution; Relay Access Denied ATTR36` | not attributed |");
  });

  test("a certificate connector whose domain is accepted: every flow relays", () => {
    expect(outcomes("main/Hosting/ToLitware")).toEqual([
      ["users-mail", "relayed", undefined],
      ["ndr", "relayed", undefined],
      ["forwarding", "relayed", undefined],
      ["foreign-sender", "relayed", undefined],
      ["to-own-domain", "delivered", undefined],
    ]);
    expect(flowsOf("main/Hosting/ToLitware").flows.every((f) => f.result.attributedBy === "certificate")).toBe(true);
  });

  test("flows the organization does not declare are marked", () => {
    expect(flowsOf("main/Hosting/ToAdatum").flows.map((f) => [f.flow, f.declared])).toEqual([
      ["users-mail", true], ["ndr", true], ["forwarding", true], ["foreign-sender", false], ["to-own-domain", true],
    ]);
    expect(markdown).toContain("| Sent on behalf of another domain (not declared) |");
  });

  test("every send connector of the slice, in path order, with its connection", () => {
    expect(plan.standardFlows.map((s) => [s.sendConnector, s.tenant, s.connection])).toEqual([
      ["main/Hosting/ToAdatum", "adatum.onmicrosoft.com", { sourceIp: "198.51.100.20", certificateNames: ["mail.adatum.com"] }],
      ["main/Hosting/ToLitware", "litware.onmicrosoft.com", { sourceIp: "198.51.100.20", certificateNames: ["mail.litware.com"] }],
      ["partner/PartnerExchange/ToLitware", "litware.onmicrosoft.com", { sourceIp: "192.0.2.10", certificateNames: ["smtp.partner.litware.com"] }],
    ]);
  });
});

describe("topologyFromPlan", () => {
  test.each([MAIN, PARTNER])("buildPlan → plan.json → topologyFromPlan gives back the stack's topology (%s)", (stack) => {
    const json = renderPlanJson(buildPlan(world, stack, { findings }));
    expect(topologyFromPlan(planSchema.parse(JSON.parse(json)))).toEqual(stackTopology(world, stack));
  });

  test("a plan whose model data is malformed is refused with the path of the bad value", () => {
    const broken = { ...plan, tenants: [{ ...plan.tenants[0], acceptedDomains: "adatum.com" }] } as never;
    expect(() => topologyFromPlan(broken)).toThrow(/acceptedDomains/);
  });
});

test("deterministic: the same input gives the same plan, whatever the findings' order", () => {
  expect(renderPlanJson(buildPlan(twoStackTopology(), MAIN, { findings: fixtureFindings() }))).toBe(renderPlanJson(plan));
  expect(renderPlanMarkdown(buildPlan(twoStackTopology(), MAIN, { findings: [...findings].reverse() }))).toBe(markdown);
});

test("plan.md of the fixture (errors, warnings, suppressed, another stack) matches its snapshot", () => {
  expect(markdown).toMatchSnapshot();
});

describe("objects of other stacks related by certificate name or accepted domain", () => {
  const base = twoStackTopology();
  const withPartnerConnector = (name: string, domains: string[] = ["unrelated.example"]) => ({
    ...base,
    tenants: base.tenants.map((t) => t.path !== "partner/Unrelated" ? t : {
      ...t,
      acceptedDomains: domains.map((d) => ({ ...t.acceptedDomains[0], domainName: d, path: `partner/Unrelated/${d}` })),
      inboundConnectors: [{ ...base.tenants[1].inboundConnectors[0], path: "partner/Unrelated/Cert", tlsSenderCertificateName: name }],
    }),
  });
  const related = (world: Topology) => buildPlan(world, MAIN, { findings: [] }).tenants.some((t) => t.initialDomain === "unrelated.onmicrosoft.com");

  test("its connector trusts a name under one of ours (a wildcard over our certificate)", () => {
    expect(related(withPartnerConnector("*.litware.com"))).toBe(true);
  });

  test("our wildcard connector would trust its connector's certificate", () => {
    expect(related(withPartnerConnector("smtp.hoster.example"))).toBe(true);
  });

  test("it accepts one of our domains", () => {
    expect(related(withPartnerConnector("mail.unrelated.example", ["adatum.com"]))).toBe(true);
  });

  test("no relation: left out", () => {
    expect(related(withPartnerConnector("mail.unrelated.example"))).toBe(false);
  });
});
