import { randomUUID } from "node:crypto";
import {
  counterNanos,
  PICO_PER_NANO,
  windowOf,
  type ActualSpend,
  type BucketRef,
  type BucketUsage,
  type CounterStore,
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
import { gcraCheck } from "./gcra.js";

interface Bucket {
  spentPico: bigint;
  reservedPico: bigint;
  spentTokens: number;
  reservedTokens: number;
  openReservations: number;
  /** When the window ends (undefined: never); the bucket is dropped a day after with nothing open. */
  endsAt: number | undefined;
}

interface Held {
  reservation: Reservation;
  state: "held" | "settled" | "released" | "expired";
  /** Final states are kept this long so a late settle is still recognised. */
  forgetAt: number;
}

/** Settled and released records only have to outlive a retried settle. */
const FINAL_RETENTION_MS = 60_000;
/** Expired records are kept so a late settle can still correct the expiry charge. */
const EXPIRED_RETENTION_MS = 3_600_000;
/** Hour, day and month buckets outlive their window by this long, for admin reads. */
const WINDOW_RETENTION_MS = 86_400_000;

/**
 * Counters for a single process. Every operation is synchronous inside, hence atomic. Amounts
 * are counted in whole nanodollars, rounded up, like the Redis store (see core/counters.ts).
 *
 * @example
 * const counters = memoryCounterStore();
 * const result = await counters.reserve({ partition: "t1", lines: [{ scope: "key:k1", window: "total", limitPico: 10n ** 12n }], amountPico: 5_000, tokens: 10, ttlMs: 60_000, requestId: "r1" });
 */
export function memoryCounterStore(options: { clock?: () => number } = {}): CounterStore {
  const clock = options.clock ?? Date.now;
  const buckets = new Map<string, Bucket>();
  const reservations = new Map<string, Held>();
  const tats = new Map<string, number>();
  const values = new Map<string, { value: string; expiresAt: number }>();
  const lists = new Map<string, { entries: string[]; expiresAt: number }>();
  let nextExpiry = Number.POSITIVE_INFINITY;
  let lastFullSweep = clock();

  const bucketId = (partition: string, ref: BucketRef) => `${partition}\u0000${ref.scope}\u0000${ref.window}\u0000${ref.windowKey}`;
  const bucketFor = (partition: string, ref: BucketRef, endsAt: number | undefined): Bucket => {
    const id = bucketId(partition, ref);
    let bucket = buckets.get(id);
    if (!bucket) {
      bucket = { spentPico: 0n, reservedPico: 0n, spentTokens: 0, reservedTokens: 0, openReservations: 0, endsAt };
      buckets.set(id, bucket);
    }
    return bucket;
  };
  const unreserve = (held: Held) => {
    for (const ref of held.reservation.buckets) {
      const bucket = bucketFor(held.reservation.partition, ref, undefined);
      bucket.reservedPico -= counted(held.reservation.amountPico);
      bucket.reservedTokens -= held.reservation.tokens;
      bucket.openReservations -= 1;
    }
  };

  const spend = (reservation: Reservation, amountPico: bigint, tokens: number, now: number) => {
    for (const ref of reservation.buckets) {
      const bucket = bucketFor(reservation.partition, ref, windowEndFor(ref.window, now));
      bucket.spentPico += amountPico;
      bucket.spentTokens += tokens;
    }
  };

  const sweepAll = (now: number, partition?: string): number => {
    if (now < nextExpiry && partition === undefined && now - lastFullSweep < 60_000) return 0;
    lastFullSweep = now;
    let swept = 0;
    let earliest = Number.POSITIVE_INFINITY;
    for (const [id, held] of reservations) {
      if (held.state === "held") {
        if (held.reservation.expiresAt <= now) {
          unreserve(held);
          spend(held.reservation, counted(held.reservation.amountPico), held.reservation.tokens, now);
          held.state = "expired";
          held.forgetAt = now + EXPIRED_RETENTION_MS;
          swept += 1;
        } else earliest = Math.min(earliest, held.reservation.expiresAt);
      } else if (held.forgetAt <= now) reservations.delete(id);
    }
    for (const [id, bucket] of buckets) {
      if (bucket.endsAt !== undefined && bucket.endsAt + WINDOW_RETENTION_MS <= now && bucket.openReservations === 0) buckets.delete(id);
    }
    for (const [id, item] of values) if (item.expiresAt <= now) values.delete(id);
    for (const [id, item] of lists) if (item.expiresAt <= now) lists.delete(id);
    for (const [id, tat] of tats) if (tat <= now) tats.delete(id);
    nextExpiry = earliest;
    return swept;
  };

  return {
    kind: "memory",
    async reserve(request: ReserveRequest): Promise<ReserveResult> {
      const now = clock();
      sweepAll(now);
      const amount = counted(request.amountPico);
      const refs: { ref: BucketRef; bucket: Bucket }[] = [];
      for (const line of request.lines) {
        const window = windowOf(line.window, now);
        const ref: BucketRef = { scope: line.scope, window: line.window, windowKey: window.key };
        const bucket = bucketFor(request.partition, ref, window.endsAt);
        const remainingPico = line.limitPico === undefined ? undefined : line.limitPico - bucket.spentPico - bucket.reservedPico;
        const remainingTokens = line.limitTokens === undefined ? undefined : line.limitTokens - bucket.spentTokens - bucket.reservedTokens;
        const moneyShort = remainingPico !== undefined && remainingPico < amount;
        const tokensShort = remainingTokens !== undefined && remainingTokens < request.tokens;
        if (moneyShort || tokensShort) {
          return {
            ok: false,
            refusal: {
              scope: line.scope,
              window: line.window,
              limitKind: moneyShort ? "money" : "tokens",
              ...(line.limitPico !== undefined ? { limitPico: line.limitPico } : {}),
              ...(line.limitTokens !== undefined ? { limitTokens: line.limitTokens, remainingTokens: Math.max(0, remainingTokens ?? 0) } : {}),
              remainingPico: remainingPico === undefined ? 0n : remainingPico > 0n ? remainingPico : 0n,
            },
          };
        }
        refs.push({ ref, bucket });
      }
      const reservation: Reservation = {
        id: randomUUID(),
        partition: request.partition,
        requestId: request.requestId,
        buckets: refs.map(({ ref }) => ref),
        amountPico: request.amountPico,
        tokens: request.tokens,
        expiresAt: now + request.ttlMs,
      };
      for (const { bucket } of refs) {
        bucket.reservedPico += amount;
        bucket.reservedTokens += request.tokens;
        bucket.openReservations += 1;
      }
      reservations.set(reservation.id, { reservation, state: "held", forgetAt: Number.POSITIVE_INFINITY });
      nextExpiry = Math.min(nextExpiry, reservation.expiresAt);
      const remaining = request.lines.map((line, index) => {
        const bucket = refs[index]!.bucket;
        return {
          scope: line.scope,
          window: line.window,
          ...(line.limitPico !== undefined ? { limitPico: line.limitPico, remainingPico: line.limitPico - bucket.spentPico - bucket.reservedPico } : {}),
          ...(line.limitTokens !== undefined ? { limitTokens: line.limitTokens, remainingTokens: line.limitTokens - bucket.spentTokens - bucket.reservedTokens } : {}),
        };
      });
      return { ok: true, reservation, remaining };
    },

    async settle(reservation: Reservation, actual: ActualSpend): Promise<SettleOutcome> {
      const now = clock();
      sweepAll(now);
      const held = reservations.get(reservation.id);
      if (held && (held.state === "settled" || held.state === "released")) return "already-final";
      const wasHeld = held?.state === "held";
      if (held && wasHeld) unreserve(held);
      // An expired reservation was charged in full; replace that charge by the actual spend.
      const charged = held?.state === "expired" ? reservation : undefined;
      spend(reservation, counted(actual.amountPico) - counted(charged?.amountPico ?? 0), actual.tokens - (charged?.tokens ?? 0), now);
      reservations.set(reservation.id, { reservation, state: "settled", forgetAt: now + FINAL_RETENTION_MS });
      return wasHeld ? "settled" : "settled-after-expiry";
    },

    async release(reservation: Reservation): Promise<ReleaseOutcome> {
      const now = clock();
      sweepAll(now);
      const held = reservations.get(reservation.id);
      if (!held || (held.state !== "held" && held.state !== "expired")) return "already-final";
      if (held.state === "expired") {
        spend(reservation, -counted(reservation.amountPico), -reservation.tokens, now);
        held.state = "released";
        held.forgetAt = now + FINAL_RETENTION_MS;
        return "refunded-after-expiry";
      }
      unreserve(held);
      held.state = "released";
      held.forgetAt = now + FINAL_RETENTION_MS;
      return "released";
    },

    async usage(partition: string, scope: string, window: BudgetWindow): Promise<BucketUsage> {
      const now = clock();
      sweepAll(now);
      const windowKey = windowOf(window, now).key;
      const bucket = buckets.get(bucketId(partition, { scope, window, windowKey }));
      return {
        scope,
        window,
        windowKey,
        spentPico: bucket?.spentPico ?? 0n,
        reservedPico: bucket?.reservedPico ?? 0n,
        spentTokens: bucket?.spentTokens ?? 0,
        reservedTokens: bucket?.reservedTokens ?? 0,
        openReservations: bucket?.openReservations ?? 0,
      };
    },

    async reconcile(partition: string, scope: string, window: BudgetWindow, spent: { amountPico: bigint; tokens: number }): Promise<BucketUsage> {
      const now = clock();
      const bounds = windowOf(window, now);
      const bucket = bucketFor(partition, { scope, window, windowKey: bounds.key }, bounds.endsAt);
      bucket.spentPico = counted(spent.amountPico);
      bucket.spentTokens = spent.tokens;
      return this.usage(partition, scope, window);
    },

    async sweep(partition: string): Promise<number> {
      return sweepAll(clock(), partition);
    },

    async consumeRate(partition: string, limits: readonly RateLimit[], options: { force?: boolean } = {}): Promise<RateResult> {
      const scoped = limits.map((limit) => ({ ...limit, key: `${partition}\u0000${limit.key}` }));
      const { result, next } = gcraCheck(tats, scoped, clock());
      if (result.ok || options.force) for (const [key, tat] of next) tats.set(key, tat);
      return result.ok ? result : { ...result, key: result.key.slice(partition.length + 1) };
    },

    async pushRecent(partition: string, key: string, entry: string, options: RecentOptions): Promise<string[]> {
      const now = clock();
      const id = `${partition}\u0000${key}`;
      const current = lists.get(id);
      const previous = current && current.expiresAt > now ? current.entries : [];
      lists.set(id, { entries: [entry, ...previous].slice(0, options.keep), expiresAt: now + options.ttlMs });
      return previous.slice(0, options.keep);
    },

    async recent(partition: string, key: string): Promise<string[]> {
      const current = lists.get(`${partition}\u0000${key}`);
      return current && current.expiresAt > clock() ? [...current.entries] : [];
    },

    async remember(partition: string, key: string, value: string, ttlMs: number): Promise<void> {
      values.set(`${partition}\u0000${key}`, { value, expiresAt: clock() + ttlMs });
    },

    async recall(partition: string, key: string): Promise<string | undefined> {
      const found = values.get(`${partition}\u0000${key}`);
      if (!found || found.expiresAt <= clock()) return undefined;
      return found.value;
    },

    async close(): Promise<void> {},
  };
}

/** What the counters add for an amount: whole nanodollars rounded up, kept in pico (see core/counters.ts). */
function counted(pico: number | bigint): bigint {
  return counterNanos(pico) * PICO_PER_NANO;
}

function windowEndFor(window: BudgetWindow, now: number): number | undefined {
  return windowOf(window, now).endsAt;
}
