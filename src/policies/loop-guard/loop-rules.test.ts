import { describe, expect, it } from "vitest";
import { hopCycle, repeatsWithin } from "./loop-rules.js";
import { looksLikeError } from "./tool-interactions.js";

describe("loop rules", () => {
  it("finds agent cycles of period one to three only past the depth", () => {
    expect(hopCycle(["a", "b", "a"], 4)).toBeUndefined();
    expect(hopCycle(["a", "b", "a", "b"], 4)?.detail).toEqual({ cycle: ["a", "b"], hops: 4 });
    expect(hopCycle(["x", "x", "x", "x", "y"], 4)?.detail).toEqual({ cycle: ["x"], hops: 4 });
    expect(hopCycle(["a", "b", "c", "a", "b", "c"], 6)?.detail).toEqual({ cycle: ["a", "b", "c"], hops: 6 });
    expect(hopCycle(["a", "b", "c", "d"], 4)).toBeUndefined();
    expect(hopCycle([undefined, undefined, undefined, undefined], 4)).toBeUndefined();
  });

  it("counts repeats inside the window only", () => {
    const recent = ["h1@1000", "h2@900", "h1@100"];
    expect(repeatsWithin(recent, "h1", 1_000, 1_000)).toBe(2);
    expect(repeatsWithin(recent, "h1", 1_000, 500)).toBe(1);
  });

  it("tells failing tool results from successful ones", () => {
    expect(looksLikeError("<returncode>2</returncode>\n<output>x</output>")).toBe(true);
    expect(looksLikeError("<returncode>0</returncode>\n<output>Errors: none</output>")).toBe(false);
    expect(looksLikeError("Traceback (most recent call last):\n  File")).toBe(true);
    expect(looksLikeError("bash: foo: command not found")).toBe(true);
    expect(looksLikeError('{"ok":true}')).toBe(false);
  });
});
