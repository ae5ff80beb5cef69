import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../core/call-record.js";
import type { LedgerStore } from "../core/ledger.js";
import { openLedger } from "../stores/registry.js";
import { LedgerWriter } from "./ledger-writer.js";

let directory: string;
let ledger: LedgerStore;
beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "tokenomy-writer-"));
  ledger = await openLedger(join(directory, "ledger.db"));
});
afterAll(async () => {
  await ledger.close();
  rmSync(directory, { recursive: true, force: true });
});

let sequence = 0;
function record(index: number): CallRecord {
  return { id: `r${index}-${sequence++}`, timestamp: index, source: "gateway", model: "m", usage: {}, status: "ok" };
}

/** The real SQLite ledger, with batch sizes recorded and the first `failures` appends failing. */
function recordingStore(failures = 0) {
  const batches: number[] = [];
  let left = failures;
  const store = Object.create(ledger, {
    append: {
      value: async (records: readonly CallRecord[]) => {
        if (left-- > 0) throw new Error("store down");
        batches.push(records.length);
        return ledger.append(records);
      },
    },
  }) as LedgerStore;
  return { store, batches };
}

describe("ledger writer", () => {
  it("queues without writing, then writes in small slices", async () => {
    const { store, batches } = recordingStore();
    const writer = new LedgerWriter(store, { flushIntervalMs: 60_000, maxBatchRecords: 4 });
    for (let index = 0; index < 3; index++) writer.write(record(index));
    expect(batches).toEqual([]);
    expect(writer.pending).toBe(3);
    for (let index = 3; index < 10; index++) writer.write(record(index));
    await writer.close();
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(10);
    expect(Math.max(...batches)).toBeLessThanOrEqual(4);
    expect(writer.written).toBe(10);
    expect(await ledger.count()).toBeGreaterThanOrEqual(10);
  });

  it("keeps a failed batch and writes it on the next flush", async () => {
    const { store, batches } = recordingStore(1);
    const errors: unknown[] = [];
    const writer = new LedgerWriter(store, { flushIntervalMs: 60_000, maxBatchRecords: 100, onError: (error) => errors.push(error) });
    writer.write(record(1));
    await writer.flush();
    expect(errors).toHaveLength(1);
    expect(writer.pending).toBe(1);
    await writer.close();
    expect(batches).toEqual([1]);
  });

  it("bounds what it keeps while the store is down, counting drops", async () => {
    const { store } = recordingStore(100);
    const writer = new LedgerWriter(store, { flushIntervalMs: 60_000, maxBatchRecords: 1_000, maxPendingRecords: 5 });
    for (let index = 0; index < 8; index++) writer.write(record(index));
    await writer.flush();
    expect(writer.pending).toBe(5);
    expect(writer.dropped).toBe(3);
  });
});
