export const timeBuckets = ["day", "week", "month"] as const;
export type TimeBucket = (typeof timeBuckets)[number];

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError for a time zone name Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** Local calendar date `YYYY-MM-DD` of an instant in a time zone. */
export function localDate(timestampMs: number, timeZone: string): string {
  return formatterFor(timeZone).format(timestampMs);
}

/**
 * Key of the bucket an instant falls in, in a time zone: `2026-11-22` (day), `2026-11-16` (week,
 * named by its Monday, ISO weeks), `2026-11` (month).
 *
 * @example
 * bucketKey(Date.UTC(2026, 0, 1, 3), "day", "America/New_York") // "2025-12-31"
 */
export function bucketKey(timestampMs: number, bucket: TimeBucket, timeZone: string): string {
  const date = localDate(timestampMs, timeZone);
  if (bucket === "day") return date;
  if (bucket === "month") return date.slice(0, 7);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const civil = Date.UTC(year, month - 1, day);
  const weekday = (new Date(civil).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(civil - weekday * 86_400_000).toISOString().slice(0, 10);
}
