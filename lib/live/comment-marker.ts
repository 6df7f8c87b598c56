/**
 * The library's ownership marker in a live connector's Comment (`[managed-by:cdktf-mailflow path=<construct path>]`,
 * see lib/artifacts/powershell/managed-marker.ts): split off, so the model holds the user's comment only (as a
 * declaration does) and drift can tell objects the scripts created from hand-made ones.
 */
import { MANAGED_MARKER_PREFIX, MANAGED_MARKER_SUFFIX } from "../artifacts/powershell/managed-marker";

/** A live Comment split into the user's text and the construct paths of the marker lines it held. */
export interface SplitComment {
  /** The comment without marker lines (line breaks as `\n`); undefined when nothing else is left. */
  readonly comment?: string;
  /** The construct paths named by marker lines, in order. */
  readonly markers: readonly string[];
}

/** Splits the marker lines off a Comment as the scripts write it: the user's comment, a line break, the marker line. */
export function splitComment(text: string | undefined): SplitComment {
  if (text === undefined) return { markers: [] };
  const markers: string[] = [];
  const kept: string[] = [];
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    const trimmed = line.trim();
    if (trimmed.startsWith(MANAGED_MARKER_PREFIX) && trimmed.endsWith(MANAGED_MARKER_SUFFIX)) {
      markers.push(trimmed.slice(MANAGED_MARKER_PREFIX.length, trimmed.length - MANAGED_MARKER_SUFFIX.length));
    } else kept.push(line);
  }
  const comment = kept.join("\n").replace(/\n+$/, "");
  return { ...(comment.trim() !== "" ? { comment } : {}), markers };
}
