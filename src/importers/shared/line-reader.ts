import { closeSync, openSync, readSync } from "node:fs";
import type { ImportStats } from "../../core/importer.js";
import { ByteFilter } from "./byte-filter.js";

/** Default longest line kept in memory; longer lines are skipped as `line_too_long`. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
/**
 * Bytes read per system call. Measured on the 502 MiB benchmark tree (page cache warm): reads of
 * 64 or 128 KiB took 60 ms in all, reads of 256 KiB or more 320-360 ms (the copy no longer fits
 * the CPU's cache), and the lines are then searched and decoded while still cached.
 */
export const DEFAULT_CHUNK_BYTES = 128 * 1024;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export interface LineReaderOptions {
  /** Lines longer than this (in bytes) are skipped and counted as `line_too_long`, never buffered whole. */
  maxLineBytes?: number;
  /** Bytes read per system call. */
  chunkBytes?: number;
  /**
   * Cheap byte-level filter run before a line is decoded: a line containing none of `needles`
   * is counted as skipped under `reason` and never becomes a string.
   */
  prefilter?: { needles: readonly string[]; reason: string };
  /**
   * Format-specific byte-level check run on lines that passed `prefilter`: returns a skip reason
   * (the line is counted under it and never decoded) or `undefined` to keep the line.
   */
  classify?: (bytes: Buffer, start: number, end: number) => string | undefined;
  /** Counts `linesRead` and the reader's own skips (`line_too_long`, prefilter and classify reasons). */
  stats?: ImportStats;
  /** Called after each chunk with the bytes of this file read so far. */
  onProgress?: (bytesRead: number) => void;
  /**
   * Takes each chunk's whole lines at once (see `BulkLines`). A line left unfinished at a chunk's
   * end starts the next chunk, unless longer than half the buffer: such lines go one by one.
   */
  bulk?: BulkLines;
}

/**
 * A reader of many lines at once, such as a WebAssembly scanner: chunks are read straight into
 * its `buffer` (whose length is then the chunk size; it is the reader's while a file is read,
 * and may hold the start of a line between chunks), and `lines` gets all of a chunk's complete
 * lines at once, to handle exactly as the reader would one by one: trailing carriage returns
 * dropped, blank lines ignored, the others counted as read (in the caller's stats), lines over
 * `maxLineBytes` skipped as `line_too_long`, then classified and visited as the caller does.
 */
export interface BulkLines {
  readonly buffer: Buffer;
  /** Handles the lines of `buffer[start, end)`, `end` being just past a newline; `fileOffset` is the file offset of `buffer[0]`. */
  lines(start: number, end: number, fileOffset: number, maxLineBytes: number): void;
}

/** One line of a file, without its newline (and without a trailing carriage return). */
export interface Line {
  text: string;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
}

/** Receives a kept line as raw bytes: `bytes[start, end)`, valid only during the call. */
export type LineVisitor = (bytes: Buffer, start: number, end: number, offset: number) => void;

/**
 * Streams the lines of a file with their byte offsets, in bounded memory: a line is held only up
 * to `maxLineBytes`, past which the rest of it is discarded as it streams by. Blank lines are
 * ignored (not counted). A last line without a newline is still yielded (a truncated write shows
 * up as invalid JSON downstream, not as silence).
 *
 * @example
 * const stats = new ImportStats();
 * for await (const line of readLines("session.jsonl", { stats, prefilter: { needles: ['"usage"'], reason: "no_usage" } })) {
 *   const entry = JSON.parse(line.text);
 * }
 */
export async function* readLines(path: string, options: LineReaderOptions = {}): AsyncGenerator<Line> {
  let batch: Line[] = [];
  const collect: LineVisitor = (bytes, start, end, offset) => {
    batch.push({ text: bytes.toString("utf8", start, end), offset });
  };
  for await (const _bytesRead of scanLines(path, options, collect)) {
    const lines = batch;
    batch = [];
    yield* lines;
  }
}

/**
 * The reader under `readLines`, for hot paths: calls `visit` synchronously with each kept line's
 * raw bytes (nothing is decoded unless the visitor decodes it) and yields, after each chunk, the
 * bytes of the file read so far, so the caller can hand on what the visitor gathered.
 *
 * @example
 * for await (const _ of scanLines(path, { stats }, (bytes, start, end) => found.push(parse(bytes, start, end)))) {
 *   yield* found.splice(0);
 * }
 */
