import type { CounterStore } from "../core/counters.js";
import { TokenomyError } from "../core/errors/index.js";

export const DEFAULT_COUNTERS = "memory";
/** Key prefix of the Redis store unless the target sets `?prefix=`. */
export const DEFAULT_COUNTERS_PREFIX = "tokenomy:";

/**
 * Every counter store, by the scheme that selects it, one line each. Adding a store is one folder
 * `src/stores/counters-<kind>/` passing `counters-contract.ts`, and one line here; a scheme
 * without an opener fails to compile. Stores load lazily, so the memory store never loads ioredis.
 */
export const counterSchemes = ["memory", "redis", "rediss"] as const;
export type CounterScheme = (typeof counterSchemes)[number];

const openers = {
  memory: async () => (await import("./counters-memory/memory-counter-store.js")).memoryCounterStore(),
  redis: openRedis,
  rediss: openRedis,
} satisfies Record<CounterScheme, (target: string) => Promise<CounterStore>>;

async function openRedis(target: string): Promise<CounterStore> {
  const url = new URL(target);
  const keyPrefix = url.searchParams.get("prefix") ?? DEFAULT_COUNTERS_PREFIX;
  url.searchParams.delete("prefix");
  const { redisCounterStore } = await import("./counters-redis/redis-counter-store.js");
  return redisCounterStore({ url: url.toString(), keyPrefix });
}

/** Which store a `--counters` target names: `memory`, or a `redis://` / `rediss://` URL. */
export function counterSchemeOf(target: string): CounterScheme {
  const scheme = target === "memory" ? "memory" : /^([a-z][a-z0-9+.-]*):\/\//i.exec(target)?.[1]?.toLowerCase();
  if (scheme && (counterSchemes as readonly string[]).includes(scheme)) return scheme as CounterScheme;
  throw new TokenomyError("config_invalid", `counters must be "memory" or redis://HOST:PORT[?prefix=KEYPREFIX], not ${JSON.stringify(target)}`);
}

/**
 * Opens the counter store behind budgets, rate limits and the loop guard: `memory` (one process,
 * the default) or `redis://HOST:PORT` (shared by replicas; `?prefix=team-a:` sets the key prefix,
 * default `tokenomy:`). The caller closes it.
 *
 * @example
 * const counters = await openCounters("redis://127.0.0.1:6379?prefix=tokenomy:");
 * await counters.close();
 */
export async function openCounters(target: string = DEFAULT_COUNTERS): Promise<CounterStore> {
  return openers[counterSchemeOf(target)](target);
}
