import { availableParallelism, loadavg } from "node:os";
import { ImportStats } from "../../core/importer.js";
import { DEFAULT_CHUNK_BYTES, scanLines, type BulkLines, type LineVisitor } from "../shared/line-reader.js";
import { classifyClaudeLine } from "./classify-line.js";
import { FileReader } from "./file-reader.js";
import { parseClaudeLineBytes } from "./parse-line.js";
import { describeFile } from "./paths.js";
import { RecordBytes, visitRecords } from "./scan-records.js";
import type { ScannedCall } from "./to-record.js";
import { ChunkScanner, collectLineRecord, RecordCollector, type ChunkCounts } from "./wasm-scanner.js";

/** All that reading one file gives; also what the read cache keeps for it. */
export interface FileScan {
  linesRead: number;
  skipped: Record<string, number>;
  fileBytes: number;
  /** The file's responses, deduplicated within the file. */
  calls: ScannedCall[];
}

/** Progress through one file, and at its end the file's scan. */
export interface ScanBatch {
  fileIndex: number;
  /** Bytes of this file read so far. */
  fileBytes: number;
  /** Set on the file's last batch. */
  scan?: FileScan;
}

/**
 * Reads one file on this thread. Its usage lines are deduplicated exactly within the file (see
 * FileReader) and come out in the last batch; earlier batches only report progress. Half the
 * lines never travel further; copies across files are merged by the caller with the same rule.
 */
export async function* scanClaudeFile(path: string, fileIndex: number, options: ScanOptions = {}): AsyncGenerator<ScanBatch> {
  const stats = new ImportStats();
  const reader = new FileReader(describeFile(path), stats);
  let fileBytes = 0;
  const lines = readWithScanner(
    path,
    stats,
    (scanner, start, end, fileOffset, maxLineBytes) => scanner.lines(start, end, fileOffset, maxLineBytes, reader),
    (bytes, start, end, offset) => reader.take(parseClaudeLineBytes(bytes, start, end), offset),
    options,
  );
  for await (fileBytes of lines) yield { fileIndex, fileBytes };
  yield { fileIndex, fileBytes, scan: { linesRead: stats.linesRead, skipped: stats.skipped, fileBytes, calls: reader.calls() } };
}

/**
 * What a worker thread reads of one file: the scanner's records of the lines that may hold usage
 * (self-contained, to be transferred), and the counts of the other lines. `scanFromRecords` makes
 * the file's scan of it: the worker does the reading and scanning, the main thread the rest.
 */
export interface FileRecords {
  linesRead: number;
  skipped: Record<string, number>;
  fileBytes: number;
  /** The records, in `records[0, recordBytes)`. */
  records: ArrayBuffer;
  recordBytes: number;
}

/** Reads one file into records (see `FileRecords`). */
export async function readClaudeRecords(path: string, options: ScanOptions = {}): Promise<FileRecords> {
  const stats = new ImportStats();
  const records = new RecordCollector();
  let fileBytes = 0;
  const lines = readWithScanner(
    path,
    stats,
    (scanner, start, end, fileOffset, maxLineBytes) => scanner.collect(start, end, fileOffset, maxLineBytes, records),
    (bytes, start, end, offset) => collectLineRecord(bytes, start, end, offset, records),
    options,
  );
  for await (fileBytes of lines) continue;
  const recordBytes = records.length;
  return { linesRead: stats.linesRead, skipped: stats.skipped, fileBytes, records: records.take(), recordBytes };
}

/** The scan of the file at `path` from its records (read by `readClaudeRecords`, on another thread). */
export function scanFromRecords(path: string, read: FileRecords): FileScan {
  const stats = new ImportStats();
  stats.linesRead = read.linesRead;
  for (const [reason, count] of Object.entries(read.skipped)) stats.skip(reason, count);
  const reader = new FileReader(describeFile(path), stats);
  visitRecords(new RecordBytes(read.records, 0, read.records.byteLength), 0, read.recordBytes, reader);
  return { linesRead: stats.linesRead, skipped: stats.skipped, fileBytes: read.fileBytes, calls: reader.calls() };
}

