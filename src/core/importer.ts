import type { CallRecord } from "./call-record.js";
import type { PriceBook } from "./pricing.js";

/**
 * What an import run read, used and skipped, by reason. Nothing is dropped silently: every line
 * read is either used, a duplicate, or counted under a skip reason.
 */
export class ImportStats {
  files = 0;
  /** Files whose result came from the read cache, unchanged since an earlier run. */
  filesCached = 0;
  linesRead = 0;
  linesUsed = 0;
  readonly skipped: Record<string, number> = {};

  skip(reason: string, count = 1): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + count;
  }

  get skippedTotal(): number {
    return Object.values(this.skipped).reduce((sum, count) => sum + count, 0);
  }

  merge(other: ImportStats): void {
    this.files += other.files;
    this.filesCached += other.filesCached;
    this.linesRead += other.linesRead;
    this.linesUsed += other.linesUsed;
    for (const [reason, count] of Object.entries(other.skipped)) this.skip(reason, count);
  }
}

export interface ImportContext {
  prices: PriceBook;
  stats: ImportStats;
  /** Called with bytes read so far, for progress bars. */
  onProgress?: (bytesRead: number) => void;
  /** What earlier runs read from files that have not changed since, when the caller keeps it. */
  cache?: ReadCache;
}

/**
 * Per-file results of earlier reads, valid while the file is unchanged (same size, modification
 * time and inode). An importer whose reading of a file depends on that file alone may use it: logs
 * are mostly old, unchanging files, so a run then reads only what changed since the last one.
 */
export interface ReadCache {
  /**
   * The entry of `file` for `reader` (an importer id with its format version). Its state is taken
   * now, before the file is read: a file that changes while it is read is read again next time.
   */
  entry(reader: string, file: string): ReadCacheEntry;
}

export interface ReadCacheEntry {
  /** Whether a result is stored for the file as it is now. */
  readonly hit: boolean;
  /** The stored result, read only when asked (so a run holds one at a time); undefined if gone or damaged. */
  stored(): string | undefined;
  /** Stores the result of reading the file as it was when the entry was taken. */
  store(result: string): void;
}

/**
 * A log format. Each lives in `src/importers/<id>/` and is listed once in
 * `src/importers/registry.ts`.
 */
export interface Importer {
  readonly id: string;
  /** Human-readable name for reports. */
  readonly label: string;
  /**
   * Files of this format under `path` (a file or a directory), in a stable order. An empty list
   * means the format was not detected there.
   */
  discover(path: string): Promise<string[]>;
  /**
   * Called once this importer's files are known, before other formats are detected and before
   * `read`: may start work ahead (the Claude Code importer starts its reading threads here when
   * the files it will really have to read, those the read cache does not hold, are large).
   */
  prepare?(files: readonly string[], context: Pick<ImportContext, "cache">): void;
  /** Default locations on this machine (for `tokenomy report` with no path). */
  defaultPaths?(): string[];
  /** Streams priced records from the discovered files, counting into `context.stats`. */
  read(files: readonly string[], context: ImportContext): AsyncIterable<CallRecord>;
  /**
   * The same records as `read`, in batches (for example a file's at a time): an importer that
   * produces many records per step offers this, so that consumers pay one asynchronous step per
   * batch, not per record (at 25,000 records, about 25 ms).
   */
  readBatches?(files: readonly string[], context: ImportContext): AsyncIterable<readonly CallRecord[]>;
}
