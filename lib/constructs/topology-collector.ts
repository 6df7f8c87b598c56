import type { IConstruct } from "./engine";
import type { Topology } from "../model/topology";
import { byPath } from "./ordering";
import { suppressionsOf } from "./suppress";
import { TOPOLOGY_KIND, type TopologyMember, type TopologyModels } from "./topology-member";

type Members = { [K in keyof TopologyModels]: TopologyMember<K>[] };

/** The whole app's declared topology as plain data (every stack), sorted by path. */
export function collectTopology(scope: IConstruct): Topology {
  // One pass over the tree, reading each construct's kind once (the tree holds every Terraform resource too).
  const members: Members = { tenant: [], certificate: [], organization: [], expectation: [] };
  for (const construct of scope.node.root.node.findAll()) {
    const kind = (construct as unknown as Record<symbol, unknown>)[TOPOLOGY_KIND];
    if (kind !== undefined && Object.prototype.hasOwnProperty.call(members, kind as string)) {
      (members[kind as keyof Members] as IConstruct[]).push(construct);
    }
  }
  return {
    tenants: byPath(members.tenant).map((t) => t._toModel()),
    certificates: byPath(members.certificate).map((c) => c._toModel()),
    organizations: byPath(members.organization).map((o) => o._toModel()),
    expectations: byPath(members.expectation).map((e) => e._toModel()),
    suppressions: suppressionsOf(scope),
  };
}
