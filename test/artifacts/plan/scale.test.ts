import { buildPlan, renderPlanJson, renderPlanMarkdown } from "../../../lib/artifacts";
import type { Topology } from "../../../lib/model/topology";
import { acceptedDomain, certificate, certificateConnector, ipConnector, organization, sendConnector, tenant, topology } from "../../support/topology";

/** `n` tenants in each of `stacks` stacks, each with a certificate and an IP connector, and one organization per stack sending to every tenant. */
function largeTopology(n: number, stacks = 1): Topology {
  const tenants = [];
  const certificates = [];
  const organizations = [];
  for (let s = 0; s < stacks; s++) {
    const sendConnectors = [];
    for (let i = 0; i < n; i++) {
      const name = `t${s}x${i}`;
      const path = `s${s}/T${i}`;
      tenants.push(tenant(name, {
        path, stack: `s${s}`,
        acceptedDomains: [acceptedDomain({ domainName: `${name}.example.com`, path: `${path}/d` })],
        inboundConnectors: [
          certificateConnector("cert", `mail.${name}.example.com`, { path: `${path}/Cert` }),
          ipConnector("ip", [`10.${s}.${Math.floor(i / 250)}.${i % 250}/32`], { path: `${path}/Ip` }),
        ],
      }));
      certificates.push(certificate(`s${s}/C${i}`, [`mail.${name}.example.com`]));
      sendConnectors.push(sendConnector({ name: `to ${name}`, path: `s${s}/Org/To${i}`, tenantPath: path, certificatePath: `s${s}/C${i}`, smartHosts: [`${name}.mail.protection.outlook.com`] }));
    }
    organizations.push(organization(`s${s}/Org`, { stack: `s${s}`, egressIpAddresses: [`10.${s}.0.0/16`], sendConnectors }));
  }
  const byPath = <T extends { path: string }>(items: T[]) => items.sort((a, b) => (a.path < b.path ? -1 : 1));
  return topology({ tenants: byPath(tenants), certificates: byPath(certificates), organizations: byPath(organizations) });
}

/** The fastest of three builds of the first stack's plan, in milliseconds. */
function buildTime(world: Topology): number {
  const times = [0, 1, 2].map(() => {
    const started = process.hrtime.bigint();
    buildPlan(world, "s0", { findings: [] });
    return Number(process.hrtime.bigint() - started) / 1e6;
  });
  return Math.min(...times);
}

test("building a plan grows about linearly with the tenants (indexes, not pairwise comparisons)", () => {
  const small = buildTime(largeTopology(500, 3));
  const large = buildTime(largeTopology(2000, 3));
  // Linear is about 4x; the pairwise version this replaced was about 16x.
  expect(large / small).toBeLessThan(9);
});

test("a stack of 3,000 tenants gets its plan in seconds", () => {
  const world = largeTopology(3000);
  const started = Date.now();
  const plan = buildPlan(world, "s0", { findings: [] });
  expect(renderPlanMarkdown(plan).length).toBeGreaterThan(0);
  expect(renderPlanJson(plan).length).toBeGreaterThan(0);
  expect(plan.standardFlows).toHaveLength(3000);
  expect(Date.now() - started).toBeLessThan(30_000);
});
