import type { IConstruct } from "constructs";

/** Constructs sorted by path, so output does not depend on declaration order. */
export function byPath<T extends IConstruct>(constructs: T[]): T[] {
  return [...constructs].sort((a, b) => (a.node.path < b.node.path ? -1 : a.node.path > b.node.path ? 1 : 0));
}
