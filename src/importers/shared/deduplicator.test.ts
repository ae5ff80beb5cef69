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

  it("offers lazily with the same outcomes, building only the copies kept", () => {
    const built: string[] = [];
    const lazy = new Deduplicator<string>(2);
    const eager = new Deduplicator<string>(2);
    const copies: [string, number, boolean][] = [
      ["a", 10, true], ["a", 10, true], ["a", 12, true], ["b", 99, false], ["b", 1, true], ["b", 500, false], ["c", 1, true], ["a", 13, true], ["a", 1, true],
    ];
    for (const [index, [key, tokens, preferred]] of copies.entries()) {
      const value = `${key}${index}`;
      const outcome = lazy.offerLazily(key, tokens, preferred, () => {
        built.push(value);
        return value;
      });
      expect(outcome).toBe(eager.offer(key, tokens, preferred, value));
    }
    expect(built).toEqual(["a0", "a2", "b3", "b4", "c6"]);
    expect([...lazy.drain(), ...lazy.flush()]).toEqual([...eager.drain(), ...eager.flush()]);
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

  it("holds everything until flush when exact, so a larger copy after any number of keys wins", () => {
    const dedup = Deduplicator.exact<string>();
    dedup.offer("a", 10, true, "a-small");
    for (let index = 0; index < 5000; index++) dedup.offer(`k${index}`, 1, true, `k${index}`);
    expect(dedup.drain()).toEqual([]);
    expect(dedup.offer("a", 11, true, "a-bigger")).toBe("replaced");
    const settled = dedup.flush();
    expect(settled).toHaveLength(5001);
    expect(settled[0]).toBe("a-bigger");
  });

  it("ranks an emitted copy as it ranked the held one: a late preferred copy beats a sidechain one", () => {
    const dedup = new Deduplicator<string>(1);
    dedup.offer("a", 50, false, "a-sidechain");
    dedup.offer("b", 1, true, "b");
    expect(dedup.drain()).toEqual(["a-sidechain"]);
    expect(dedup.offer("a", 40, true, "a-main")).toBe("late_larger");
    expect(dedup.offer("a", 60, false, "a-sidechain-bigger")).toBe("late_larger");
    expect(dedup.offer("a", 50, false, "a-sidechain-same")).toBe("duplicate");
  });
});
