import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { Aggregator } from "../core/aggregate.js";
import type { CallRecord } from "../core/call-record.js";
import { groupKeys, type LedgerQuery, type LedgerStore } from "../core/ledger.js";
import { timeBuckets } from "../core/time-bucket.js";
import { generateRecords, inLedgerOrder } from "./generate-records.js";
import { eventsContract, keysContract } from "./key-store-contract.js";

export interface StoreFactory {
  /** A new, empty store. */
  open(): Promise<LedgerStore>;
  /** Runs once after the suite (for example to drop PostgreSQL schemas). */
  cleanup?(): Promise<void>;
}

export const CONTRACT_TIME_ZONES = [
  "UTC",
  "America/New_York",
  "Europe/London",
  "Asia/Kathmandu",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "America/Santiago",
  "Asia/Kolkata",
];

/** A record with every field set, fractional latencies and zero usage fields, for the round trip. */
export const FULL_RECORD: CallRecord = {
  id: "full-1",
  timestamp: Date.UTC(2026, 10, 22, 13, 0, 0, 123),
  source: "gateway",
  provider: "anthropic",
  model: "claude-sonnet-4-5",
  servedModel: "claude-sonnet-4-5-20250929",
  requestId: "req-1",
  responseId: "msg_1",
  tenantId: "t1",
  userId: "u1",
  keyId: "k1",
  project: "/work/project",
  sessionId: "s1",
  runId: "r1",
  hopId: "h2",
  parentHopId: "h1",
  agentId: "agent-7",
  agentName: "code-reviewer",
  agentKind: "subagent",
  usage: { inputNoCache: 0, cacheRead: 1200, cacheWrite5m: 0, cacheWrite1h: 300, output: 0, reasoning: 0, webSearchRequests: 0 },
  costPico: 0,
  reportedCostPico: 9_007_199_254_740_991,
  latencyMs: 1234.5678,
  ttftMs: 0,
  status: "cut",
  errorClass: "stream_cut",
  cacheOutcome: "hit-semantic",
  stopReason: "end_turn",
  fingerprints: { systemHash: "ab", systemTokens: 0, toolsHash: "cd", toolsTokens: 5, prefixHash: "ef", prefixTokens: 7 },
  toolNames: ["Read", "Bash"],
  decision: { vector: { valueUsd: 0.5, latencyUsdPerSecond: 0.001, riskUsd: 0 }, options: [{ id: "a", score: -0.25 }], chosen: "a", expostBest: "a" },
  tags: { team: "search", "with space": "é ✓" },
};

/** The smallest valid record: nothing optional, usage not reported at all. */
export const MINIMAL_RECORD: CallRecord = {
  id: "minimal-1",
  timestamp: 0,
  source: "",
  model: "m",
  usage: {},
  status: "ok",
};

async function collect(iterable: AsyncIterable<CallRecord>): Promise<CallRecord[]> {
  const records: CallRecord[] = [];
  for await (const record of iterable) records.push(record);
  return records;
}

/** What the reference Aggregator answers, fed in ledger order (which fixes the unpriced models' order). */
export function expected(records: readonly CallRecord[], query: LedgerQuery) {
  const aggregator = new Aggregator(query);
  for (const record of inLedgerOrder(records)) aggregator.add(record);
  return aggregator.result();
}

/**
 * The one contract every LedgerStore passes. Call it inside a test file with a factory that
 * opens a fresh store of the kind under test.
 *
 * @example
 * ledgerContract("sqlite", { open: async () => SqliteLedger.open(temporaryFile()) });
 */
