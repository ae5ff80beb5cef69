import { describe, expect, it } from "vitest";
import { OpenAiPromptCache } from "./prompt-cache.js";

const MINUTE = 60_000;
const tokens = (count: number, offset = 0) => Array.from({ length: count }, (_, index) => (index + offset) % 50_000);

function setup() {
  let clock = 0;
  return { cache: new OpenAiPromptCache(() => clock), advance: (milliseconds: number) => (clock += milliseconds) };
}

describe("OpenAI automatic prompt cache", () => {
  it("caches prompts of 1,024 tokens or more in 128-token steps", () => {
    const { cache } = setup();
    expect(cache.apply("gpt-4o", "", tokens(1000), false)).toBe(0);
    expect(cache.apply("gpt-4o", "", tokens(1000), false)).toBe(0);
    expect(cache.apply("gpt-4o", "", tokens(1500), false)).toBe(0);
    expect(cache.apply("gpt-4o", "", tokens(1500), false)).toBe(1408);
    // A longer prompt sharing the first 1,500 tokens reads the 1,408 already stored.
    expect(cache.apply("gpt-4o", "", [...tokens(1500), ...tokens(900, 7)], false)).toBe(1408);
    // Another model or cache key shares nothing.
    expect(cache.apply("gpt-4.1", "", tokens(1500), false)).toBe(0);
    expect(cache.apply("gpt-4o", "tenant-b", tokens(1500), false)).toBe(0);
  });

  it("stops at the first differing token", () => {
    const { cache } = setup();
    const prompt = tokens(2000);
    cache.apply("gpt-4o", "", prompt, false);
    const changed = [...prompt];
    changed[1300] = 99_999;
    expect(cache.apply("gpt-4o", "", changed, false)).toBe(1280);
  });

  it("forgets after 5 minutes of inactivity and after an hour at most; 24h retention keeps a day", () => {
    const { cache, advance } = setup();
    cache.apply("gpt-4o", "", tokens(1100), false);
    advance(5 * MINUTE + 1);
    expect(cache.apply("gpt-4o", "", tokens(1100), false)).toBe(0);
    for (let minute = 4; minute <= 56; minute += 4) {
      advance(4 * MINUTE);
      expect(cache.apply("gpt-4o", "", tokens(1100), false)).toBe(1024);
    }
    advance(4 * MINUTE + 1);
    expect(cache.apply("gpt-4o", "", tokens(1100), false)).toBe(0);
    cache.apply("gpt-5", "", tokens(1100), true);
    advance(20 * 60 * MINUTE);
    expect(cache.apply("gpt-5", "", tokens(1100), true)).toBe(1024);
  });
});