export interface ScanOptions {
  /**
   * Whether the scanner drops repeated usage lines before the file's deduplication sees them (see
   * `ChunkScanner.startFile`): the same result, at half the records. Default true; off only to
   * test that.
   */
  dropRepeats?: boolean;
}

// Scanners not in use, kept for the next file: each holds its own memory, which the line reader
// reads into and which holds the start of a line between chunks, so files read at once (on
// one thread) each take their own.
const spareScanners: ChunkScanner[] = [];

/**
 * The line reader over `path` with a WebAssembly scanner taking each chunk's whole lines
 * (`chunk`, whose counts go to `stats`) and `visit` the lines that span chunks; yields the bytes
 * read so far. `options.dropRepeats` as in `ScanOptions`.
 */
async function* readWithScanner(
  path: string,
  stats: ImportStats,
  chunk: (scanner: ChunkScanner, start: number, end: number, fileOffset: number, maxLineBytes: number) => ChunkCounts,
  visit: LineVisitor,
  { dropRepeats = true }: ScanOptions,
): AsyncGenerator<number> {
  const scanner = spareScanners.pop() ?? new ChunkScanner(DEFAULT_CHUNK_BYTES);
  scanner.startFile(dropRepeats);
  try {
    const bulk: BulkLines = {
      buffer: scanner.buffer,
      lines(start, end, fileOffset, maxLineBytes) {
        const counts = chunk(scanner, start, end, fileOffset, maxLineBytes);
        stats.linesRead += counts.linesRead;
        if (counts.noUsage > 0) stats.skip("no_usage", counts.noUsage);
        if (counts.tooLong > 0) stats.skip("line_too_long", counts.tooLong);
        if (counts.repeats > 0) stats.skip("duplicate", counts.repeats);
      },
    };
    yield* scanLines(path, { stats, classify: classifyClaudeLine, bulk }, visit);
  } finally {
    spareScanners.push(scanner);
  }
}

/** Files read one after the other on this thread. */
export async function* scanSequentially(files: readonly string[]): AsyncGenerator<ScanBatch> {
  for (const [fileIndex, path] of files.entries()) yield* scanClaudeFile(path, fileIndex);
}

/** Below this many bytes in all, starting worker threads costs more than it saves. */
const PARALLEL_MINIMUM_BYTES = 64 * 1024 * 1024;

/**
 * How many worker threads to read with, beside this thread (which reads too): `TOKENOMY_WORKERS`
 * if set (0 = none), else one per core but this thread's, up to 3, once the logs are large enough
 * to pay for starting them, unless the machine is overloaded (a one-minute load average of two or
 * more per core). Workers only read and scan (see `FileRecords`), so they run little JavaScript
 * and cost little to start and compile. Measured on 2 cores (benchmark tree, medians of 6): none
 * 0.85 s, one 0.82 s (best runs 0.79 and 0.71 s), two 0.92 s. Where threads would take turns on
 * busy cores they only add their start-up.
 *
 * @example
 * workerCount(600 * 1024 * 1024, {}, false) // cores - 1, up to 3
 */
export function workerCount(totalBytes: number, environment: NodeJS.ProcessEnv = process.env, overloaded = isOverloaded()): number {
  const configured = environment.TOKENOMY_WORKERS;
  if (configured !== undefined && configured !== "") return Math.max(0, Math.min(16, Math.floor(Number(configured) || 0)));
  if (totalBytes < PARALLEL_MINIMUM_BYTES || overloaded) return 0;
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

/** Whether the one-minute load average is two or more per core (never where there is none, as on Windows). */
function isOverloaded(): boolean {
  return loadavg()[0]! >= 2 * availableParallelism();
}
