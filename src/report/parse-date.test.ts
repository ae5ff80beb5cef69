import { describe, expect, it } from "vitest";
import { parseDateBound } from "./parse-date.js";

describe("parseDateBound", () => {
  it("reads a day in the time zone: since = its first instant, until = the next day's first instant", () => {
    expect(parseDateBound("2026-02-12", "since", "UTC")).toBe(Date.UTC(2026, 1, 12));
    expect(parseDateBound("2026-02-12", "until", "UTC")).toBe(Date.UTC(2026, 1, 13));
    expect(parseDateBound("2026-02-12", "since", "Asia/Tokyo")).toBe(Date.UTC(2026, 1, 11, 15));
    expect(parseDateBound("2026-02-28", "until", "America/New_York")).toBe(Date.UTC(2026, 2, 1, 5));
  });

  it("handles days when the clocks change", () => {
    // Europe/Paris moves to summer time on 2026-03-29: that day starts at 23:00 UTC the day before.
    expect(parseDateBound("2026-03-29", "since", "Europe/Paris")).toBe(Date.UTC(2026, 2, 28, 23));
    expect(parseDateBound("2026-03-30", "since", "Europe/Paris")).toBe(Date.UTC(2026, 2, 29, 22));
  });

  it("takes ISO instants as they are, and rejects anything else", () => {
    expect(parseDateBound("2026-02-12T10:00:00Z", "since", "Asia/Tokyo")).toBe(Date.UTC(2026, 1, 12, 10));
    expect(() => parseDateBound("2026-02-30", "since", "UTC")).toThrow(/not a calendar day/);
    expect(() => parseDateBound("yesterday", "until", "UTC")).toThrow(/YYYY-MM-DD/);
    expect(() => parseDateBound("2026-02-12T10:00:00", "until", "UTC")).toThrow(/with a zone/);
  });
});
