/**
 * The calendar day a JavaScript `Date` stands for, the same in every time zone the synthesis runs in.
 */

/**
 * The calendar day `date` stands for, as `YYYY-MM-DD`, or undefined for an invalid Date.
 *
 * A Date at local midnight is read as that local day: `new Date(2026, 0, 20)` (and `new Date("2026-01-20T00:00")`)
 * builds the 20th at midnight in the machine's time zone, and its UTC day is the 19th east of Greenwich, so reading it
 * in UTC made a certificate expire a day early under `TZ=Pacific/Kiritimati`. Every other Date is an instant and is
 * read as its UTC day: `new Date("2026-01-20")` and `Date.UTC(2026, 0, 20)` are UTC midnight, and a certificate's
 * `validTo` instant has its UTC date. Where the machine's zone is UTC both readings agree.
 */
export function calendarDayOf(date: Date): string | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  const localMidnight = date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0 && date.getMilliseconds() === 0;
  if (!localMidnight) return date.toISOString().slice(0, 10);
  const year = date.getFullYear();
  if (year < 0 || year > 9999) return date.toISOString().slice(0, 10);
  return `${String(year).padStart(4, "0")}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}