export function ledgerContract(name: string, factory: StoreFactory): void {
  describe(`LedgerStore contract: ${name}`, () => {
    let store: LedgerStore;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => {
      await store.close();
    });
    afterAll(async () => {
      await factory.cleanup?.();
    });

    it("appends idempotently by id and counts only new records", async () => {
      const records = generateRecords(50, { seed: 3 });
      expect(await store.append(records.slice(0, 30))).toBe(30);
      expect(await store.append(records)).toBe(20);
      expect(await store.append(records)).toBe(0);
      expect(await store.append([records[0]!, { ...records[0]!, model: "changed" }])).toBe(0);
      const fresh = { ...records[0]!, id: "fresh" };
      expect(await store.append([fresh, fresh])).toBe(1);
      expect(await store.append([])).toBe(0);
      expect(await store.count()).toBe(51);
      const stored = await collect(store.records());
      expect(stored.find((record) => record.id === records[0]!.id)?.model).toBe(records[0]!.model);
    });

    it("replaces a stored record only by a copy of it with more tokens (a log that grew since the last import)", async () => {
      const [original] = generateRecords(1, { seed: 9 }).map((record) => ({ ...record, id: "growing", usage: { inputNoCache: 10, output: 5 } }));
      expect(await store.append([original!])).toBe(1);
      expect(await store.append([{ ...original!, usage: { inputNoCache: 10, output: 4 } }])).toBe(0);
      const grown = { ...original!, usage: { inputNoCache: 10, output: 50 }, stopReason: "end_turn" };
      expect(await store.append([{ ...original!, usage: { inputNoCache: 10, output: 20 } }, grown])).toBe(1);
      expect(await store.append([grown])).toBe(0);
      const stored = (await collect(store.records())).filter((record) => record.id === "growing");
      expect(stored).toHaveLength(1);
      expect(stored[0]!.usage).toEqual({ inputNoCache: 10, output: 50 });
      expect(stored[0]!.stopReason).toBe("end_turn");
    });

    it("round-trips every field exactly: undefined stays undefined, 0 and empty strings stay", async () => {
      const empty: CallRecord = { ...MINIMAL_RECORD, id: "empty-strings", source: "", sessionId: "", agentId: "", tags: {}, toolNames: [] };
      await store.append([FULL_RECORD, MINIMAL_RECORD, empty]);
      const stored = await collect(store.records());
      expect(stored).toStrictEqual(inLedgerOrder([FULL_RECORD, MINIMAL_RECORD, empty]));
    });

    it("round-trips generated records and streams them in timestamp order, within since/until", async () => {
      const records = generateRecords(1500, { seed: 11 });
      await store.append(records);
      expect(await collect(store.records())).toStrictEqual(inLedgerOrder(records));
      const since = Date.UTC(2026, 2, 8);
      const until = Date.UTC(2026, 3, 5, 3);
      const window = inLedgerOrder(records).filter((record) => record.timestamp >= since && record.timestamp < until);
      expect(window.length).toBeGreaterThan(10);
      expect(await collect(store.records({ since, until }))).toStrictEqual(window);
    });

    it("accepts writes while a records() stream is open", async () => {
      await store.append(generateRecords(20, { seed: 5 }));
      let seen = 0;
      for await (const record of store.records()) {
        seen += 1;
        if (seen === 1) await store.append([{ ...record, id: "written-during-iteration" }]);
      }
      expect(seen).toBeGreaterThanOrEqual(20);
      expect(await store.count()).toBe(21);
    });

    const generated = generateRecords(3000, { seed: 42 });
    for (const timeZone of CONTRACT_TIME_ZONES) {
      it(`aggregates exactly like the reference Aggregator for every group key and bucket in ${timeZone}`, async () => {
        await store.append(generated);
        for (const bucket of [undefined, ...timeBuckets]) {
          for (const groupBy of [undefined, ...groupKeys]) {
            const query: LedgerQuery = { timeZone, ...(bucket ? { bucket } : {}), ...(groupBy ? { groupBy } : {}) };
            expect(await store.aggregate(query), JSON.stringify(query)).toStrictEqual(expected(generated, query));
          }
        }
      });
    }

    it("aggregates within since/until and around DST edges", async () => {
      const records = generateRecords(2000, { seed: 9, edgeShare: 0.9 });
      await store.append(records);
      const windows = [
        { since: Date.UTC(2026, 2, 8, 6, 59, 59, 999), until: Date.UTC(2026, 2, 8, 7, 0, 0, 1) },
        { since: Date.UTC(2026, 9, 25), until: Date.UTC(2026, 10, 2) },
        { since: Date.UTC(2026, 1, 28, 18, 15) },
        { until: Date.UTC(2026, 3, 4, 15) },
      ];
      for (const window of windows) {
        for (const timeZone of ["America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe"]) {
          for (const query of [
            { ...window, timeZone, bucket: "day" as const, groupBy: "agent" as const },
            { ...window, timeZone, bucket: "week" as const },
            { ...window, timeZone, groupBy: "model" as const },
          ]) {
            expect(await store.aggregate(query), JSON.stringify(query)).toStrictEqual(expected(records, query));
          }
        }
      }
    });

    it("buckets exactly in historical zones whose offset is not whole minutes, before and after 1970", async () => {
      // Liberia kept -00:44:30 until 1972: its local midnights fall inside 15-minute UTC slots.
      const midnights = [Date.UTC(1960, 0, 1, 0, 44, 30), Date.UTC(1971, 0, 1, 0, 44, 30)];
      const records = midnights.flatMap((midnight, which) =>
        [-600_000, -20_000, -1, 0, 1, 20_000, 600_000].map((offset, index) => ({
          ...MINIMAL_RECORD,
          id: `old-${which}-${index}`,
          timestamp: midnight + offset,
          model: index % 2 ? "odd" : "even",
          costPico: index,
        })),
      );
      await store.append(records);
      for (const query of [
        { timeZone: "Africa/Monrovia", bucket: "day" as const, groupBy: "model" as const },
        { timeZone: "Africa/Monrovia", bucket: "month" as const },
        { timeZone: "UTC", bucket: "week" as const, groupBy: "session" as const },
      ]) {
        expect(await store.aggregate(query), JSON.stringify(query)).toStrictEqual(expected(records, query));
      }
    });

    it("sums costs exactly beyond 2^53 picodollars", async () => {
      const big = 9_007_199_254_740_000;
      const records: CallRecord[] = Array.from({ length: 1500 }, (_, index) => ({
        ...MINIMAL_RECORD,
        id: `big-${index}`,
        timestamp: Date.UTC(2026, 5, 1) + index * 60_000,
        sessionId: `s${index % 3}`,
        costPico: big - index,
      }));
      await store.append(records);
      const exact = records.reduce((sum, record) => sum + BigInt(record.costPico!), 0n);
      const result = await store.aggregate({ groupBy: "session", bucket: "day" });
      expect(result.totals.costPico).toBe(exact);
      expect(exact > 1000n * BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      expect(result).toStrictEqual(expected(records, { groupBy: "session", bucket: "day" }));
    });

    it("counts unpriced calls and lists unpriced models in order of first occurrence, never as $0", async () => {
      const at = Date.UTC(2026, 6, 1);
      const records: CallRecord[] = [
        { ...MINIMAL_RECORD, id: "b", timestamp: at, model: "zeta" },
        { ...MINIMAL_RECORD, id: "a", timestamp: at, model: "alpha" },
        { ...MINIMAL_RECORD, id: "c", timestamp: at - 1, model: "omega", sessionId: "s" },
        { ...MINIMAL_RECORD, id: "d", timestamp: at + 1, model: "priced", costPico: 5 },
        { ...MINIMAL_RECORD, id: "e", timestamp: at + 2, model: "zeta", costPico: 0 },
      ];
      await store.append(records);
      const { totals } = await store.aggregate({});
      expect(totals.unpricedCalls).toBe(3);
      expect(totals.unpricedModels).toEqual(["omega", "alpha", "zeta"]);
      expect(totals.costPico).toBe(5n);
      for (const groupBy of ["model", "session"] as const) {
        expect(await store.aggregate({ groupBy, bucket: "month" })).toStrictEqual(expected(records, { groupBy, bucket: "month" }));
      }
    });

    it("aggregates an empty ledger to zero totals and no rows", async () => {
      expect(await store.aggregate({ groupBy: "agent", bucket: "day" })).toStrictEqual(expected([], { groupBy: "agent", bucket: "day" }));
      expect(await store.count()).toBe(0);
    });

    it("rejects an unknown time zone", async () => {
      await expect(store.aggregate({ bucket: "day", timeZone: "Mars/Olympus" })).rejects.toThrow(RangeError);
    });

    eventsContract(() => store);
    keysContract(() => store);
  });
}
