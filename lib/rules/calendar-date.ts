/**
 * Calendar dates as `YYYY-MM-DD` text: the only date form in the Topology and the rule context.
 * ISO dates compare correctly as strings; day counts go through UTC so time zones never shift them.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since the epoch of a valid `YYYY-MM-DD` date at 00:00 UTC, or undefined. */
function utcMidnight(text: string): number | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  // Date.UTC rolls 2026-02-30 over to March: a real date survives the round trip unchanged.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return time;
}

/** True when `text` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(text: unknown): text is string {
  return typeof text === "string" && utcMidnight(text) !== undefined;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both must be valid dates. */
export function daysBetween(from: string, to: string): number {
  const start = utcMidnight(from);
  const end = utcMidnight(to);
  if (start === undefined || end === undefined) throw new Error(`expected two YYYY-MM-DD dates, got "${from}" and "${to}"`);
  return Math.round((end - start) / 86_400_000);
}
