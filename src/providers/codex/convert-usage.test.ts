import { describe, expect, it } from "vitest";
import { usageProblems } from "../../core/usage.js";
import { fromCodexUsage, subtractCodexUsage } from "./convert-usage.js";
import cumulativeSession from "./__fixtures__/ccusage-cumulative-session.json";
import lastTokenUsage from "./__fixtures__/ccusage-last-token-usage.json";

const first = { input_tokens: 5000, cached_input_tokens: 4000, output_tokens: 300, reasoning_output_tokens: 200, total_tokens: 5300 };
const second = { input_tokens: 9000, cached_input_tokens: 7000, output_tokens: 500, reasoning_output_tokens: 300, total_tokens: 9500 };

describe("fromCodexUsage", () => {
  it("takes cached input out of the input and keeps reasoning inside output", () => {
    expect(fromCodexUsage(first)).toStrictEqual({ inputNoCache: 1000, cacheRead: 4000, output: 300, reasoning: 200 });
  });
});

describe("subtractCodexUsage", () => {
  it("turns two cumulative totals into the usage of one turn", () => {
    expect(subtractCodexUsage(second, first)).toStrictEqual({ inputNoCache: 1000, cacheRead: 3000, output: 200, reasoning: 100 });
  });

  it("treats a missing previous total as zero", () => {
    expect(subtractCodexUsage(first, undefined)).toStrictEqual(fromCodexUsage(first));
    expect(subtractCodexUsage(first, null)).toStrictEqual(fromCodexUsage(first));
  });

  it("counts a field that went down as zero instead of negative", () => {
    const usage = subtractCodexUsage(first, second);
    expect(usage).toStrictEqual({ inputNoCache: 0, cacheRead: 0, output: 0, reasoning: 0 });
    expect(usageProblems(usage)).toEqual([]);
  });

  it("adds up: the deltas of a session sum to its last total", () => {
    const totals = [first, second, { ...second, input_tokens: 12000, cached_input_tokens: 8500, output_tokens: 800, total_tokens: 12800 }];
    const sums = totals.map((total, index) => subtractCodexUsage(total, totals[index - 1]));
    const output = sums.reduce((sum, usage) => sum + (usage.output ?? 0), 0);
    const cacheRead = sums.reduce((sum, usage) => sum + (usage.cacheRead ?? 0), 0);
    expect({ output, cacheRead }).toEqual({ output: 800, cacheRead: 8500 });
  });
});

describe("recorded Codex token_count events", () => {
  it("turns a session's cumulative totals into per-turn usage (ccusage expects 800 input / 100 cached)", () => {
    const [first, second] = cumulativeSession.lines.map((line) => line.payload.info.total_token_usage);
    expect(subtractCodexUsage(first, undefined)).toStrictEqual({ inputNoCache: 1000, cacheRead: 200, output: 500, reasoning: 0 });
    expect(subtractCodexUsage(second, first)).toStrictEqual({ inputNoCache: 700, cacheRead: 100, output: 300, reasoning: 0 });
  });

  it("reads last_token_usage with reasoning inside output (total = input + output)", () => {
    const raw = lastTokenUsage.line.payload.info.last_token_usage;
    expect(raw.total_tokens).toBe(raw.input_tokens + raw.output_tokens);
    expect(fromCodexUsage(raw)).toStrictEqual({ inputNoCache: 40, cacheRead: 2, output: 8, reasoning: 1 });
  });
});
