import { statSync } from "node:fs";
import type { ImportStats, ReadCache, ReadCacheEntry } from "../../core/importer.js";
import { scanInParallel } from "./parallel-scan.js";
import { canStartWorkers } from "./worker-pool.js";
import { decodeScan, encodeScan } from "./scan-codec.js";
import { scanClaudeFile, scanSequentially, workerCount, type FileScan, type ScanBatch } from "./scan-files.js";

/**
 * The read cache's name for this importer's per-file scans; the number changes whenever what a
 * scan holds, or how a file is read into it, changes.
 */
export const CLAUDE_SCAN_READER = "claude-code/scan@1";

/**
 * Scans of `files` in file order: from the read cache for a file unchanged since it was stored
 * (or whose stored scan cannot be used: then it is read again), else read, on worker threads when
 * the files to read are large enough, and stored. Counts lines and skips into `stats`.
 *
 * @example
 * for await (const batch of readClaudeScans(files, stats, cache)) if (batch.scan) use(batch.scan.calls);
 */
export async function* readClaudeScans(files: readonly string[], stats: ImportStats, cache?: ReadCache): AsyncGenerator<ScanBatch> {
  const entries = files.map((file) => cache?.entry(CLAUDE_SCAN_READER, file));
  const toRead = files.flatMap((_, index) => (entries[index]?.hit ? [] : [index]));
  const reads = await startReading(toRead.map((index) => files[index]!));
  try {
    for (const [fileIndex, file] of files.entries()) {
      const entry = entries[fileIndex];
      if (entry?.hit) {
        const scan = decodeScan(entry.stored());
        if (scan) {
          stats.filesCached += 1;
          count(stats, scan);
          yield { fileIndex, fileBytes: scan.fileBytes, scan };
          continue;
        }
        // Gone or damaged since it was looked up: read the file here.
        for await (const batch of scanClaudeFile(file, fileIndex)) yield counted(stats, batch, entry);
        continue;
      }
      for (;;) {
        const next = await reads.next();
        if (next.done) throw new Error(`reading ${file} ended before its scan`);
        const batch = counted(stats, { ...next.value, fileIndex }, entry);
        yield batch;
        if (batch.scan) break;
      }
    }
  } finally {
    // Ends the reading (and stops its threads) also when the caller stops early.
    await reads.return(undefined);
  }
}

/** Counts a file's last batch into `stats` and stores its scan. */
function counted(stats: ImportStats, batch: ScanBatch, entry: ReadCacheEntry | undefined): ScanBatch {
  if (batch.scan) {
    count(stats, batch.scan);
    entry?.store(encodeScan(batch.scan));
  }
  return batch;
}

async function startReading(files: readonly string[]): Promise<AsyncGenerator<ScanBatch>> {
  const bytes = files.reduce((sum, file) => sum + (statSync(file, { throwIfNoEntry: false })?.size ?? 0), 0);
  const workers = workerCount(bytes);
  return workers > 0 && (await canStartWorkers()) ? scanInParallel(files, workers) : scanSequentially(files);
}

function count(stats: ImportStats, scan: FileScan): void {
  stats.linesRead += scan.linesRead;
  for (const [reason, skipped] of Object.entries(scan.skipped)) stats.skip(reason, skipped);
}
