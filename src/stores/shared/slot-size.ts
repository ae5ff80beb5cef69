import { bucketKey } from "../../core/time-bucket.js";

/**
 * Slot sizes the stores group by before folding slots into local days, coarsest first. A slot
 * is usable when no local day starts inside it: a whole UTC day for zones at offset 0, an hour
 * for zones whose offsets are whole hours, 15 minutes for every offset in use since the 1970s,
 * and 1 second for older local mean times (tz offsets are whole seconds).
 */
export const SLOT_SIZES_MS = [86_400_000, 3_600_000, 900_000, 1000] as const;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const firstGuesses = new Map<string, number>();

/** UTC offset of a zone at an instant, in milliseconds (for example +05:45 is 20,700,000). */
export function utcOffsetMs(timestampMs: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormatters.set(timeZone, formatter);
  }
  const name = formatter.formatToParts(timestampMs).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(name);
  if (!match) return 0;
  const [, sign, hours, minutes, seconds = "0"] = match;
  return (sign === "-" ? -1 : 1) * ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}

/**
 * The coarsest slot worth trying first for a zone, from its offsets over the last three years
 * (monthly samples). Only a guess: `slotsStraddleDays` checks the slots actually returned.
 */
export function firstSlotGuess(timeZone: string, nowMs = Date.now()): number {
  const cached = firstGuesses.get(timeZone);
  if (cached !== undefined) return cached;
  const offsets: number[] = [];
  for (let month = 0; month < 36; month++) offsets.push(utcOffsetMs(nowMs - month * 30 * 86_400_000, timeZone));
  const guess = SLOT_SIZES_MS.find((size) => offsets.every((offset) => offset % size === 0)) ?? 1000;
  firstGuesses.set(timeZone, guess);
  return guess;
}

/** The next finer slot size, or undefined after the finest. */
export function finerSlot(slotMs: number): number | undefined {
  return SLOT_SIZES_MS.find((size) => size < slotMs);
}

/** True when some slot contains the start of a local day, so slot sums would mix two days. */
export function slotsStraddleDays(slotStarts: Iterable<number>, slotMs: number, timeZone: string): boolean {
  for (const start of slotStarts) {
    if (bucketKey(start, "day", timeZone) !== bucketKey(start + slotMs - 1, "day", timeZone)) return true;
  }
  return false;
}
