import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import {
  counterNanos,
  PICO_PER_NANO,
  windowOf,
  type ActualSpend,
  type BucketRef,
  type BucketUsage,
  type CounterStore,
  type LineRemaining,
  type RateLimit,
  type RateResult,
  type RecentOptions,
  type ReleaseOutcome,
  type Reservation,
  type ReserveRequest,
  type ReserveResult,
  type SettleOutcome,
} from "../../core/counters.js";
import type { BudgetWindow } from "../../core/virtual-key.js";
import { rateScript, releaseScript, reserveScript, settleScript, sweepScript } from "./scripts.js";

/** Expired reservation records are kept this long, so a late settle can still correct the expiry charge. */
const EXPIRED_RETENTION_MS = 3_600_000;
/** Hour, day and month buckets outlive their window by this long, for admin reads. */
const WINDOW_RETENTION_MS = 86_400_000;
/** Run buckets never roll; they are dropped after this long without activity. */
const RUN_IDLE_MS = 30 * 86_400_000;

type Script = (numberOfKeys: number, ...argumentsAndKeys: (string | number)[]) => Promise<unknown>;
interface ScriptedRedis {
  tokenomyReserve: Script;
  tokenomySettle: Script;
  tokenomyRelease: Script;
  tokenomySweep: Script;
  tokenomyRate: Script;
}

export interface RedisCounterOptions {
  /** `redis://HOST:PORT`, or an existing client (not closed by `close()`). */
  url?: string;
  client?: Redis;
  /** Prepended to every key, e.g. `tokenomy:`; tests use a unique one per run. */
  keyPrefix?: string;
  clock?: () => number;
}

/**
 * Counters shared by gateway replicas through Redis. Each reserve, settle and release is one Lua
 * script (EVALSHA via ioredis `defineCommand`) over every scope of the chain.
 *
 * @example
 * const counters = redisCounterStore({ url: "redis://127.0.0.1:6379", keyPrefix: "tokenomy:" });
 */
