import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { FileQueue } from "./file-queue.js";

describe("FileQueue", () => {
  it("hands out each file once, in order, then -1; close leaves nothing to take", () => {
    const queue = FileQueue.create(3, 64);
    expect([queue.take(), queue.take(), queue.take(), queue.take()]).toEqual([0, 1, 2, -1]);
    expect(queue.open).toBe(false);
    const closed = FileQueue.create(5, 64);
    expect(closed.take()).toBe(0);
    closed.close();
    expect(closed.take()).toBe(-1);
  });

  it("makes a taker wait while it is too far ahead of consumption, until another thread consumes", async () => {
    const queue = FileQueue.create(3, 1);
    expect(queue.take(true)).toBe(0);
    // Another thread records, 50 ms from now, that file 0's result was consumed.
    const source = `
      const { workerData } = require("node:worker_threads");
      const counters = new Int32Array(workerData.counters);
      setTimeout(() => { Atomics.store(counters, 1, 1); Atomics.notify(counters, 1); }, 50);`;
    const worker = new Worker(source, { eval: true, workerData: queue.shared });
    const started = performance.now();
    expect(queue.take(true)).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
    await worker.terminate();
  });
});
