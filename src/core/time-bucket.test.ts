import { describe, expect, it } from "vitest";
import { assertTimeZone, bucketKey } from "./time-bucket.js";

describe("bucketKey", () => {
  const instant = Date.UTC(2026, 0, 1, 3, 30); // 2026-01-01T03:30Z, a Thursday

  it("buckets by local calendar date in the zone", () => {
    expect(bucketKey(instant, "day", "UTC")).toBe("2026-01-01");
    expect(bucketKey(instant, "day", "America/New_York")).toBe("2025-12-31");
    expect(bucketKey(instant, "day", "Asia/Kathmandu")).toBe("2026-01-01");
    expect(bucketKey(Date.UTC(2025, 11, 31, 18, 14), "day", "Asia/Kathmandu")).toBe("2025-12-31");
    expect(bucketKey(Date.UTC(2025, 11, 31, 18, 15), "day", "Asia/Kathmandu")).toBe("2026-01-01");
  });

  it("names ISO weeks by their Monday and months by YYYY-MM", () => {
    expect(bucketKey(instant, "week", "UTC")).toBe("2025-12-29");
    expect(bucketKey(instant, "month", "UTC")).toBe("2026-01");
    expect(bucketKey(instant, "month", "America/New_York")).toBe("2025-12");
  });

  it("follows daylight saving changes", () => {
    // 2026-03-08 is the US spring-forward day: 04:59Z is 23:59 on the 7th, 05:00Z is 00:00 on the 8th (EST),
    // and after 07:00Z the offset is -4h.
    expect(bucketKey(Date.UTC(2026, 2, 8, 4, 59), "day", "America/New_York")).toBe("2026-03-07");
    expect(bucketKey(Date.UTC(2026, 2, 9, 3, 59), "day", "America/New_York")).toBe("2026-03-08");
    expect(bucketKey(Date.UTC(2026, 2, 9, 4, 0), "day", "America/New_York")).toBe("2026-03-09");
  });

  it("rejects unknown zones", () => {
    expect(() => assertTimeZone("Mars/Olympus")).toThrow(RangeError);
  });
});
