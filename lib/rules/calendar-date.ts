/**
 * Calendar dates as `YYYY-MM-DD` text: the only date form in the Topology and the rule context.
 * ISO dates compare correctly as strings; day counts go through UTC so time zones never shift them.
 */
import { calendarDate } from "../model/schemas";

/** The schema's verdict per text: thousands of certificates share a handful of dates, and the schema is slow to run. */
const verdicts = new Map<string, boolean>();
/** Most verdicts kept; beyond it the memo starts over, so odd inputs cannot grow it without bound. */
const MAX_VERDICTS = 4096;

/** True when `value` is a real calendar date written `YYYY-MM-DD` (the model's `calendarDate` schema, text only). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  let verdict = verdicts.get(value);
  if (verdict === undefined) {
    verdict = calendarDate.safeParse(value).success;
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(value, verdict);
  }
  return verdict;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both must be valid dates. */
export function daysBetween(from: string, to: string): number {
  if (!isCalendarDate(from) || !isCalendarDate(to)) throw new Error(`expected two YYYY-MM-DD dates, got "${from}" and "${to}"`);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
