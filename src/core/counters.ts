import type { Picodollars } from "./money.js";
import type { BudgetWindow } from "./virtual-key.js";

/**
 * Counters behind budgets, rate limits and the loop guard: one interface, an in-memory store for
 * one process (src/stores/counters-memory) and a Redis store for many replicas
 * (src/stores/counters-redis). Both pass src/stores/counters-contract.ts.
 *
 * Partitions: every key of a call lives in one partition (the gateway uses the tenant id), so a
 * Redis implementation can hash-tag keys by partition and run each operation as one script on
 * one cluster slot. Budget chains never cross tenants, so nothing is lost.
 *
 * Windows are fixed calendar windows in UTC (`hour`, `day`, `month`); `run` and `total` never
 * roll (a run budget is a total on the run's own scope). Spend settles into the window the call
 * was admitted in, even when it finishes after the boundary.
 *
 * Units: the interface speaks picodollars, but stores count **nanodollars**: every amount a
 * store adds (reservation, settlement, expiry charge) is rounded up to the next nanodollar, so a
 * counter may over-count a call by less than 1 nUSD and never under-counts it; the ledger keeps
 * the exact picodollars. Nano makes a signed 64-bit counter hold $9.2 billion, so budget limits
 * of any realistic size (a $50,000 month, a $1e9 total) compare exactly, also in Redis, whose
 * Lua numbers are doubles (see counters-redis/scripts.ts). Limits are used exactly: a line
 * admits a call when `limit >= spent + reserved + amount`, every term but the limit whole nanos.
 */

/** One budget in a call's chain, e.g. `{ scope: "key:k1", window: "day", limitPico: 5_000_000_000_000n }`. */
export interface BudgetLine {
  /** Scope label: `tenant:t1`, `user:t1/u1`, `key:k1`, `run:r1`, `hop:r1/h1`. */
  scope: string;
  window: BudgetWindow;
  /** Limit in picodollars; undefined means no money limit on this line. */
  limitPico?: bigint;
  /** Limit in tokens (prompt plus output); undefined means none. */
  limitTokens?: number;
}

export interface ReserveRequest {
  partition: string;
  /** Every budget of the chain, broadest first; the first one lacking room is named in a refusal. */
  lines: readonly BudgetLine[];
  /** Worst-case cost of the call. */
  amountPico: Picodollars;
  /** Worst-case tokens of the call. */
  tokens: number;
  /** The reservation expires (is released by whoever touches the partition next) after this long. */
  ttlMs: number;
  requestId: string;
}

/** Where a reservation sits: one bucket per line, the window fixed at admission. */
export interface BucketRef {
  scope: string;
  window: BudgetWindow;
  /** Window instance, e.g. `2026-11-22T13` for an hour, `all` for run and total. */
  windowKey: string;
}

/** Handle returned by `reserve`; pass it to `settle` or `release`. */
export interface Reservation {
  id: string;
  partition: string;
  requestId: string;
  buckets: BucketRef[];
  amountPico: Picodollars;
  tokens: number;
  expiresAt: number;
}

/** Why a reservation was refused: the first line of the chain without room. */
export interface BudgetRefusal {
  scope: string;
  window: BudgetWindow;
  /** `money` or `tokens`: which limit lacks room. */
  limitKind: "money" | "tokens";
  limitPico?: bigint;
  limitTokens?: number;
  /** What the scope has left before this call (never negative). */
  remainingPico: bigint;
  remainingTokens?: number;
}

export type ReserveResult =
  | { ok: true; reservation: Reservation; remaining: LineRemaining[] }
  | { ok: false; refusal: BudgetRefusal };

/** Room left on one line after the reservation (for near-limit headers). */
export interface LineRemaining {
  scope: string;
  window: BudgetWindow;
  limitPico?: bigint;
  remainingPico?: bigint;
  limitTokens?: number;
  remainingTokens?: number;
}

export interface ActualSpend {
  amountPico: Picodollars;
  tokens: number;
}

/**
 * An expired reservation (its holder crashed, or the call outlived the TTL) is charged as spent
 * at its full amount: the provider may well have billed the call, and nobody is left to say.
 * A settle or release that arrives later corrects the charge to the actual amount.
 *
 * `settled`: the reservation was replaced by the actual spend. `settled-after-expiry`: its expiry
 * charge was replaced by the actual spend. `already-final`: settled or released before; nothing changed.
 */
export type SettleOutcome = "settled" | "settled-after-expiry" | "already-final";
/** `refunded-after-expiry`: the reservation had expired and its expiry charge was taken back. */
export type ReleaseOutcome = "released" | "refunded-after-expiry" | "already-final";

/** Spend and open reservations of one bucket. */
export interface BucketUsage {
  scope: string;
  window: BudgetWindow;
  windowKey: string;
  spentPico: bigint;
  reservedPico: bigint;
  spentTokens: number;
  reservedTokens: number;
  /** Open (unsettled, unexpired at the last sweep) reservations. */
  openReservations: number;
}

