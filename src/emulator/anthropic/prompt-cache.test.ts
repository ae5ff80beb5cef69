import { describe, expect, it } from "vitest";
import type { PromptSegment } from "../emulated-request.js";
import { measurePrompt } from "../measure-prompt.js";
import { AnthropicPromptCache, minimumCacheableTokens } from "./prompt-cache.js";

const MINUTE = 60_000;
const LONG = "Every token an agent spends is a priced allocation of the budget. ".repeat(120);

function setup() {
  let clock = 1_000_000;
  const cache = new AnthropicPromptCache(() => clock);
  const apply = (segments: PromptSegment[], model = "claude-sonnet-4-6") => cache.apply(model, segments, measurePrompt(segments, model, false));
  return { apply, advance: (milliseconds: number) => (clock += milliseconds) };
}

const system = (ttl?: "5m" | "1h"): PromptSegment => ({ text: LONG, extraTokens: 0, cacheTtl: ttl });
const user = (text: string, cacheTtl?: "5m" | "1h"): PromptSegment => ({ text, extraTokens: 3, cacheTtl });

describe("Anthropic prompt cache", () => {
  it("writes at a breakpoint, reads it back, and expires it after 5 minutes without use", () => {
    const { apply, advance } = setup();
    const prompt = [system("5m"), user("question one")];
    const write = apply(prompt);
    expect(write.cacheWrite5m).toBeGreaterThan(1024);
    expect(write.cacheRead).toBe(0);
    advance(4 * MINUTE);
    const read = apply([system("5m"), user("question two")]);
    expect(read).toMatchObject({ cacheRead: write.cacheWrite5m, cacheWrite5m: 0 });
    expect(read.inputNoCache + read.cacheRead).toBe(measurePrompt([system("5m"), user("question two")], "claude-sonnet-4-6", false).totalTokens);
    // The read at minute 4 refreshed the TTL: still live at minute 8, gone at minute 13 and a bit.
    advance(4 * MINUTE);
    expect(apply(prompt).cacheRead).toBe(write.cacheWrite5m);
    advance(5 * MINUTE + 1);
    expect(apply(prompt)).toMatchObject({ cacheRead: 0, cacheWrite5m: write.cacheWrite5m });
  });

  it("keeps 1-hour writes for an hour and splits writes between the TTLs", () => {
    const { apply, advance } = setup();
    const prompt = [system("1h"), user(LONG, "5m"), user("last")];
    const first = apply(prompt);
    const systemTokens = measurePrompt([system()], "claude-sonnet-4-6", false).totalTokens;
    expect(first.cacheWrite1h).toBe(systemTokens);
    expect(first.cacheWrite5m).toBe(measurePrompt(prompt.slice(0, 2), "claude-sonnet-4-6", false).totalTokens - systemTokens);
    advance(30 * MINUTE);
    expect(apply(prompt)).toMatchObject({ cacheRead: systemTokens, cacheWrite1h: 0, cacheWrite5m: first.cacheWrite5m });
    advance(61 * MINUTE);
    expect(apply(prompt).cacheRead).toBe(0);
  });

  it("finds an earlier write by looking back from a later breakpoint", () => {
    const { apply } = setup();
    const turnOne = [system(), user(LONG, "5m")];
    const written = apply(turnOne).cacheWrite5m;
    const turnTwo = [system(), user(LONG), { text: "an answer", extraTokens: 3 }, user("follow-up", "5m")];
    const outcome = apply(turnTwo);
    expect(outcome.cacheRead).toBe(written);
    expect(outcome.cacheWrite5m).toBe(measurePrompt(turnTwo, "claude-sonnet-4-6", false).totalTokens - written);
  });

  it("does not cache a prefix under the model's minimum, nor across models", () => {
    const { apply } = setup();
    expect(apply([user("short", "5m")]).cacheWrite5m).toBe(0);
    expect(apply([system("5m")], "claude-haiku-4-5").cacheWrite5m).toBe(0);
    expect(apply([system("5m")], "claude-sonnet-4-6").cacheWrite5m).toBeGreaterThan(0);
    expect(apply([system("5m")], "claude-opus-4-1").cacheRead).toBe(0);
    expect([minimumCacheableTokens("claude-opus-4-5-20251101"), minimumCacheableTokens("claude-3-5-haiku-latest"), minimumCacheableTokens("claude-sonnet-4-6")]).toEqual([4096, 2048, 1024]);
  });
});
