import { describe, expect, it } from "vitest";
import { addUsage, cacheWriteTotal, inputTotal, outputText, totalTokens, usageProblems } from "./usage.js";

describe("usage", () => {
  it("keeps 'not reported' apart from zero", () => {
    expect(inputTotal({})).toBeUndefined();
    expect(inputTotal({ cacheRead: 0 })).toBe(0);
    expect(cacheWriteTotal({ output: 3 })).toBeUndefined();
    expect(outputText({})).toBeUndefined();
  });

  it("derives the whole prompt and text output from disjoint parts", () => {
    const usage = { inputNoCache: 10, cacheRead: 100, cacheWrite5m: 5, cacheWrite1h: 7, output: 50, reasoning: 20 };
    expect(inputTotal(usage)).toBe(122);
    expect(cacheWriteTotal(usage)).toBe(12);
    expect(outputText(usage)).toBe(30);
    expect(totalTokens(usage)).toBe(172);
  });

  it("adds field by field, leaving fields neither side reported undefined", () => {
    expect(addUsage({ inputNoCache: 1, output: 2 }, { inputNoCache: 3, reasoning: 0 })).toEqual({ inputNoCache: 4, output: 2, reasoning: 0 });
  });

  it("reports broken invariants", () => {
    expect(usageProblems({ inputNoCache: 1, output: 2, reasoning: 1 })).toEqual([]);
    expect(usageProblems({ inputNoCache: -1 })).toHaveLength(1);
    expect(usageProblems({ output: 1.5 })).toHaveLength(1);
    expect(usageProblems({ output: 1, reasoning: 2 })).toHaveLength(1);
  });
});
