/**
 * Throughput of MailFlowSimulator: 1,000,000 mixed messages against a synthetic topology of 1,000 tenants
 * (3 accepted domains each, one certificate connector, one IP connector with four ranges).
 * Run with `npx ts-node bench/simulate-bench.ts`; prints one JSON line: messages per second with explanations
 * (the default) and without (`explain: false`), each the median of three rounds of 1,000,000, and every round.
 */
import { intToIpv4, ipv4ToInt } from "../lib/model/ip";
import type { Topology } from "../lib/model/topology";
import { MailFlowSimulator, type SimulatedMessage, type SimulateOptions } from "../lib/simulate";
import { acceptedDomain, certificateConnector, internalRelayDomain, ipConnector, tenant, topology } from "../test/support/topology";

const TENANTS = 1_000;
const MESSAGES = 1_000_000;
const DISTINCT_MESSAGES = 10_000;
const WARM_UP = 200_000;
const ROUNDS = 3;

/** Tenant i sends from 1,024 addresses at 20.0.0.0 + 1024·i; its IP connector lists four ranges inside them. */
const blockOf = (i: number): number => ipv4ToInt("20.0.0.0") + i * 1024;

function syntheticTopology(): Topology {
  const tenants = [];
  for (let i = 0; i < TENANTS; i++) {
    const name = `tenant${i}`;
    // Every tenth tenant has an InternalRelay domain with MatchSubDomains, so lookups also walk parents.
    const third = i % 10 === 0 ? internalRelayDomain(`corp${i}.org`) : acceptedDomain({ domainName: `eu.${name}.com` });
    const base = blockOf(i);
    tenants.push(tenant(name, {
      acceptedDomains: [acceptedDomain({ domainName: `${name}.com` }), acceptedDomain({ domainName: `${name}-mail.net` }), third],
      inboundConnectors: [
        certificateConnector("cert", i % 2 === 0 ? `mail.${name}.com` : `*.${name}.com`, { path: `${name}/cert` }),
        ipConnector("ip", [0, 64, 128, 512].map((offset, k) => `${intToIpv4(base + offset)}/${[28, 28, 27, 26][k]}`), { path: `${name}/ip` }),
      ],
    }));
  }
  return topology({ tenants });
}

/** A small deterministic PRNG (mulberry32), so every run classifies the same messages. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixed kinds: certificate and IP senders, NDRs, forwarding, inbound internet mail, relay attempts, several recipients. */
function syntheticMessages(): SimulatedMessage[] {
  const next = random(42);
  const pick = (n: number) => Math.floor(next() * n);
  const messages: SimulatedMessage[] = [];
  for (let m = 0; m < DISTINCT_MESSAGES; m++) {
    const i = pick(TENANTS);
    const own = `user${m}@tenant${i}.com`;
    const outside = `someone${m}@example${pick(50)}.net`;
    const certificateNames = [i % 2 === 0 ? `mail.tenant${i}.com` : `smtp${pick(3)}.tenant${i}.com`];
    const sourceIp = intToIpv4(blockOf(i) + pick(16));
    const unknownIp = intToIpv4(ipv4ToInt("198.51.100.0") + pick(256));
    switch (m % 9) {
      case 0: messages.push({ certificateNames, sourceIp, mailFrom: own, rcptTo: [outside] }); break;
      case 1: messages.push({ certificateNames, sourceIp, mailFrom: "", rcptTo: [outside] }); break;
      case 2: messages.push({ sourceIp, mailFrom: own, rcptTo: [outside] }); break;
      case 3: messages.push({ sourceIp, mailFrom: "<>", rcptTo: [outside] }); break;
      case 4: messages.push({ sourceIp, mailFrom: `sender@fabrikam${pick(9)}.example`, rcptTo: [`x@tenant${i}-mail.net`, outside] }); break;
      case 5: messages.push({ sourceIp: unknownIp, mailFrom: `news@example${pick(50)}.org`, rcptTo: [`User${m}@Tenant${i}.com`] }); break;
      case 6: messages.push({ sourceIp: unknownIp, mailFrom: `spam@example${pick(50)}.org`, rcptTo: [outside] }); break;
      case 7: messages.push({ sourceIp, mailFrom: `app@host.dept.corp${i - (i % 10)}.org`, rcptTo: [outside] }); break;
      default: messages.push({ certificateNames, sourceIp, mailFrom: own, rcptTo: [`a@eu.tenant${i}.com`, `b@tenant${i}.com`, outside] });
    }
  }
  return messages;
}

/** Classifies `count` messages, cycling through `messages`; returns seconds and a checksum that keeps the work observable. */
function run(simulator: MailFlowSimulator, messages: SimulatedMessage[], count: number, options: SimulateOptions): { seconds: number; checksum: number } {
  let checksum = 0;
  const started = process.hrtime.bigint();
  for (let n = 0, k = 0; n < count; n++, k = k + 1 === messages.length ? 0 : k + 1) {
    const result = simulator.simulate(messages[k], options);
    checksum += result.recipients.length + result.steps.length + (result.recipients[0].outcome === "relayed" ? 1 : 0);
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, checksum };
}

/** Median of a few numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const buildStarted = process.hrtime.bigint();
  const simulator = new MailFlowSimulator(syntheticTopology());
  const buildSeconds = Number(process.hrtime.bigint() - buildStarted) / 1e9;
  const messages = syntheticMessages();
  const explained: SimulateOptions = { explain: true };
  const unexplained: SimulateOptions = { explain: false };
  run(simulator, messages, WARM_UP, explained);
  run(simulator, messages, WARM_UP, unexplained);
  // Several rounds of 1,000,000 each, alternating modes, so a burst of load on a shared machine shows as spread, not as the figure.
  const withSteps: number[] = [];
  const withoutSteps: number[] = [];
  let checksum = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const a = run(simulator, messages, MESSAGES, explained);
    const b = run(simulator, messages, MESSAGES, unexplained);
    withSteps.push(Math.round(MESSAGES / a.seconds));
    withoutSteps.push(Math.round(MESSAGES / b.seconds));
    checksum += a.checksum + b.checksum;
  }
  console.log(JSON.stringify({
    benchmark: "simulate",
    tenants: TENANTS,
    messages: MESSAGES,
    distinctMessages: DISTINCT_MESSAGES,
    rounds: ROUNDS,
    buildMilliseconds: Math.round(buildSeconds * 1000),
    messagesPerSecond: median(withSteps),
    messagesPerSecondWithoutExplain: median(withoutSteps),
    roundsMessagesPerSecond: withSteps,
    roundsMessagesPerSecondWithoutExplain: withoutSteps,
    checksum,
  }));
}

main();
