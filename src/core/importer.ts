import type { CallRecord } from "./call-record.js";
import type { PriceBook } from "./pricing.js";

/**
 * What an import run read, used and skipped, by reason. Nothing is dropped silently: every line
 * read is either used, a duplicate, or counted under a skip reason.
 */
export class ImportStats {
  files = 0;
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
  /** Default locations on this machine (for `tokenomy report` with no path). */
  defaultPaths?(): string[];
  /** Streams priced records from the discovered files, counting into `context.stats`. */
  read(files: readonly string[], context: ImportContext): AsyncIterable<CallRecord>;
}