export async function* scanLines(path: string, options: LineReaderOptions, visit: LineVisitor): AsyncGenerator<number> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const { stats, classify, bulk } = options;
  if (bulk && options.prefilter) throw new Error("scanLines: a prefilter cannot be combined with bulk line reading");
  const chunkBytes = bulk ? bulk.buffer.length : (options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  const filter = options.prefilter ? new ByteFilter(options.prefilter.needles) : undefined;
  const filterReason = options.prefilter?.reason ?? "";

  // `isolated`: the line is not in the current chunk, so the filter's chunk cursor does not apply.
  const consider = (bytes: Buffer, start: number, end: number, offset: number, isolated: boolean): void => {
    let stop = end;
    if (stop > start && bytes[stop - 1] === CARRIAGE_RETURN) stop--;
    if (isBlank(bytes, start, stop)) return;
    if (stats) stats.linesRead++;
    if (stop - start > maxLineBytes) {
      stats?.skip("line_too_long");
      return;
    }
    if (filter && !(isolated ? filter.matchesIsolated(bytes, start, stop) : filter.matchesInChunk(bytes, start, stop))) {
      stats?.skip(filterReason);
      return;
    }
    const reason = classify?.(bytes, start, stop);
    if (reason !== undefined) {
      stats?.skip(reason);
      return;
    }
    visit(bytes, start, stop, offset);
  };

  let descriptor: number;
  try {
    descriptor = openSync(path, "r");
  } catch (error) {
    // Gone since it was found (Claude Code prunes old transcripts): counted, and the rest is read.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    stats?.skip("file_vanished");
    return;
  }
  const buffer = bulk ? bulk.buffer : takeBuffer(chunkBytes);
  try {
    // A line that began in an earlier chunk: its pieces so far (copied), or `discarding` past the maximum.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let pendingOffset = 0;
    let discarding = false;
    let fileOffset = 0;

    const finishPending = (tail: Buffer): void => {
      if (discarding) {
        discarding = false;
        if (stats) {
          stats.linesRead++;
          stats.skip("line_too_long");
        }
        return;
      }
      const whole = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
      pending = [];
      pendingBytes = 0;
      consider(whole, 0, whole.length, pendingOffset, true);
    };

    // Bulk reading only: an unfinished line of up to half the buffer is moved to its start and
    // the next read goes on after it, so it is read with the lines that follow; longer ones wait
    // in `pending` as copies.
    let carried = 0;
    for (;;) {
      const bytesRead = readSync(descriptor, buffer, carried, chunkBytes - carried, null);
      if (bytesRead === 0) break;
      filter?.reset();
      const filled = carried + bytesRead;
      const chunk = filled === chunkBytes ? buffer : buffer.subarray(0, filled);
      /** File offset of `chunk[0]`. */
      const chunkOffset = fileOffset - carried;
      carried = 0;
      let lineStart = 0;
      let newline = chunk.indexOf(NEWLINE, 0);
      if (bulk && newline !== -1) {
        if (pending.length > 0 || discarding) {
          finishPending(chunk.subarray(0, newline));
          lineStart = newline + 1;
        }
        const last = chunk.lastIndexOf(NEWLINE);
        if (last >= lineStart) bulk.lines(lineStart, last + 1, chunkOffset, maxLineBytes);
        lineStart = last + 1;
        newline = -1;
      }
      while (newline !== -1) {
        if (lineStart === 0 && (pending.length > 0 || discarding)) finishPending(chunk.subarray(0, newline));
        else consider(chunk, lineStart, newline, chunkOffset + lineStart, false);
        lineStart = newline + 1;
        newline = lineStart < filled ? chunk.indexOf(NEWLINE, lineStart) : -1;
      }
      if (lineStart < filled) {
        const rest = filled - lineStart;
        if (bulk && pending.length === 0 && !discarding && rest <= chunkBytes / 2) {
          buffer.copyWithin(0, lineStart, filled);
          carried = rest;
        } else {
          if (lineStart > 0 || (pending.length === 0 && !discarding)) pendingOffset = chunkOffset + lineStart;
          if (!discarding) {
            if (pendingBytes + rest > maxLineBytes) {
              pending = [];
              pendingBytes = 0;
              discarding = true;
            } else {
              pending.push(Buffer.from(chunk.subarray(lineStart)));
              pendingBytes += rest;
            }
          }
        }
      }
      fileOffset += bytesRead;
      options.onProgress?.(fileOffset);
      yield fileOffset;
    }
    if (carried > 0) {
      // The last line, without a newline.
      consider(buffer, 0, carried, fileOffset - carried, true);
      yield fileOffset;
    }
    if (pending.length > 0 || discarding) {
      finishPending(Buffer.alloc(0));
      yield fileOffset;
    }
  } finally {
    closeSync(descriptor);
    if (!bulk) spareBuffers.push(buffer);
  }
}

// Read buffers are reused across files: a fresh 1 MiB buffer per file adds up to "external
// memory pressure" that makes V8 collect garbage far more often on trees of many files.
const spareBuffers: Buffer[] = [];

function takeBuffer(bytes: number): Buffer {
  for (let index = spareBuffers.length - 1; index >= 0; index--) {
    if (spareBuffers[index]!.length === bytes) return spareBuffers.splice(index, 1)[0]!;
  }
  return Buffer.allocUnsafe(bytes);
}

function isBlank(bytes: Buffer, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const byte = bytes[index];
    if (byte !== 0x20 && byte !== 0x09 && byte !== CARRIAGE_RETURN) return false;
  }
  return true;
}
