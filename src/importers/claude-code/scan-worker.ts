import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { FileQueue, type FileQueueHandle } from "./file-queue.js";
import { readClaudeRecords, type FileRecords } from "./scan-files.js";

/**
 * The worker side of parallel reading. Kept apart, with few imports, so that a worker starts in
 * milliseconds: the bundler gives this dynamically imported module its own small chunk, and a
 * worker loads only that chunk and what it needs.
 */

/**
 * What a worker sends back for one file: the scanner's records of the lines that may hold usage
 * (transferred, not copied) and the counts of the others. The worker only reads and scans; the
 * main thread decodes the records (`scanFromRecords`), so a worker runs little JavaScript, and
 * its start-up and compilation cost little.
 */
export interface FileResult extends FileRecords {
  fileIndex: number;
}

/** The one message a worker gets: every file of the read, and the queue it takes them from. */
export interface ScanAssignment {
  files: readonly string[];
  queue: FileQueueHandle;
}

/** This module's URL, for `new Worker` (in the source tree or in the bundle alike). */
export const scanWorkerUrl = import.meta.url;

export const SCAN_WORKER_MARK = "tokenomy-claude-scan";

/** Takes files from the shared queue until none is left, posting each file's scan back. */
function serveScanAssignment(): void {
  const port = parentPort;
  if (!port) return;
  // `on`, not `once`: the listener keeps the worker alive once its files are done, so that it
  // ends only when the reader terminates it, never on its own while others still read.
  port.on("message", async ({ files, queue: handle }: ScanAssignment) => {
    const queue = FileQueue.from(handle);
    for (let index = queue.take(true); index !== -1; index = queue.take(true)) {
      const result: FileResult = { fileIndex: index, ...(await readClaudeRecords(files[index]!)) };
      port.postMessage(result, [result.records]);
    }
  });
}

if (!isMainThread && workerData === SCAN_WORKER_MARK) serveScanAssignment();
