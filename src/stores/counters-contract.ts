import { describe, expect, it } from "vitest";
import type { BudgetLine, CounterStore, ReserveRequest } from "../core/counters.js";

/** A clock the contract moves forward: real time plus an offset, so server-side TTLs still tick. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function testClock(): TestClock {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) };
}

export interface CounterStoreFactory {
  /** A fresh, empty store on the given clock. */
  open(clock: TestClock): Promise<CounterStore>;
}

const USD = 1_000_000_000_000n;
/** One nanodollar in pUSD: stores count whole nanos, so exact expectations use whole-nano amounts. */
const NANO = 1_000n;
const PICO_NANO = 1_000;
let partitionSequence = 0;
const freshPartition = () => `tenant-${process.pid}-${Date.now()}-${partitionSequence++}`;

function request(partition: string, lines: BudgetLine[], amountPico: number, extra: Partial<ReserveRequest> = {}): ReserveRequest {
  return { partition, lines, amountPico, tokens: 10, ttlMs: 60_000, requestId: `request-${Math.random()}`, ...extra };
}

/**
 * The counter store contract: every CounterStore passes it (memory in one process, Redis over a
 * real connection).
 */
export function counterStoreContract(name: string, factory: CounterStoreFactory): void {
  const withStore = async (test: (store: CounterStore, clock: TestClock) => Promise<void>) => {
    const clock = testClock();
    const store = await factory.open(clock);
    try {
      await test(store, clock);
    } finally {
      await store.close();
    }
  };

  describe(`${name} counter store contract`, () => {
    it("admits at most what fits under 1,000 concurrent reserves, exactly 100", () =>
      withStore(async (store) => {
        const partition = freshPartition();
        const price = 1_234_567_000; // whole nanos: the expected sums are exact
        const line: BudgetLine = { scope: "key:k1", window: "total", limitPico: BigInt(price) * 100n };
        const results = await Promise.all(Array.from({ length: 1000 }, () => store.reserve(request(partition, [line], price))));
        const admitted = results.filter((result) => result.ok);
        expect(admitted).toHaveLength(100);
        const refused = results.find((result) => !result.ok);
        expect(refused && !refused.ok && refused.refusal).toMatchObject({ scope: "key:k1", limitKind: "money", remainingPico: 0n });
        await Promise.all(admitted.map((result) => result.ok && store.settle(result.reservation, { amountPico: price, tokens: 10 })));
        const usage = await store.usage(partition, "key:k1", "total");
        expect(usage).toMatchObject({ spentPico: BigInt(price) * 100n, reservedPico: 0n, spentTokens: 1000, reservedTokens: 0, openReservations: 0 });
      }));

    it("reserves on every line or on none, naming the first line without room", () =>
      withStore(async (store) => {
        const partition = freshPartition();
        const lines: BudgetLine[] = [
          { scope: "tenant:t1", window: "month", limitPico: 10n * USD },
          { scope: "key:k1", window: "day", limitPico: USD },
          { scope: "run:r1", window: "run", limitPico: USD / 2n },
        ];
        const first = await store.reserve(request(partition, lines, 400_000_000_000));
        expect(first.ok).toBe(true);
        if (first.ok) expect(first.remaining.map((line) => line.remainingPico)).toEqual([10n * USD - 400_000_000_000n, 600_000_000_000n, 100_000_000_000n]);
        const second = await store.reserve(request(partition, lines, 200_000_000_000));
        expect(second).toEqual({
          ok: false,
          refusal: { scope: "run:r1", window: "run", limitKind: "money", limitPico: USD / 2n, remainingPico: 100_000_000_000n },
        });
        expect((await store.usage(partition, "tenant:t1", "month")).reservedPico).toBe(400_000_000_000n);
        expect((await store.usage(partition, "key:k1", "day")).openReservations).toBe(1);
      }));

    it("settles the actual spend, records an overrun, and is final once", () =>
      withStore(async (store) => {
        const partition = freshPartition();
        const line: BudgetLine = { scope: "key:k1", window: "total", limitPico: 1_000n * NANO };
        const reserved = await store.reserve(request(partition, [line], 600 * PICO_NANO));
        if (!reserved.ok) throw new Error("expected admission");
        expect(await store.settle(reserved.reservation, { amountPico: 450 * PICO_NANO, tokens: 7 })).toBe("settled");
        expect(await store.settle(reserved.reservation, { amountPico: 450 * PICO_NANO, tokens: 7 })).toBe("already-final");
        expect(await store.release(reserved.reservation)).toBe("already-final");
        const over = await store.reserve(request(partition, [line], 500 * PICO_NANO));
        if (!over.ok) throw new Error("expected admission");
        expect(await store.settle(over.reservation, { amountPico: 800 * PICO_NANO, tokens: 3 })).toBe("settled");
        expect(await store.usage(partition, "key:k1", "total")).toMatchObject({ spentPico: 1_250n * NANO, reservedPico: 0n, spentTokens: 10 });
        const refused = await store.reserve(request(partition, [line], 1 * PICO_NANO));
        expect(!refused.ok && refused.refusal.remainingPico).toBe(0n);
      }));

    it("releases a reservation in full, once", () =>
      withStore(async (store) => {
        const partition = freshPartition();
        const line: BudgetLine = { scope: "key:k1", window: "total", limitPico: 1_000n * NANO };
        const reserved = await store.reserve(request(partition, [line], 1_000 * PICO_NANO));
        if (!reserved.ok) throw new Error("expected admission");
        expect((await store.reserve(request(partition, [line], 1 * PICO_NANO))).ok).toBe(false);
        expect(await store.release(reserved.reservation)).toBe("released");
        expect(await store.release(reserved.reservation)).toBe("already-final");
        expect(await store.usage(partition, "key:k1", "total")).toMatchObject({ spentPico: 0n, reservedPico: 0n, openReservations: 0 });
        expect((await store.reserve(request(partition, [line], 1_000 * PICO_NANO))).ok).toBe(true);
      }));

    it("charges the expired reservations of a crashed holder in full and corrects the charge on a late settle or release", () =>
      withStore(async (store, clock) => {
        const partition = freshPartition();
        const line: BudgetLine = { scope: "key:k1", window: "total", limitPico: 1_000n * NANO };
        const crashed = await store.reserve(request(partition, [line], 900 * PICO_NANO, { ttlMs: 5_000 }));
        const late = await store.reserve(request(partition, [line], 100 * PICO_NANO, { ttlMs: 5_000 }));
        if (!crashed.ok || !late.ok) throw new Error("expected admission");
        expect((await store.reserve(request(partition, [line], 50 * PICO_NANO))).ok).toBe(false);
        clock.advance(5_001);
        // Nobody knows whether the provider billed the crashed calls: they count as spent.
        expect((await store.reserve(request(partition, [line], 1 * PICO_NANO))).ok).toBe(false);
        expect(await store.usage(partition, "key:k1", "total")).toMatchObject({ spentPico: 1_000n * NANO, reservedPico: 0n, openReservations: 0, spentTokens: 20 });
        expect(await store.release(crashed.reservation)).toBe("refunded-after-expiry");
        expect(await store.release(crashed.reservation)).toBe("already-final");
        expect(await store.settle(late.reservation, { amountPico: 80 * PICO_NANO, tokens: 1 })).toBe("settled-after-expiry");
        expect(await store.settle(late.reservation, { amountPico: 80 * PICO_NANO, tokens: 1 })).toBe("already-final");
        expect(await store.usage(partition, "key:k1", "total")).toMatchObject({ spentPico: 80n * NANO, reservedPico: 0n, spentTokens: 1 });
        expect((await store.reserve(request(partition, [line], 900 * PICO_NANO, { ttlMs: 60_000 }))).ok).toBe(true);
        expect(await store.usage(partition, "key:k1", "total")).toMatchObject({ spentPico: 80n * NANO, reservedPico: 900n * NANO, openReservations: 1 });
      }));

    it("sweeps expired reservations on demand", () =>
      withStore(async (store, clock) => {
        const partition = freshPartition();
        const line: BudgetLine = { scope: "key:k1", window: "day", limitPico: 1_000n * NANO };
        await Promise.all([1, 2, 3].map(() => store.reserve(request(partition, [line], 100 * PICO_NANO, { ttlMs: 1_000 }))));
        clock.advance(1_500);
        expect(await store.sweep(partition)).toBe(3);
        expect(await store.usage(partition, "key:k1", "day")).toMatchObject({ spentPico: 300n * NANO, reservedPico: 0n, openReservations: 0 });
      }));

    it("reconciles a bucket's spend to a known total, keeping its open reservations", () =>
      withStore(async (store, clock) => {
        const partition = freshPartition();
        const line: BudgetLine = { scope: "key:k1", window: "month", limitPico: 1_000n * NANO };
        await store.reserve(request(partition, [line], 900 * PICO_NANO, { ttlMs: 1_000 }));
        clock.advance(1_500);
        const open = await store.reserve(request(partition, [line], 50 * PICO_NANO));
        expect(open.ok).toBe(true);
        expect(await store.usage(partition, "key:k1", "month")).toMatchObject({ spentPico: 900n * NANO, reservedPico: 50n * NANO });
        // The ledger says the crashed call cost 120 nUSD (and 1 pUSD): the expiry charge is replaced.
        const after = await store.reconcile(partition, "key:k1", "month", { amountPico: 120n * NANO + 1n, tokens: 42 });
        expect(after).toMatchObject({ spentPico: 121n * NANO, spentTokens: 42, reservedPico: 50n * NANO, openReservations: 1 });
        expect((await store.reserve(request(partition, [line], 829 * PICO_NANO))).ok).toBe(true);
        expect((await store.reserve(request(partition, [line], 1))).ok).toBe(false);
      }));

    it("rolls hour, day and month windows in UTC; total and run never roll", () =>
      withStore(async (store, clock) => {
        const partition = freshPartition();
        const now = clock.now();
        clock.advance(Math.ceil(now / 3_600_000) * 3_600_000 - now + 1_000); // one second into the next hour
        const hourly: BudgetLine = { scope: "key:k1", window: "hour", limitPico: 100n * NANO };
        const total: BudgetLine = { scope: "key:k2", window: "total", limitPico: 100n * NANO };
        for (const line of [hourly, total]) {
          const first = await store.reserve(request(partition, [line], 100 * PICO_NANO));
          if (!first.ok) throw new Error("expected admission");
          await store.settle(first.reservation, { amountPico: 100 * PICO_NANO, tokens: 1 });
          expect((await store.reserve(request(partition, [line], 1 * PICO_NANO))).ok).toBe(false);
        }
        clock.advance(3_600_000);
        expect((await store.reserve(request(partition, [hourly], 100 * PICO_NANO))).ok).toBe(true);
        expect((await store.reserve(request(partition, [total], 1 * PICO_NANO))).ok).toBe(false);
        expect((await store.usage(partition, "key:k1", "hour")).windowKey).toBe(new Date(clock.now()).toISOString().slice(0, 13));
      }));

    it("counts whole nanodollars, rounded up, so a call is never under-counted", () =>
      withStore(async (store) => {
        const partition = freshPartition();
        const line: BudgetLine = { scope: "key:k1", window: "total", limitPico: 2_500n };
        const first = await store.reserve(request(partition, [line], 1));
        if (!first.ok) throw new Error("expected admission");
        expect((await store.usage(partition, "key:k1", "total")).reservedPico).toBe(1_000n);
        expect(await store.settle(first.reservation, { amountPico: 1_001, tokens: 1 })).toBe("settled");
        expect((await store.usage(partition, "key:k1", "total")).spentPico).toBe(2_000n);
        // 2,000 counted of 2,500: one more picodollar counts as a whole nano and does not fit.
        const refused = await store.reserve(request(partition, [line], 1));
        expect(!refused.ok && refused.refusal).toMatchObject({ limitPico: 2_500n, remainingPico: 500n });
      }));

    it("holds a $50,000 month and a $10M total exactly, to the nanodollar", () =>
      withStore(async (store) => {
        const partition = freshPartition();
        const month: BudgetLine = { scope: "tenant:t1", window: "month", limitPico: 50_000n * USD };
        const call = 9_000 * 1_000_000_000_000; // $9,000, near the largest per-call amount (2^53 pUSD)
        for (let index = 0; index < 5; index++) {
          const reserved = await store.reserve(request(partition, [month], call));
          if (!reserved.ok) throw new Error("expected admission");
          await store.settle(reserved.reservation, { amountPico: call, tokens: 1 });
        }
        expect((await store.reserve(request(partition, [month], 5_000 * 1_000_000_000_000 + 1_000))).ok).toBe(false);
        const last = await store.reserve(request(partition, [month], 5_000 * 1_000_000_000_000));
        expect(last.ok && last.remaining[0]).toMatchObject({ limitPico: 50_000n * USD, remainingPico: 0n });
        // Past 2^53 nUSD ($9M) a double cannot tell 1 nUSD apart: the counters still can.
        const total: BudgetLine = { scope: "tenant:t1", window: "total", limitPico: 10_000_000n * USD + NANO };
        for (let batch = 0; batch < 1_111; batch += 101) {
          const calls = Math.min(101, 1_111 - batch);
          const results = await Promise.all(Array.from({ length: calls }, () => store.reserve(request(partition, [total], call))));
          await Promise.all(results.map((result) => result.ok && store.settle(result.reservation, { amountPico: call, tokens: 1 })));
          expect(results.every((result) => result.ok)).toBe(true);
        }
        expect((await store.usage(partition, "tenant:t1", "total")).spentPico).toBe(9_999_000n * USD);
        const over = await store.reserve(request(partition, [total], 1_000 * 1_000_000_000_000 + 2_000));
        expect(!over.ok && over.refusal).toMatchObject({ remainingPico: 1_000n * USD + NANO });
        const exact = await store.reserve(request(partition, [total], 1_000 * 1_000_000_000_000 + 1_000));
        expect(exact.ok && exact.remaining[0]?.remainingPico).toBe(0n);
      }));

    it("refuses on a token limit and says so", () =>
      withStore(async (store) => {
        const partition = freshPartition();
        const line: BudgetLine = { scope: "run:r1", window: "run", limitTokens: 25 };
        expect((await store.reserve(request(partition, [line], 0, { tokens: 20 }))).ok).toBe(true);
        const refused = await store.reserve(request(partition, [line], 0, { tokens: 10 }));
        expect(!refused.ok && refused.refusal).toMatchObject({ limitKind: "tokens", remainingTokens: 5, scope: "run:r1" });
      }));

    it("rate-limits with GCRA and says when to retry", () =>
      withStore(async (store, clock) => {
        const partition = freshPartition();
        const rpm = { key: "rpm:key:k1", limit: 10, periodMs: 60_000, cost: 1 };
        const tpm = { key: "tpm:key:k1", limit: 1_000, periodMs: 60_000, cost: 50 };
        for (let call = 0; call < 10; call++) expect(await store.consumeRate(partition, [rpm, tpm])).toEqual({ ok: true });
        const refused = await store.consumeRate(partition, [rpm, tpm]);
        expect(refused).toMatchObject({ ok: false, key: "rpm:key:k1", limit: 10, impossible: false });
        expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(5_900);
        expect(!refused.ok && refused.retryAfterMs).toBeLessThanOrEqual(6_000);
        // The refused call consumed nothing: tokens still have 500 of 1,000 left.
        expect(await store.consumeRate(partition, [{ ...tpm, cost: 500 }])).toEqual({ ok: true });
        expect((await store.consumeRate(partition, [{ ...tpm, cost: 1 }])).ok).toBe(false);
        clock.advance(6_000);
        expect(await store.consumeRate(partition, [rpm])).toEqual({ ok: true });
        expect(await store.consumeRate(partition, [{ ...tpm, cost: 5_000 }])).toMatchObject({ ok: false, impossible: true, retryAfterMs: 60_000 });
        await store.consumeRate(partition, [{ ...tpm, cost: 900 }], { force: true });
        clock.advance(60_000);
        expect((await store.consumeRate(partition, [{ ...tpm, cost: 1_000 }])).ok).toBe(false);
      }));

    it("keeps short recent lists and remembered values with a time to live", () =>
      withStore(async (store) => {
        const partition = freshPartition();
        expect(await store.pushRecent(partition, "run:r1", "a", { keep: 3, ttlMs: 60_000 })).toEqual([]);
        await store.pushRecent(partition, "run:r1", "b", { keep: 3, ttlMs: 60_000 });
        await store.pushRecent(partition, "run:r1", "c", { keep: 3, ttlMs: 60_000 });
        expect(await store.pushRecent(partition, "run:r1", "d", { keep: 3, ttlMs: 60_000 })).toEqual(["c", "b", "a"]);
        expect(await store.pushRecent(partition, "run:r1", "e", { keep: 3, ttlMs: 60_000 })).toEqual(["d", "c", "b"]);
        expect(await store.recent(partition, "run:r1")).toEqual(["e", "d", "c"]);
        expect(await store.recent(partition, "run:other")).toEqual([]);
        await store.remember(partition, "hop:h1", "value", 40);
        expect(await store.recall(partition, "hop:h1")).toBe("value");
        await new Promise((resolve) => setTimeout(resolve, 80));
        expect(await store.recall(partition, "hop:h1")).toBeUndefined();
      }));
  });
}
