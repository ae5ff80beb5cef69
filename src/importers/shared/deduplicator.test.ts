import { describe, expect, it } from "vitest";
import { Deduplicator } from "./deduplicator.js";

describe("Deduplicator", () => {
  it("keeps the copy with the most tokens, first on ties, preferred over not preferred", () => {
    const dedup = new Deduplicator<string>();
    expect(dedup.offer("a", 10, true, "a1")).toBe("kept");
    expect(dedup.offer("a", 10, true, "a2")).toBe("duplicate");
    expect(dedup.offer("a", 12, true, "a3")).toBe("replaced");
    expect(dedup.offer("b", 99, false, "b1")).toBe("kept");
    expect(dedup.offer("b", 1, true, "b2")).toBe("replaced");
    expect(dedup.offer("b", 500, false, "b3")).toBe("duplicate");
    expect(dedup.offer(undefined, 1, true, "n1")).toBe("kept");
    expect(dedup.drain()).toEqual(["n1"]);
    expect(dedup.flush()).toEqual(["a3", "b2"]);
  });

  it("bounds what it holds, and still recognises copies after emitting", () => {
    const dedup = new Deduplicator<string>(2);
    dedup.offer("a", 10, true, "a");
    dedup.offer("b", 10, true, "b");
    dedup.offer("c", 10, true, "c");
    expect(dedup.drain()).toEqual(["a"]);
    expect(dedup.offer("a", 10, true, "a-again")).toBe("duplicate");
    expect(dedup.offer("a", 11, true, "a-bigger")).toBe("late_larger");
    expect(dedup.flush()).toEqual(["b", "c"]);
  });
});
