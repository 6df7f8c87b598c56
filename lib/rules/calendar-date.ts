/**
 * Calendar dates as `YYYY-MM-DD` text: the only date form in the Topology and the rule context.
 * ISO dates compare correctly as strings; day counts go through UTC so time zones never shift them.
 */
import { calendarDate } from "../model/schemas";

/** True when `value` is a real calendar date written `YYYY-MM-DD` (the model's `calendarDate` schema, text only). */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === "string" && calendarDate.safeParse(value).success;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both must be valid dates. */
export function daysBetween(from: string, to: string): number {
  if (!isCalendarDate(from) || !isCalendarDate(to)) throw new Error(`expected two YYYY-MM-DD dates, got "${from}" and "${to}"`);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