export function redisCounterStore(options: RedisCounterOptions): CounterStore & { readonly client: Redis } {
  const ownsClient = options.client === undefined;
  const client = options.client ?? new Redis(options.url ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 2, enableAutoPipelining: true });
  const clock = options.clock ?? Date.now;
  const prefix = options.keyPrefix ?? "tokenomy:";
  client.defineCommand("tokenomyReserve", { lua: reserveScript });
  client.defineCommand("tokenomySettle", { lua: settleScript });
  client.defineCommand("tokenomyRelease", { lua: releaseScript });
  client.defineCommand("tokenomySweep", { lua: sweepScript });
  client.defineCommand("tokenomyRate", { lua: rateScript });
  const scripts = client as unknown as ScriptedRedis;

  const base = (partition: string) => `${prefix}{${encodeURIComponent(partition)}}:`;
  const expiryKey = (partition: string) => `${base(partition)}exp`;
  const reservationPrefix = (partition: string) => `${base(partition)}r:`;
  const bucketKey = (partition: string, ref: BucketRef) => `${base(partition)}b:${ref.scope}|${ref.window}|${ref.windowKey}`;
  const bucketTtl = (window: BudgetWindow, now: number): string => {
    if (window === "total") return "";
    if (window === "run") return String(RUN_IDLE_MS);
    return String((windowOf(window, now).endsAt ?? now) - now + WINDOW_RETENTION_MS);
  };

  return {
    kind: "redis",
    client,
    async reserve(request: ReserveRequest): Promise<ReserveResult> {
      const now = clock();
      const id = randomUUID();
      const refs = request.lines.map((line): BucketRef => ({ scope: line.scope, window: line.window, windowKey: windowOf(line.window, now).key }));
      const keys = [expiryKey(request.partition), reservationPrefix(request.partition) + id, ...refs.map((ref) => bucketKey(request.partition, ref))];
      const args: (string | number)[] = [now, now + request.ttlMs, counterNanos(request.amountPico).toString(), String(request.tokens), id, reservationPrefix(request.partition), EXPIRED_RETENTION_MS];
      for (const line of request.lines) {
        // floor(limit / 1 nUSD) >= k exactly when limit >= k nUSD, for the whole-nano sums k the script compares.
        args.push(line.limitPico === undefined ? "" : (line.limitPico / PICO_PER_NANO).toString(), line.limitTokens === undefined ? "" : String(line.limitTokens), bucketTtl(line.window, now));
      }
      const reply = (await scripts.tokenomyReserve(keys.length, ...keys, ...args)) as (string | number)[];
      if (Number(reply[0]) === 0) {
        const line = request.lines[Number(reply[1]) - 1]!;
        const [spent, reserved, spentTokens, reservedTokens] = fromReply(reply.slice(3));
        const remainingPico = line.limitPico === undefined ? 0n : line.limitPico - spent! - reserved!;
        const remainingTokens = line.limitTokens === undefined ? undefined : line.limitTokens - Number(spentTokens! + reservedTokens!);
        return {
          ok: false,
          refusal: {
            scope: line.scope,
            window: line.window,
            limitKind: reply[2] === "tokens" ? "tokens" : "money",
            ...(line.limitPico !== undefined ? { limitPico: line.limitPico } : {}),
            ...(line.limitTokens !== undefined ? { limitTokens: line.limitTokens, remainingTokens: Math.max(0, remainingTokens ?? 0) } : {}),
            remainingPico: remainingPico > 0n ? remainingPico : 0n,
          },
        };
      }
      const remaining = request.lines.map((line, index): LineRemaining => {
        const [spent, reserved, spentTokens, reservedTokens] = fromReply(reply.slice(1 + index * 4, 5 + index * 4));
        return {
          scope: line.scope,
          window: line.window,
          ...(line.limitPico !== undefined ? { limitPico: line.limitPico, remainingPico: line.limitPico - spent! - reserved! } : {}),
          ...(line.limitTokens !== undefined ? { limitTokens: line.limitTokens, remainingTokens: line.limitTokens - Number(spentTokens! + reservedTokens!) } : {}),
        };
      });
      const reservation: Reservation = {
        id,
        partition: request.partition,
        requestId: request.requestId,
        buckets: refs,
        amountPico: request.amountPico,
        tokens: request.tokens,
        expiresAt: now + request.ttlMs,
      };
      return { ok: true, reservation, remaining };
    },

    async settle(reservation: Reservation, actual: ActualSpend): Promise<SettleOutcome> {
      const now = clock();
      const { partition } = reservation;
      const keys = [expiryKey(partition), reservationPrefix(partition) + reservation.id, ...reservation.buckets.map((ref) => bucketKey(partition, ref))];
      const args = [now, counterNanos(actual.amountPico).toString(), String(actual.tokens), reservation.id, reservationPrefix(partition), EXPIRED_RETENTION_MS, ...reservation.buckets.map((ref) => bucketTtl(ref.window, now))];
      return (await scripts.tokenomySettle(keys.length, ...keys, ...args)) as SettleOutcome;
    },

    async release(reservation: Reservation): Promise<ReleaseOutcome> {
      const { partition } = reservation;
      const keys = [expiryKey(partition), reservationPrefix(partition) + reservation.id];
      return (await scripts.tokenomyRelease(2, ...keys, clock(), reservation.id, reservationPrefix(partition), EXPIRED_RETENTION_MS)) as ReleaseOutcome;
    },

    async usage(partition: string, scope: string, window: BudgetWindow): Promise<BucketUsage> {
      const windowKey = windowOf(window, clock()).key;
      await this.sweep(partition);
      const [spent, reserved, spentTokens, reservedTokens, open] = await client.hmget(bucketKey(partition, { scope, window, windowKey }), "sp", "rp", "st", "rt", "n");
      return {
        scope,
        window,
        windowKey,
        spentPico: BigInt(spent ?? 0) * PICO_PER_NANO,
        reservedPico: BigInt(reserved ?? 0) * PICO_PER_NANO,
        spentTokens: Number(spentTokens ?? 0),
        reservedTokens: Number(reservedTokens ?? 0),
        openReservations: Number(open ?? 0),
      };
    },

    async reconcile(partition: string, scope: string, window: BudgetWindow, spent: { amountPico: bigint; tokens: number }): Promise<BucketUsage> {
      const now = clock();
      const key = bucketKey(partition, { scope, window, windowKey: windowOf(window, now).key });
      const ttl = bucketTtl(window, now);
      const transaction = client.multi().hset(key, "sp", counterNanos(spent.amountPico).toString(), "st", String(spent.tokens));
      if (ttl !== "") transaction.pexpire(key, Number(ttl));
      await transaction.exec();
      return this.usage(partition, scope, window);
    },

    async sweep(partition: string): Promise<number> {
      return Number(await scripts.tokenomySweep(1, expiryKey(partition), clock(), reservationPrefix(partition), EXPIRED_RETENTION_MS));
    },

    async consumeRate(partition: string, limits: readonly RateLimit[], options: { force?: boolean } = {}): Promise<RateResult> {
      if (limits.length === 0) return { ok: true };
      const keys = limits.map((limit) => `${base(partition)}rate:${limit.key}`);
      const args: (string | number)[] = [clock(), options.force ? "1" : "0"];
      for (const limit of limits) args.push(limit.limit, limit.periodMs, limit.cost);
      const reply = (await scripts.tokenomyRate(keys.length, ...keys, ...args)) as number[];
      if (reply[0] === 1) return { ok: true };
      const limit = limits[reply[1]! - 1]!;
      return { ok: false, key: limit.key, limit: limit.limit, retryAfterMs: reply[2]!, impossible: reply[3] === 1 };
    },

    async pushRecent(partition: string, key: string, entry: string, recent: RecentOptions): Promise<string[]> {
      const listKey = `${base(partition)}recent:${key}`;
      const results = await client
        .multi()
        .lrange(listKey, 0, recent.keep - 1)
        .lpush(listKey, entry)
        .ltrim(listKey, 0, recent.keep - 1)
        .pexpire(listKey, recent.ttlMs)
        .exec();
      const previous = results?.[0]?.[1];
      return Array.isArray(previous) ? (previous as string[]) : [];
    },

    async recent(partition: string, key: string): Promise<string[]> {
      return client.lrange(`${base(partition)}recent:${key}`, 0, -1);
    },

    async remember(partition: string, key: string, value: string, ttlMs: number): Promise<void> {
      await client.set(`${base(partition)}kv:${key}`, value, "PX", ttlMs);
    },

    async recall(partition: string, key: string): Promise<string | undefined> {
      return (await client.get(`${base(partition)}kv:${key}`)) ?? undefined;
    },

    async close(): Promise<void> {
      if (ownsClient) await client.quit();
    },
  };
}

/** A bucket's `sp, rp, st, rt` from a script reply: spent and reserved in pUSD (stored in nUSD), then tokens. */
function fromReply(values: readonly (string | number)[]): [bigint, bigint, bigint, bigint] {
  return [BigInt(values[0]!) * PICO_PER_NANO, BigInt(values[1]!) * PICO_PER_NANO, BigInt(values[2]!), BigInt(values[3]!)];
}
