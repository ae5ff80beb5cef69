import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { ImportStats } from "../../core/importer.js";
import { scanClaudeFile, type ScanBatch } from "./scan-files.js";

/**
 * The worker side of parallel reading. Kept apart, with few imports, so that a worker starts in
 * milliseconds: the bundler gives this dynamically imported module its own small chunk, and a
 * worker loads only that chunk and what it needs.
 */

/**
 * What a worker sends back for one file: its usage lines (as JSON text: for thousands of small
 * objects, stringify and parse cost about half a structured clone's serialize and deserialize,
 * and the parse, on the busier main thread, a third to a half) and the counts of what it skipped.
 */
export interface FileResult extends Omit<ScanBatch, "calls"> {
  callsJson: string;
  linesRead: number;
  skipped: Record<string, number>;
}

export interface FileRequest {
  fileIndex: number;
  path: string;
}

/** This module's URL, for `new Worker` (in the source tree or in the bundle alike). */
export const scanWorkerUrl = import.meta.url;

export const SCAN_WORKER_MARK = "tokenomy-claude-scan";

/** Reads each requested file, one after the other, and posts its usage lines back. */
function serveScanRequests(): void {
  const port = parentPort;
  if (!port) return;
  let queue = Promise.resolve();
  port.on("message", (request: FileRequest) => {
    queue = queue.then(async () => {
      const stats = new ImportStats();
      let calls: ScanBatch["calls"] = [];
      let fileBytes = 0;
      for await (const batch of scanClaudeFile(request.path, request.fileIndex, stats)) {
        calls = calls.length === 0 ? batch.calls : calls.concat(batch.calls);
        fileBytes = batch.fileBytes;
      }
      const result: FileResult = {
        fileIndex: request.fileIndex,
        callsJson: JSON.stringify(calls),
        endOfFile: true,
        fileBytes,
        linesRead: stats.linesRead,
        skipped: stats.skipped,
      };
      port.postMessage(result);
    });
  });
}

if (!isMainThread && workerData === SCAN_WORKER_MARK) serveScanRequests();
