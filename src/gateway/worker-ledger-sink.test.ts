import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { getPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../core/call-record.js";
import { openLedger } from "../stores/registry.js";
import { startWorkerLedgerSink } from "./worker-ledger-sink.js";

const directory = mkdtempSync(join(tmpdir(), "tokenomy-worker-sink-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Nice value of each thread of this process (Linux: field 19 of /proc/self/task/TID/stat). */
function niceByThread(): Map<number, number> {
  const nice = new Map<number, number>();
  for (const thread of readdirSync("/proc/self/task")) {
    const stat = readFileSync(`/proc/self/task/${thread}/stat`, "utf8");
    nice.set(Number(thread), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]));
  }
  return nice;
}

describe("WorkerLedgerSink", () => {
  it("writes batches to the ledger from its worker thread", async () => {
    const file = join(directory, "round-trip.db");
    const sink = (await startWorkerLedgerSink(file))!;
    expect(sink).toBeDefined();
    const records: CallRecord[] = Array.from({ length: 50 }, (_, index) => ({
      id: `worker-${index}`,
      timestamp: 1_795_363_314_000 + index,
      source: "gateway",
      model: "gpt-4o-mini",
      usage: { inputNoCache: index, output: 2 * index },
      status: "ok",
      runId: "run-1",
    }));
    expect(await sink.append(records)).toBe(50);
    await sink.close();
    const ledger = await openLedger(file);
    const { totals } = await ledger.aggregate({});
    await ledger.close();
    expect(totals.calls).toBe(50);
    expect(totals.inputTokens).toBe((49 * 50) / 2);
    expect(totals.outputTokens).toBe(49 * 50);
  });

  // (Where the tests themselves run at the lowest priority, there is nothing to tell apart.)
  it.runIf(process.platform === "linux" && getPriority() < 19)("runs at the lowest CPU priority, and only its own thread does", async () => {
    const self = Number(readlinkSync("/proc/thread-self").split("/").pop());
    const before = niceByThread();
    const sink = (await startWorkerLedgerSink(join(directory, "priority.db")))!;
    try {
      const lowered = [...niceByThread()].filter(([thread, nice]) => nice === 19 && before.get(thread) !== 19);
      expect(lowered).toHaveLength(1);
      expect(before.has(lowered[0]![0])).toBe(false); // the worker's new thread
      expect(niceByThread().get(self)).toBe(before.get(self));
    } finally {
      await sink.close();
    }
  });
});
