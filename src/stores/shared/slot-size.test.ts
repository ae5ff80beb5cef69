import { describe, expect, it } from "vitest";
import { finerSlot, firstSlotGuess, slotsStraddleDays, utcOffsetMs } from "./slot-size.js";

const HOUR = 3_600_000;

describe("slot sizes", () => {
  it("reads UTC offsets in whole seconds, including +05:45 and historical local mean time", () => {
    expect(utcOffsetMs(Date.UTC(2026, 5, 1), "Asia/Kathmandu")).toBe(5 * HOUR + 45 * 60_000);
    expect(utcOffsetMs(Date.UTC(2026, 0, 1), "America/New_York")).toBe(-5 * HOUR);
    expect(utcOffsetMs(Date.UTC(2026, 6, 1), "America/New_York")).toBe(-4 * HOUR);
    expect(utcOffsetMs(Date.UTC(1971, 0, 1), "Africa/Monrovia")).toBe(-(44 * 60 + 30) * 1000);
    expect(utcOffsetMs(0, "UTC")).toBe(0);
  });

  it("guesses the coarsest slot a zone's recent offsets allow", () => {
    const now = Date.UTC(2026, 10, 22);
    expect(firstSlotGuess("UTC", now)).toBe(24 * HOUR);
    expect(firstSlotGuess("Europe/Berlin", now)).toBe(HOUR);
    expect(firstSlotGuess("Asia/Kolkata", now)).toBe(15 * 60_000);
    expect(firstSlotGuess("Australia/Lord_Howe", now)).toBe(15 * 60_000);
  });

  it("gets finer down to one second, then stops", () => {
    expect([finerSlot(24 * HOUR), finerSlot(HOUR), finerSlot(15 * 60_000), finerSlot(1000)]).toEqual([HOUR, 15 * 60_000, 1000, undefined]);
  });

  it("flags a slot that contains a local midnight", () => {
    const kathmanduMidnight = Date.UTC(2026, 1, 28, 18, 15);
    expect(slotsStraddleDays([Date.UTC(2026, 1, 28, 18)], HOUR, "Asia/Kathmandu")).toBe(true);
    expect(slotsStraddleDays([kathmanduMidnight - 15 * 60_000, kathmanduMidnight], 15 * 60_000, "Asia/Kathmandu")).toBe(false);
    expect(slotsStraddleDays([Date.UTC(2026, 1, 28)], 24 * HOUR, "UTC")).toBe(false);
  });
});
