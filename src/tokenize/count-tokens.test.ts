import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CLAUDE_TOKENS_PER_O200K_TOKEN, EXACT_RUN_BUDGET_CHARS, countTokens, countTokensDetailed } from "./count-tokens.js";
import { encoding, tokenizerFor } from "./encodings.js";

describe("tokenizerFor", () => {
  it("picks o200k for the 4o / 4.1 / 5 / o-series families and cl100k for gpt-4 and 3.5", () => {
    expect(["gpt-4o", "gpt-4o-mini-2024-07-18", "gpt-4.1", "gpt-5", "o3-mini", "o1", "openai/gpt-5"].map(tokenizerFor)).toEqual(Array(7).fill("o200k_base"));
    expect(["gpt-4", "gpt-4-turbo", "gpt-3.5-turbo", "gpt-4-0613"].map(tokenizerFor)).toEqual(Array(4).fill("cl100k_base"));
    expect(tokenizerFor("claude-sonnet-4-5-20250929")).toBe("claude-estimate");
    expect(tokenizerFor("us.anthropic.claude-opus-4-6-v1:0")).toBe("claude-estimate");
    expect(tokenizerFor("gemini-2.5-pro")).toBe("generic-estimate");
  });
});

describe("countTokens", () => {
  it("matches the published cl100k example and differs between encodings where they differ", () => {
    // OpenAI's tiktoken cookbook: "tiktoken is great!" is 6 tokens in cl100k_base.
    expect(countTokens("tiktoken is great!", "gpt-3.5-turbo")).toBe(6);
    expect(countTokens("Ünïcödé façade — naïve café", "gpt-4")).toBe(13);
    expect(countTokens("Ünïcödé façade — naïve café", "gpt-4o")).toBe(10);
    expect(countTokens("", "gpt-4o")).toBe(0);
  });

  it("estimates Claude as o200k times the documented factor, rounded up", () => {
    const text = "The quick brown fox jumps over the lazy dog. ".repeat(20);
    const o200k = countTokens(text, "gpt-4o");
    expect(countTokens(text, "claude-sonnet-4-5")).toBe(Math.ceil(o200k * CLAUDE_TOKENS_PER_O200K_TOKEN));
  });

  it("counts special-token text as ordinary text instead of throwing", () => {
    expect(countTokens("a <|endoftext|> b", "gpt-4o")).toBeGreaterThan(3);
  });

  it("keeps cut runs close to the uncut count (hex blob, where the uncut count is cheap)", () => {
    const hex = randomBytes(50_000).toString("hex");
    const detailed = countTokensDetailed(hex, "gpt-4o");
    expect(detailed.runCharsCounted).toBeGreaterThan(hex.length - 64);
    expect(detailed.runCharsEstimated).toBe(0);
    const uncut = encoding("o200k_base").countTokens(hex);
    expect(detailed.tokens).toBeGreaterThanOrEqual(uncut);
    expect((detailed.tokens - uncut) / uncut).toBeLessThan(0.02);
  });

  it("does bounded work on a run with no whitespace: 1 MB and 2 MB do the same BPE work", () => {
    const one = "a".repeat(1 << 20);
    const two = "a".repeat(1 << 21);
    const first = countTokensDetailed(one, "gpt-4o");
    const second = countTokensDetailed(two, "gpt-4o");
    expect(first.runCharsCounted).toBeLessThanOrEqual(EXACT_RUN_BUDGET_CHARS + 64);
    expect(second.runCharsCounted).toBe(first.runCharsCounted);
    // The tail of a run (at most 64 characters) goes with the text after it, counted exactly.
    expect(one.length - (first.runCharsCounted + first.runCharsEstimated)).toBeLessThanOrEqual(64);
    // "a" x 64 is 8 tokens in o200k, so the estimate is exact here.
    expect(first.tokens).toBe((one.length / 64) * countTokens("a".repeat(64), "gpt-4o"));
    expect(second.tokens).toBe(2 * first.tokens);
  });

  it("stays linear on random blobs: 2 MB takes at most about twice as long as 1 MB, not four times", () => {
    const random = (length: number) => Buffer.from(randomBytes(length).map((byte) => 97 + (byte % 26))).toString("latin1");
    const elapsed = (text: string, model: string) => {
      const start = performance.now();
      countTokens(text, model);
      return performance.now() - start;
    };
    for (const model of ["gpt-4o", "gpt-4"]) {
      countTokens(random(1 << 20), model);
      // Fresh text each time (no merge-cache help), interleaved, best of three: the machine is shared.
      let oneMs = Infinity;
      let twoMs = Infinity;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        oneMs = Math.min(oneMs, elapsed(random(1 << 20), model));
        twoMs = Math.min(twoMs, elapsed(random(1 << 21), model));
      }
      expect(twoMs / oneMs, `${model}: 1 MB ${oneMs.toFixed(0)} ms, 2 MB ${twoMs.toFixed(0)} ms`).toBeLessThan(3);
      expect(oneMs).toBeLessThan(5_000);
    }
  });
});
