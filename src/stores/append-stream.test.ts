import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../core/call-record.js";
import { appendStream } from "./append-stream.js";
import { generateRecords } from "./generate-records.js";
import { SqliteLedger } from "./sqlite/sqlite-ledger.js";

const directory = mkdtempSync(join(tmpdir(), "tokenomy-append-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function* stream(records: CallRecord[]): AsyncIterable<CallRecord> {
  yield* records;
}

describe("appendStream", () => {
  it("appends in batches, then counts a second pass as already present", async () => {
    const ledger = SqliteLedger.open(join(directory, "a.db"));
    const records = generateRecords(2345, { seed: 2 });
    const batches: number[] = [];
    const first = await appendStream(ledger, stream(records), { batchSize: 1000, onBatch: ({ read }) => batches.push(read) });
    expect(first).toEqual({ read: 2345, added: 2345 });
    expect(batches).toEqual([1000, 2000, 2345]);
    const second = await appendStream(ledger, stream([...records.slice(0, 10), { ...records[0]!, id: "new" }]));
    expect(second).toEqual({ read: 11, added: 1 });
    expect(await ledger.count()).toBe(2346);
    await ledger.close();
  });
});
