import type { IConstruct } from "./engine";

/** Constructs sorted by path, so output does not depend on declaration order. */
export function byPath<T extends IConstruct>(constructs: T[]): T[] {
  // `node.path` is rebuilt from the scopes on every read: read it once per construct, not twice per comparison.
  const keyed = constructs.map((construct) => ({ construct, path: construct.node.path }));
  keyed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return keyed.map((entry) => entry.construct);
}

/**
 * Children of one construct sorted by path. Their paths share the parent's path, so comparing ids gives the same
 * order without building a path per child (a tenant's children, for thousands of tenants, at every collection).
 */
export function siblingsByPath<T extends IConstruct>(siblings: T[]): T[] {
  return [...siblings].sort((a, b) => (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));
}
