import { FileQueue } from "./file-queue.js";
import { scanClaudeFile, scanFromRecords, type ScanBatch } from "./scan-files.js";
import type { FileResult, ScanAssignment } from "./scan-worker.js";
import { startWorkers } from "./worker-pool.js";

/** Files whose results may wait for their turn, at most: workers and this thread stop reading ahead there. */
const MAXIMUM_AHEAD = 64;

/**
 * Reads files on `workers` threads and on this one (JSON parsing is the cost, and it
 * parallelizes), and yields each file's scan in file order, so deduplication sees the same order
 * as a sequential read and results are identical. Every thread takes the next file from a shared
 * queue: workers without waiting for this thread, and this thread whenever the next file's scan
 * is not back yet, so it never idles while workers start, and one worker beside it keeps two
 * cores busy. At most `MAXIMUM_AHEAD` files' results wait in memory.
 *
 * @example
 * for await (const batch of scanInParallel(files, 1)) if (batch.scan) handle(batch.scan);
 */
export async function* scanInParallel(files: readonly string[], workers: number): AsyncGenerator<ScanBatch> {
  const queue = FileQueue.create(files.length, MAXIMUM_AHEAD);
  const pool = await startWorkers(Math.min(workers, files.length));
  // A worker's result is decoded only when its turn comes; this thread's are ready as they are.
  const waiting = new Map<number, { sent: FileResult } | { read: ScanBatch }>();
  let wake: (() => void) | undefined;
  let failure: unknown;
  for (const worker of pool) {
    worker.on("message", (result: FileResult) => {
      waiting.set(result.fileIndex, { sent: result });
      wake?.();
    });
    worker.on("error", (error) => {
      failure = error;
      wake?.();
    });
    worker.on("exit", (code) => {
      failure ??= new Error(`a log-reading worker thread stopped (exit code ${code}) before finishing`);
      wake?.();
    });
    const assignment: ScanAssignment = { files, queue: queue.shared };
    worker.postMessage(assignment);
  }
  try {
    for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
      while (!waiting.has(fileIndex)) {
        if (failure) throw failure;
        const here = waiting.size < MAXIMUM_AHEAD ? queue.take() : -1;
        if (here !== -1) {
          waiting.set(here, { read: await scanHere(files[here]!, here) });
          // Reading a file never returns to the event loop: let the workers' results in.
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const result = waiting.get(fileIndex)!;
      waiting.delete(fileIndex);
      queue.consumed(fileIndex + 1);
      yield "read" in result ? result.read : fromWorker(result.sent, files[fileIndex]!);
    }
  } finally {
    queue.close();
    for (const worker of pool) worker.removeAllListeners("exit");
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}

async function scanHere(path: string, fileIndex: number): Promise<ScanBatch> {
  for await (const batch of scanClaudeFile(path, fileIndex)) if (batch.scan) return batch;
  throw new Error(`reading ${path} ended before its scan`);
}

function fromWorker(result: FileResult, path: string): ScanBatch {
  return { fileIndex: result.fileIndex, fileBytes: result.fileBytes, scan: scanFromRecords(path, result) };
}
