/**
 * What `simulate` runs against: a plan.json that synthesis wrote, or a live estate's exports read as `audit` reads them
 * (lib/live readLiveEstate, through live-input.ts). Either gives the same Topology model, so today's estate can be
 * compared with the plan of a change.
 */
import * as fs from "fs";
import { parseIpv4Range } from "../model/ip";
import type { Topology } from "../model/topology";
import { readEstate } from "./live-input";
import { readPlanFile } from "./plan-file";
import type { CliIo } from "./terminal";
import { UsageError } from "./usage-error";

/** A topology to simulate against, and how reports name it. */
export interface TopologyInput {
  /** The plan's path, or `live export <paths>`. */
  readonly label: string;
  /** The tenants and organizations read, in the model's normal form. */
  readonly topology: Topology;
  /** True when it was read from a live estate's exports (which never carry the organizations' egress addresses). */
  readonly live: boolean;
  /** Paths of the organizations that declare no egress address (before `--egress` applies). */
  readonly withoutEgress: readonly string[];
}

/**
 * True when `file` is meant as a plan.json: a file that is not an `Export-Clixml` file and whose JSON is an object with a
 * `schemaVersion` (what synthesis writes), or that cannot be read or parsed as JSON at all (so the plan reader says why).
 * `ConvertTo-Json` output and ScubaGear's export have no `schemaVersion`.
 */
function isPlanFile(file: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return true; // the plan reader reports that it cannot be read
  }
  if (stat.isDirectory() || /\.(xml|clixml)$/i.test(file)) return false;
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch {
    return true;
  }
  return data !== null && typeof data === "object" && !Array.isArray(data) && "schemaVersion" in data;
}

/**
 * The topology at `paths`: one plan.json, or the export files and folders of a live estate (problems reading them go to
 * stderr, one line each, and the rest is used).
 * @param option the option that named the paths (`--plan`, `--compare`), for messages
 * @throws UsageError when a plan.json is not valid, or nothing could be read from the exports
 */
export function readTopologyInput(paths: readonly string[], io: CliIo, option: string): TopologyInput {
  if (paths.length === 1 && isPlanFile(paths[0])) {
    const { topology } = readPlanFile(paths[0]);
    return { label: paths[0], topology, live: false, withoutEgress: withoutEgress(topology) };
  }
  let topology: Topology;
  try {
    topology = readEstate(paths, io, "simulate").topology;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(`${option} ${paths.join(" ")}: neither a plan.json that cdktf synth wrote nor exports that audit reads: ${error.message}`, "simulate");
  }
  return { label: `live export ${paths.join(", ")}`, topology, live: true, withoutEgress: withoutEgress(topology) };
}

function withoutEgress(topology: Topology): string[] {
  return topology.organizations.filter((o) => o.egressIpAddresses.length === 0).map((o) => o.path);
}

/**
 * `--egress` values checked and normalized (`a.b.c.d/nn`).
 * @throws UsageError naming the value and what is expected
 */
export function egressOption(values: readonly string[]): string[] {
  return values.map((value) => {
    const parsed = parseIpv4Range(value);
    if (!parsed.ok) throw new UsageError(`--egress ${JSON.stringify(value)}: ${parsed.reason}`, "simulate");
    return parsed.range.cidr;
  });
}

/**
 * The topology with `egress` as the egress addresses of every organization that declares none (a live export never
 * carries them: the address Exchange Online sees is the organization's public one, domain.md section 7); the topology
 * itself when `egress` is empty or every organization declares its own.
 */
export function withEgress(topology: Topology, egress: readonly string[]): Topology {
  if (egress.length === 0 || topology.organizations.every((o) => o.egressIpAddresses.length > 0)) return topology;
  return {
    ...topology,
    organizations: topology.organizations.map((o) => (o.egressIpAddresses.length > 0 ? o : { ...o, egressIpAddresses: [...egress] })),
  };
}
