import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { FileQueue, type FileQueueHandle } from "./file-queue.js";
import { encodeScan } from "./scan-codec.js";
import { scanClaudeFile } from "./scan-files.js";

/**
 * The worker side of parallel reading. Kept apart, with few imports, so that a worker starts in
 * milliseconds: the bundler gives this dynamically imported module its own small chunk, and a
 * worker loads only that chunk and what it needs.
 */

/**
 * What a worker sends back for one file: its FileScan as text (`encodeScan`). For thousands of
 * small objects, stringify and parse cost about half a structured clone's serialize and
 * deserialize (and the parse, on the busier main thread, a third to a half); the text is also
 * what the read cache keeps.
 */
export interface FileResult {
  fileIndex: number;
  fileBytes: number;
  json: string;
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
      for await (const batch of scanClaudeFile(files[index]!, index)) {
        if (!batch.scan) continue;
        const result: FileResult = { fileIndex: index, fileBytes: batch.fileBytes, json: encodeScan(batch.scan) };
        port.postMessage(result);
      }
    }
  });
}

if (!isMainThread && workerData === SCAN_WORKER_MARK) serveScanAssignment();
