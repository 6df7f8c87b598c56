/**
 * `npm run bench:deployment`: what one `terraform apply` costs in Exchange sessions and wall time, with the per-object and
 * the per-script deployment, under the real terraform and real pwsh against the fake Exchange (test/support/fake-exchange).
 * For BENCH_TENANTS tenants (default 100; each with two accepted domains, an inbound and an outbound connector, tenant 0
 * also a spoof pair and RejectDirectSend, and one on-premises organization sending for tenant 0): the first apply, a
 * second apply with nothing changed, one setting changed in one tenant, one connector deleted. BENCH_DEPLOYMENTS chooses
 * the deployments (default `per-object,per-script`). Prints one JSON line per step, then a markdown table.
 *
 * The fake Exchange answers at once: a real Connect-ExchangeOnline with its module load takes seconds, so real wall
 * times are longer, by about that much per session.
 */
import * as os from "os";
import type { Deployment } from "../lib";
import { DeploymentWorkspace, type EstateVariant } from "../test/support/deployment-harness";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 100);
const DEPLOYMENTS = (process.env.BENCH_DEPLOYMENTS ?? "per-object,per-script").split(",").map((d) => d.trim()) as Deployment[];

interface Step {
  readonly deployment: Deployment;
  readonly step: string;
  readonly sessions: number;
  readonly wallSeconds: number;
}

function measure(work: DeploymentWorkspace, deployment: Deployment, step: string, variant: EstateVariant, stackDir: string): Step {
  work.fake.clearLogs();
  work.synthesize(variant);
  const started = process.hrtime.bigint();
  work.terraform(stackDir, "apply", "-auto-approve");
  const wallSeconds = Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100;
  const result = { deployment, step, sessions: work.sessionsOpened().total, wallSeconds };
  process.stdout.write(`${JSON.stringify({ bench: "deployment", tenants: TENANTS, ...result, loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10) })}\n`);
  return result;
}

function main(): void {
  if (!Number.isInteger(TENANTS) || TENANTS < 3) throw new Error(`BENCH_TENANTS must be a whole number of at least 3, got ${process.env.BENCH_TENANTS}`);
  for (const d of DEPLOYMENTS) if (d !== "per-object" && d !== "per-script") throw new Error(`BENCH_DEPLOYMENTS: "${d}" is neither per-object nor per-script`);
  const steps: Step[] = [];
  for (const deployment of DEPLOYMENTS) {
    const work = new DeploymentWorkspace();
    try {
      work.seed(TENANTS);
      const base: EstateVariant = { tenants: TENANTS, deployment };
      const stackDir = work.synthesize(base);
      work.terraform(stackDir, "init");
      steps.push(measure(work, deployment, "first apply", base, stackDir));
      steps.push(measure(work, deployment, "nothing changed", base, stackDir));
      const changed: EstateVariant = { ...base, comment: (i) => (i === 1 ? "Changed comment" : `Hybrid mail of tenant ${i}`) };
      steps.push(measure(work, deployment, "one setting changed in one tenant", changed, stackDir));
      steps.push(measure(work, deployment, "one connector deleted", { ...changed, withoutOutbound: [2] }, stackDir));
    } finally {
      work.dispose();
    }
  }
  const names = [...new Set(steps.map((s) => s.step))];
  const cell = (deployment: Deployment, step: string) => {
    const s = steps.find((x) => x.deployment === deployment && x.step === step);
    return s === undefined ? "" : `${s.sessions} session${s.sessions === 1 ? "" : "s"}, ${s.wallSeconds} s`;
  };
  process.stdout.write(`\n| ${TENANTS} tenants | ${DEPLOYMENTS.join(" | ")} |\n|---|${DEPLOYMENTS.map(() => "---").join("|")}|\n`);
  for (const step of names) process.stdout.write(`| ${step} | ${DEPLOYMENTS.map((d) => cell(d, step)).join(" | ")} |\n`);
}

main();
