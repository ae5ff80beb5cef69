import { availableParallelism, loadavg } from "node:os";
import { ImportStats } from "../../core/importer.js";
import { Deduplicator, type DedupOutcome } from "../shared/deduplicator.js";
import { DEFAULT_CHUNK_BYTES, scanLines, type BulkLines } from "../shared/line-reader.js";
import { classifyClaudeLine } from "./classify-line.js";
import { fromMembers, parseClaudeLineBytes, parseClaudeLineJson, type ClaudeUsageLine, type ParsedClaudeLine } from "./parse-line.js";
import { ChunkScanner, type ChunkLineVisitor, type PlainLine } from "./wasm-scanner.js";
import { describeFile, type ClaudeFileInfo } from "./paths.js";
import { dedupKey, lineTokens, requestKey, scanCall, type ScannedCall } from "./to-record.js";

interface UsageLineAt {
  line: ClaudeUsageLine;
  offset: number;
  key: string | undefined;
}

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
  /** `scan` as `encodeScan` text, when it crossed from a worker thread as such (and can be cached as is). */
  json?: string;
}

/**
 * Reads one file. Its usage lines are deduplicated exactly within the file (every copy is held
 * until the file ends, so memory is bounded by the largest file, not the tree) and come out in
 * the last batch; earlier batches only report progress. Half the lines never travel further;
 * copies across files are merged by the caller with the same rule.
 */
export async function* scanClaudeFile(path: string, fileIndex: number): AsyncGenerator<ScanBatch> {
  const file = describeFile(path);
  const stats = new ImportStats();
  const reader = new FileReader(file, stats);
  let fileBytes = 0;
  const visit = (bytes: Buffer, start: number, end: number, offset: number) => reader.take(parseClaudeLineBytes(bytes, start, end), offset);
  const scanner = spareScanners.pop() ?? new ChunkScanner(DEFAULT_CHUNK_BYTES);
  try {
    const bulk = bulkLines(scanner, stats, reader);
    for await (fileBytes of scanLines(path, { stats, classify: classifyClaudeLine, bulk }, visit)) yield { fileIndex, fileBytes };
  } finally {
    spareScanners.push(scanner);
  }
  yield { fileIndex, fileBytes, scan: { linesRead: stats.linesRead, skipped: stats.skipped, fileBytes, calls: reader.calls() } };
}

/** One file's usage lines, deduplicated exactly: every copy is held until the file ends. */
class FileReader {
  // Copies wait as parsed lines: only the one kept per response is converted.
  private readonly dedup = Deduplicator.exact<UsageLineAt>();

  constructor(
    private readonly file: ClaudeFileInfo,
    private readonly stats: ImportStats,
  ) {}

  take(parsed: ParsedClaudeLine, offset: number): void {
    if ("skip" in parsed) {
      this.stats.skip(parsed.skip);
      return;
    }
    const { line } = parsed;
    const key = dedupKey(line, this.file);
    countDuplicate(this.stats, this.dedup.offer(key, lineTokens(line.usage), !line.isSidechain, { line, offset, key }));
  }

  /** A PLAIN line: decoded only when kept. */
  offerPlain(plain: PlainLine): void {
    const key = requestKey(plain.messageId, plain.requestId);
    const outcome = this.dedup.offerLazily(key, plain.tokens, plain.preferred, () => {
      const parsed = fromMembers(plain.members());
      if (!("line" in parsed)) throw new Error(`a line the scanner found plain did not parse (${parsed.skip})`);
      return { line: parsed.line, offset: plain.offset, key };
    });
    countDuplicate(this.stats, outcome);
  }

  calls(): ScannedCall[] {
    return this.dedup.flush().map(({ line, offset, key }) => scanCall(line, this.file, offset, key));
  }
}

// Scanners not in use, kept for the next file: each holds its own memory, which the line reader
// reads into and which holds the start of a line between chunks, so files read at once (on
// one thread) each take their own.
const spareScanners: ChunkScanner[] = [];

/** Whole chunks' lines to the WebAssembly scanner, and what it finds to the file's `reader`. */
function bulkLines(scanner: ChunkScanner, stats: ImportStats, reader: FileReader): BulkLines {
  const visitor: ChunkLineVisitor = {
    plain: (line) => reader.offerPlain(line),
    other: (members, start, end, offset) => reader.take(members ? fromMembers(members) : parseClaudeLineJson(scanner.buffer, start, end), offset),
  };
  return {
    buffer: scanner.buffer,
    lines(start, end, fileOffset, maxLineBytes) {
      const counts = scanner.lines(start, end, fileOffset, maxLineBytes, visitor);
      stats.linesRead += counts.linesRead;
      if (counts.noUsage > 0) stats.skip("no_usage", counts.noUsage);
      if (counts.tooLong > 0) stats.skip("line_too_long", counts.tooLong);
    },
  };
}

/** Counts a copy the deduplicator dropped. */
export function countDuplicate(stats: ImportStats, outcome: DedupOutcome): void {
  if (outcome === "replaced" || outcome === "duplicate") stats.skip("duplicate");
  else if (outcome === "late_larger") stats.skip("duplicate_late_larger");
}

/** Files read one after the other on this thread. */
export async function* scanSequentially(files: readonly string[]): AsyncGenerator<ScanBatch> {
  for (const [fileIndex, path] of files.entries()) yield* scanClaudeFile(path, fileIndex);
}

/** Below this many bytes in all, starting worker threads costs more than it saves. */
const PARALLEL_MINIMUM_BYTES = 64 * 1024 * 1024;

/**
 * How many worker threads to read with, beside this thread (which reads too): `TOKENOMY_WORKERS`
 * if set (0 = none), else one per core but two, up to 3, once the logs are large enough to pay
 * for starting them, unless the machine is overloaded (a one-minute load average of two or more
 * per core). Two cores are kept: one for this thread and one for the compiler and collector
 * threads each thread keeps busy (about a third of a core on the benchmark tree). Measured on 2
 * cores once reading ran in WebAssembly: one worker took the same wall time (0.81 s) for a third
 * more CPU time (1.44 s against 1.09 s), as its start-up and compilation compete for the same
 * cores. Where threads would take turns on busy cores they only add that overhead.
 *
 * @example
 * workerCount(600 * 1024 * 1024, {}, false) // cores - 2, up to 3
 */
export function workerCount(totalBytes: number, environment: NodeJS.ProcessEnv = process.env, overloaded = isOverloaded()): number {
  const configured = environment.TOKENOMY_WORKERS;
  if (configured !== undefined && configured !== "") return Math.max(0, Math.min(16, Math.floor(Number(configured) || 0)));
  if (totalBytes < PARALLEL_MINIMUM_BYTES || overloaded) return 0;
  return Math.max(0, Math.min(3, availableParallelism() - 2));
}

/** Whether the one-minute load average is two or more per core (never where there is none, as on Windows). */
function isOverloaded(): boolean {
  return loadavg()[0]! >= 2 * availableParallelism();
}
