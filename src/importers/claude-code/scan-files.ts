import { availableParallelism } from "node:os";
import type { ImportStats } from "../../core/importer.js";
import { Deduplicator, type DedupOutcome } from "../shared/deduplicator.js";
import { scanLines } from "../shared/line-reader.js";
import { classifyClaudeLine } from "./classify-line.js";
import { parseClaudeLineBytes } from "./parse-line.js";
import { describeFile } from "./paths.js";
import { scanCall, type ScannedCall } from "./to-record.js";

/** Usage lines of one file (or part of one), in file order. */
export interface ScanBatch {
  fileIndex: number;
  /** The file's responses, deduplicated within the file. */
  calls: ScannedCall[];
  /** Whether this batch ends its file. */
  endOfFile: boolean;
  /** Bytes of this file read so far. */
  fileBytes: number;
}

/**
 * Reads one file, counting into `stats`, and yields its usage lines after each chunk, already
 * deduplicated within the file (the copies of a response sit next to each other), so half the
 * lines never travel further; copies across files are merged by the caller with the same rule.
 */
export async function* scanClaudeFile(path: string, fileIndex: number, stats: ImportStats): AsyncGenerator<ScanBatch> {
  const file = describeFile(path);
  const dedup = new Deduplicator<ScannedCall>();
  let fileBytes = 0;
  const visit = (bytes: Buffer, start: number, end: number, offset: number) => {
    const parsed = parseClaudeLineBytes(bytes, start, end);
    if ("skip" in parsed) {
      stats.skip(parsed.skip);
      return;
    }
    const call = scanCall(parsed.line, file, offset);
    countDuplicate(stats, dedup.offer(call.key, call.tokens, call.preferred, call));
  };
  for await (fileBytes of scanLines(path, { stats, classify: classifyClaudeLine }, visit)) {
    yield { fileIndex, calls: dedup.drain(), endOfFile: false, fileBytes };
  }
  yield { fileIndex, calls: dedup.flush(), endOfFile: true, fileBytes };
}

/** Counts a copy the deduplicator dropped. */
export function countDuplicate(stats: ImportStats, outcome: DedupOutcome): void {
  if (outcome === "replaced" || outcome === "duplicate") stats.skip("duplicate");
  else if (outcome === "late_larger") stats.skip("duplicate_late_larger");
}

/** Files read one after the other on this thread. */
export async function* scanSequentially(files: readonly string[], stats: ImportStats): AsyncGenerator<ScanBatch> {
  for (const [fileIndex, path] of files.entries()) yield* scanClaudeFile(path, fileIndex, stats);
}

/** Below this many bytes in all, starting worker threads costs more than it saves. */
const PARALLEL_MINIMUM_BYTES = 64 * 1024 * 1024;

/**
 * How many worker threads to read with: `TOKENOMY_WORKERS` if set (0 or 1 = none), else one per
 * core up to 4 once the logs are large enough to pay for starting them.
 */
export function workerCount(totalBytes: number, environment: NodeJS.ProcessEnv = process.env): number {
  const configured = environment.TOKENOMY_WORKERS;
  if (configured !== undefined && configured !== "") return Math.max(0, Math.min(16, Math.floor(Number(configured) || 0)));
  if (totalBytes < PARALLEL_MINIMUM_BYTES) return 0;
  return Math.min(4, availableParallelism());
}
