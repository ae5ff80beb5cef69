import { describe, expect, it } from "vitest";
import { TextMemo } from "./text-memo.js";

describe("TextMemo", () => {
  it("remembers values by text and stays within its character bound, keeping what is used", () => {
    const memo = new TextMemo<number>(100);
    const text = (index: number) => `${index}`.padEnd(10, "x");
    for (let index = 0; index < 5; index++) memo.set(text(index), index);
    expect(memo.get(`${0}`.padEnd(10, "x"))).toBe(0);
    for (let index = 5; index < 30; index++) {
      memo.set(text(index), index);
      expect(memo.get(text(0))).toBe(0); // used all along: never dropped
    }
    expect(memo.get(text(1))).toBeUndefined();
    expect(memo.get(text(29))).toBe(29);
    expect(memo.size).toBeLessThanOrEqual(10);
    memo.set("y".repeat(60), 1);
    expect(memo.get("y".repeat(60))).toBeUndefined(); // longer than a generation: not kept
  });
});

describe("TextMemo fingerprints", () => {
  it("never confuses two texts that share a fingerprint", () => {
    const memo = new TextMemo<string>(10_000);
    const first = `${"a".repeat(40)}X${"b".repeat(40)}c${"d".repeat(40)}`;
    const second = `${"a".repeat(40)}Y${"b".repeat(40)}c${"d".repeat(40)}`;
    memo.set(first, "first");
    expect(memo.get(second)).toBeUndefined();
    memo.set(second, "second");
    expect(memo.get(second)).toBe("second");
    expect(memo.get(first)).toBeUndefined(); // recomputed by the caller, never answered wrong
    expect(memo.get(`${first}`.slice(0))).toBeUndefined();
  });
});
