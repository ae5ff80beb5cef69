import { describe, expect, it } from "vitest";
import { timeOrderedId } from "./request-id.js";

describe("timeOrderedId", () => {
  it("is a version 7 UUID carrying the time in its first 48 bits", () => {
    const id = timeOrderedId(0x0123456789ab);
    expect(id).toMatch(/^01234567-89ab-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("sorts by time and never repeats", () => {
    const earlier = timeOrderedId(1_700_000_000_000);
    const later = timeOrderedId(1_700_000_000_001);
    expect(earlier < later).toBe(true);
    const ids = new Set(Array.from({ length: 10_000 }, () => timeOrderedId(1_700_000_000_000)));
    expect(ids.size).toBe(10_000);
  });
});
