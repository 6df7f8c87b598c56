import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeExports } from "../../bench/write-exports";
import { acceptedDomain, inbound, tenant, topology } from "../support/topology";
import { cli } from "./cli-harness";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailflow-audit-index-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("audit --out writes a large estate's plan as an index with its detail files under plan/", async () => {
  const estate = path.join(dir, "estate");
  const out = path.join(dir, "audit-plan");
  const tenants = Array.from({ length: 30 }, (_, i) => tenant(`t${i}`, {
    path: `live/t${i}`, stack: "live",
    acceptedDomains: [acceptedDomain({ domainName: `t${i}.example.com`, path: `live/t${i}/t${i}.example.com` })],
    inboundConnectors: [inbound({ name: "From on-premises", path: `live/t${i}/From on-premises`, tlsSenderCertificateName: `t${i}.example.com` })],
  }));
  writeExports(topology({ tenants }), estate);
  const run = await cli(["audit", estate, "--out", out, "--date", "2026-11-22"]);
  expect(run.stderr).toBe("");
  const files = fs.readdirSync(path.join(out, "plan")).sort();
  expect(files).toHaveLength(30 + 1);
  expect(files).toContain("tenant-t29.md");
  expect(fs.readFileSync(path.join(out, "plan.md"), "utf8")).toContain("[`t29.onmicrosoft.com`](plan/tenant-t29.md)");
});
