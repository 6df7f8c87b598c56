import type { IConstruct } from "./engine";
import type { Finding } from "../rules";
import { findingsOf } from "./findings";

/**
 * Every rule finding of the app `scope` belongs to (all stacks), suppressed ones included, without throwing.
 * Sorted by path, then rule id.
 */
export function checkTopology(scope: IConstruct): Finding[] {
  return [...findingsOf(scope)];
}