/**
 * A rate limit, enforced with GCRA (generic cell rate algorithm): `limit` units per `periodMs`,
 * with a burst of the whole period's allowance. Equivalent to a token bucket refilled
 * continuously, stored as one timestamp per key.
 */
export interface RateLimit {
  /** e.g. `rpm:key:k1`, `tpm:model:gpt-4o`. */
  key: string;
  limit: number;
  periodMs: number;
  /** Units this call consumes (1 for requests, tokens for token limits). */
  cost: number;
}

export type RateResult =
  | { ok: true }
  | { ok: false; key: string; limit: number; retryAfterMs: number; /** the cost alone exceeds the limit */ impossible: boolean };

/** Short per-key history (loop guard, hop lineage). */
export interface RecentOptions {
  keep: number;
  ttlMs: number;
}

export interface CounterStore {
  readonly kind: string;
  /** Reserves `amountPico` on every line at once, or on none. */
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  /** Replaces the reservation by the actual spend, which may exceed it. */
  settle(reservation: Reservation, actual: ActualSpend): Promise<SettleOutcome>;
  release(reservation: Reservation): Promise<ReleaseOutcome>;
  /** Current usage of a line's bucket (for admin reads). */
  usage(partition: string, scope: string, window: BudgetWindow): Promise<BucketUsage>;
  /**
   * Sets the spend of a bucket (its current window instance) to a known total, e.g. what the ledger
   * recorded, keeping its open reservations; corrects expiry charges that no late settle will
   * (see SettleOutcome). The amount is counted like any other, rounded up to the nanodollar.
   * Returns the bucket after the change.
   */
  reconcile(partition: string, scope: string, window: BudgetWindow, spent: { amountPico: bigint; tokens: number }): Promise<BucketUsage>;
  /** Charges every expired reservation of the partition as spent now (see SettleOutcome); returns how many. */
  sweep(partition: string): Promise<number>;
  /** Consumes `cost` from every limit at once, or from none when one refuses. `force` always consumes (debt). */
  consumeRate(partition: string, limits: readonly RateLimit[], options?: { force?: boolean }): Promise<RateResult>;
  /** Appends an entry to a short list and returns the entries that were there before, newest first. */
  pushRecent(partition: string, key: string, entry: string, options: RecentOptions): Promise<string[]>;
  /** The entries of a short list, newest first (empty once it expired). */
  recent(partition: string, key: string): Promise<string[]>;
  /** Stores a small value with a time to live. */
  remember(partition: string, key: string, value: string, ttlMs: number): Promise<void>;
  recall(partition: string, key: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Picodollars in one nanodollar, the unit counter stores count in. */
export const PICO_PER_NANO = 1_000n;

/**
 * What a counter store adds for an amount: whole nanodollars, rounded up.
 *
 * @example
 * counterNanos(1_001) // 2n
 */
export function counterNanos(pico: number | bigint): bigint {
  const value = typeof pico === "bigint" ? pico : BigInt(pico);
  const whole = value / PICO_PER_NANO;
  return whole * PICO_PER_NANO < value ? whole + 1n : whole;
}

const HOUR_MS = 3_600_000;

/**
 * The window instance an instant falls in (UTC) and when it ends (for key expiry).
 *
 * @example
 * windowOf("day", Date.UTC(2026, 10, 22, 13)) // { key: "2026-11-22", endsAt: Date.UTC(2026, 10, 23) }
 */
export function windowOf(window: BudgetWindow, now: number): { key: string; endsAt: number | undefined } {
  // Every reserve and settle asks this for each of its lines: reuse the current instance while it lasts.
  const last = lastWindow[window];
  if (last && last.startsAt !== undefined && now >= last.startsAt && now < last.endsAt!) return last;
  const bounds = windowBounds(window, now);
  lastWindow[window] = bounds;
  return bounds;
}

const lastWindow: Partial<Record<BudgetWindow, ReturnType<typeof windowBounds>>> = {};

/**
 * Like `windowOf`, plus when the window instance began (undefined for `run` and `total`).
 *
 * @example
 * windowBounds("month", Date.UTC(2026, 10, 22, 13)).startsAt // Date.UTC(2026, 10, 1)
 */
export function windowBounds(window: BudgetWindow, now: number): { key: string; startsAt: number | undefined; endsAt: number | undefined } {
  if (window === "run" || window === "total") return { key: "all", startsAt: undefined, endsAt: undefined };
  const date = new Date(now);
  const iso = date.toISOString();
  switch (window) {
    case "hour":
      return { key: iso.slice(0, 13), startsAt: Math.floor(now / HOUR_MS) * HOUR_MS, endsAt: Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS };
    case "day":
      return { key: iso.slice(0, 10), startsAt: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()), endsAt: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1) };
    case "month":
      return { key: iso.slice(0, 7), startsAt: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1), endsAt: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) };
  }
}
