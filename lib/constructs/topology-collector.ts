import type { IConstruct } from "constructs";
import type { Topology } from "../model/topology";
import { byPath } from "./ordering";
import { suppressionsOf } from "./suppress";
import { membersOf } from "./topology-member";

/** The whole app's declared topology as plain data (every stack), sorted by path. */
export function collectTopology(scope: IConstruct): Topology {
  const all = scope.node.root.node.findAll();
  return {
    tenants: byPath(membersOf(all, "tenant")).map((t) => t._toModel()),
    certificates: byPath(membersOf(all, "certificate")).map((c) => c._toModel()),
    organizations: byPath(membersOf(all, "organization")).map((o) => o._toModel()),
    expectations: byPath(membersOf(all, "expectation")).map((e) => e._toModel()),
    suppressions: suppressionsOf(scope),
  };
}
