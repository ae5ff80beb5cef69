import { TokenomyError } from "../core/errors/index.js";
import { assertTimeZone } from "../core/time-bucket.js";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Offset of a time zone from UTC at an instant, in ms (positive east of Greenwich). */
function zoneOffsetMs(timestampMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(timestampMs);
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(field("year"), field("month") - 1, field("day"), field("hour"), field("minute"), field("second"));
  return asUtc - Math.floor(timestampMs / 1000) * 1000;
}

/** First instant of a calendar day in a time zone. */
export function startOfDay(year: number, month: number, day: number, timeZone: string): number {
  const civil = Date.UTC(year, month - 1, day);
  // Two passes settle days whose offset differs from the offset at civil midnight UTC (DST changes).
  let guess = civil - zoneOffsetMs(civil, timeZone);
  guess = civil - zoneOffsetMs(guess, timeZone);
  return guess;
}

/**
 * A `--since` / `--until` value as epoch ms. `YYYY-MM-DD` is a calendar day in `timeZone`:
 * `since` is its first instant, `until` the first instant of the next day (so the day is
 * included). Anything else must be an ISO 8601 instant with a zone, used as is.
 *
 * @example
 * parseDateBound("2026-02-12", "until", "UTC") // Date.UTC(2026, 1, 13)
 */
export function parseDateBound(value: string, bound: "since" | "until", timeZone: string): number {
  assertTimeZone(timeZone);
  const day = DAY.exec(value);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const check = new Date(Date.UTC(year, month - 1, date));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) {
      throw new TokenomyError("invalid_request", `--${bound} ${value} is not a calendar day`);
    }
    return bound === "since" ? startOfDay(year, month, date, timeZone) : startOfDay(year, month, date + 1, timeZone);
  }
  if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(value) || Number.isNaN(Date.parse(value))) {
    throw new TokenomyError("invalid_request", `--${bound} must be YYYY-MM-DD or an ISO instant with a zone (2026-02-12T10:00:00Z), not ${value}`);
  }
  return Date.parse(value);
}
