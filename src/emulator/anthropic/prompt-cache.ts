import type { PromptSegment } from "../emulated-request.js";
import { ExpiringStore } from "../expiring-store.js";
import type { MeasuredPrompt } from "../measure-prompt.js";

export interface CacheOutcome {
  inputNoCache: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
}

const FIVE_MINUTES_MS = 5 * 60_000;
const ONE_HOUR_MS = 60 * 60_000;
/** Anthropic checks for hits at each breakpoint and up to 20 blocks before it. */
const LOOKBACK_BLOCKS = 20;

/**
 * Minimum cacheable prompt length by model, from Anthropic's prompt-caching guide: 4096 tokens for
 * Opus 4.5 and Haiku 4.5, 2048 for Haiku 3 and 3.5, 1024 for the other Claude models.
 */
export function minimumCacheableTokens(model: string): number {
  if (/opus-4-5|haiku-4-5/.test(model)) return 4096;
  if (/claude-3-haiku|claude-3-5-haiku|haiku-3/.test(model)) return 2048;
  return 1024;
}

/**
 * Anthropic prompt caching as documented: explicit `cache_control` breakpoints over the prompt
 * in the order tools, system, messages; a prefix shorter than the model's minimum is not cached;
 * a read refreshes the entry's TTL; writes bill the tokens between the longest hit and the last
 * breakpoint, split into the 1-hour part (up to the last `ttl: "1h"` breakpoint) and the 5-minute rest.
 */
export class AnthropicPromptCache {
  private readonly store: ExpiringStore;

  constructor(now: () => number) {
    this.store = new ExpiringStore(now);
  }

  apply(model: string, segments: readonly PromptSegment[], prompt: MeasuredPrompt): CacheOutcome {
    const breakpoints: number[] = [];
    segments.forEach((segment, index) => {
      if (segment.cacheTtl) breakpoints.push(index);
    });
    if (breakpoints.length === 0) return { inputNoCache: prompt.totalTokens, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 };
    const key = (index: number) => `${model}|${prompt.prefixHashes[index]}`;
    const tokensAt = (index: number) => (index < 0 ? 0 : (prompt.cumulativeTokens[index] ?? 0));
    const ttlOf = (index: number) => (segments[index]?.cacheTtl === "1h" ? ONE_HOUR_MS : FIVE_MINUTES_MS);

    let readIndex = -1;
    for (const breakpoint of breakpoints) {
      for (let index = breakpoint; index >= Math.max(0, breakpoint - LOOKBACK_BLOCKS + 1); index--) {
        if (index <= readIndex) break;
        if (this.store.isLive(key(index))) {
          readIndex = index;
          break;
        }
      }
    }
    if (readIndex >= 0) this.store.touch(key(readIndex), ttlOf(readIndex));

    const minimum = minimumCacheableTokens(model);
    let lastWrite = -1;
    let lastOneHourWrite = -1;
    for (const breakpoint of breakpoints) {
      if (breakpoint <= readIndex || tokensAt(breakpoint) < minimum) continue;
      this.store.touch(key(breakpoint), ttlOf(breakpoint));
      lastWrite = breakpoint;
      if (segments[breakpoint]?.cacheTtl === "1h") lastOneHourWrite = breakpoint;
    }
    const cacheRead = tokensAt(readIndex);
    const cacheWrite1h = lastOneHourWrite >= 0 ? tokensAt(lastOneHourWrite) - cacheRead : 0;
    const cacheWrite5m = lastWrite >= 0 ? tokensAt(lastWrite) - cacheRead - cacheWrite1h : 0;
    return { inputNoCache: prompt.totalTokens - cacheRead - cacheWrite1h - cacheWrite5m, cacheRead, cacheWrite5m, cacheWrite1h };
  }

  clear(): void {
    this.store.clear();
  }
}
