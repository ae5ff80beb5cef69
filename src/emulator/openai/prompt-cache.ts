import { ExpiringStore } from "../expiring-store.js";

/** OpenAI caches prompts of at least 1,024 tokens, in 128-token steps (prompt caching guide). */
export const OPENAI_MINIMUM_CACHED_TOKENS = 1024;
export const OPENAI_CACHE_STEP_TOKENS = 128;
/** Prefixes stay 5 to 10 minutes after last use and at most an hour; `prompt_cache_retention: "24h"` keeps them a day. */
const INACTIVE_TTL_MS = 5 * 60_000;
const MAX_LIFETIME_MS = 60 * 60_000;
const EXTENDED_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * OpenAI automatic prefix caching: every request of 1,024 tokens or more stores its prefixes at
 * 1024 + 128k tokens; a later request with the same model (and `prompt_cache_key`) reads the
 * longest stored prefix it shares. Writes are free and unreported, reads show as `cached_tokens`.
 */
export class OpenAiPromptCache {
  private readonly store: ExpiringStore;

  constructor(now: () => number) {
    this.store = new ExpiringStore(now);
  }

  /** Returns the cached tokens of this prompt, and records its prefixes. */
  apply(model: string, cacheKey: string, tokenIds: readonly number[], extendedRetention: boolean): number {
    if (tokenIds.length < OPENAI_MINIMUM_CACHED_TOKENS) return 0;
    const keys: string[] = [];
    let low = 0x811c9dc5;
    let high = 0x01000193;
    for (let position = 0; position < tokenIds.length; position++) {
      const id = tokenIds[position] as number;
      low = Math.imul(low ^ id, 0x01000193);
      high = Math.imul(high ^ (id + position), 0x5bd1e995);
      const length = position + 1;
      if (length >= OPENAI_MINIMUM_CACHED_TOKENS && (length - OPENAI_MINIMUM_CACHED_TOKENS) % OPENAI_CACHE_STEP_TOKENS === 0) {
        keys.push(`${model}|${cacheKey}|${length}|${low >>> 0}:${high >>> 0}`);
      }
    }
    let cached = 0;
    for (let index = keys.length - 1; index >= 0; index--) {
      if (this.store.isLive(keys[index] as string)) {
        cached = OPENAI_MINIMUM_CACHED_TOKENS + index * OPENAI_CACHE_STEP_TOKENS;
        break;
      }
    }
    const ttl = extendedRetention ? EXTENDED_LIFETIME_MS : INACTIVE_TTL_MS;
    const lifetime = extendedRetention ? EXTENDED_LIFETIME_MS : MAX_LIFETIME_MS;
    for (const key of keys) this.store.touch(key, ttl, lifetime);
    return cached;
  }

  clear(): void {
    this.store.clear();
  }
}
