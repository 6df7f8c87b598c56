/**
 * The ownership marker: a line in the Comment of every connector this library creates, naming the
 * construct path that declared it. The scripts update or remove only connectors that carry the
 * marker of the object they act on, so they never change something they did not create.
 */

/** Text before the construct path in a marker line. */
export const MANAGED_MARKER_PREFIX = "[managed-by:cdktf-mailflow path=";
/** Text after the construct path in a marker line. */
export const MANAGED_MARKER_SUFFIX = "]";

/**
 * The marker line for the object declared at construct path `path`:
 * `[managed-by:cdktf-mailflow path=<path>]`. A connector is this object's when one line of its
 * Comment, trimmed, equals this text exactly (case-sensitive).
 */
export function managedMarker(path: string): string {
  return `${MANAGED_MARKER_PREFIX}${path}${MANAGED_MARKER_SUFFIX}`;
}

/**
 * The Comment written on a connector: the user's comment, when there is one, then a line break and
 * the marker line; only the marker when there is no comment.
 */
export function commentWithMarker(comment: string | undefined, path: string): string {
  return comment === undefined || comment === "" ? managedMarker(path) : `${comment}\n${managedMarker(path)}`;
}
