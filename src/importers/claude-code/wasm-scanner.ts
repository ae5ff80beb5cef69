import { wasmBase64 } from "./claude-line-wasm.generated.js";
import { RECORD_OVERHEAD, RecordBytes, recordMembers, visitRecords, type ClaudeLineMembers, type RecordVisitor } from "./scan-records.js";

// The WebAssembly API as used here: Node has it, but the type libraries in use (ES2023 and Node's,
// no DOM) do not declare it.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WasmApi };

/** The exports of assembly/claude-line.ts. */
interface ScannerExports {
  memory: WasmMemory;
  scanChunk(start: number, end: number, maxLineBytes: number, fileOffset: number): number;
  scanLine(start: number, end: number, fileOffset: number, out: number): number;
  resetCounters(): void;
  startFile(repeats: number): void;
  inputPointer(): number;
  arenaPointer(): number;
  countersPointer(): number;
}

const ARENA_BYTES = 512 * 1024;
const PAGE_BYTES = 65_536;
// Counters of scanChunk, as i32.
const LINES_READ = 0;
const NO_USAGE = 1;
const TOO_LONG = 2;
const RESUME = 3;
const ARENA_USED = 4;
const REPEATS = 5;

let compiled: object | undefined;

/** An instance of the scanner (its own memory), compiled once per thread. */
function instantiate(): ScannerExports {
  compiled ??= new wasm.Module(Buffer.from(wasmBase64, "base64"));
  return new wasm.Instance(compiled, {}).exports as ScannerExports;
}

function grow(memory: WasmMemory, bytes: number): void {
  const missing = bytes - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / PAGE_BYTES));
}

/** Scans single lines, copied into its memory (grown to the longest line). */
class LineScanner {
  private readonly exports = instantiate();
  private readonly input = this.exports.inputPointer();
  private memory = new Uint8Array(this.exports.memory.buffer);

  /** The line's record; valid until the next call. */
  record(bytes: Buffer, start: number, end: number, offset: number): { records: RecordBytes; bytes: number } {
    const length = end - start;
    const out = (this.input + length + 7) & ~7;
    if (out + RECORD_OVERHEAD + length > this.memory.byteLength) {
      grow(this.exports.memory, out + RECORD_OVERHEAD + length);
      this.memory = new Uint8Array(this.exports.memory.buffer);
    }
    bytes.copy(this.memory, this.input, start, end);
    const recordBytes = this.exports.scanLine(this.input, this.input + length, offset, out);
    return { records: new RecordBytes(this.exports.memory.buffer, out, recordBytes), bytes: recordBytes };
  }
}

let lineScanner: LineScanner | undefined;

/**
 * The members of a Claude Code line that metering reads, found by a WebAssembly scanner
 * (assembly/claude-line.ts) that validates the line without building it; only the counts are
 * converted, and only unusual values go to JSON.parse, which would otherwise build every member
 * (content blocks, tool calls, thinking) for nearly all to be dropped. Returns `undefined` for a
 * line the scanner leaves to JSON.parse (invalid JSON, a top level that is not an object, keys
 * written with escapes), so the result is always what a full parse would give.
 *
 * @example
 * const members = claudeLineMembers(Buffer.from(line), 0, Buffer.byteLength(line));
 */
export function claudeLineMembers(bytes: Buffer, start: number, end: number): ClaudeLineMembers | undefined {
  lineScanner ??= new LineScanner();
  const { records } = lineScanner.record(bytes, start, end, 0);
  return recordMembers(records, 0);
}

/** The buffer the last collector on this thread was done with, for the next one. */
let spareRecordBuffer: ArrayBuffer | undefined;

/**
 * Records copied out of the scanners, one after another: what a worker thread transfers for a
 * file. They collect in a buffer handed on from file to file (grown by doubling), and `take`
 * copies them out at the file's end into one of their exact size (about 4% of the file's
 * bytes). Before, each file got a new buffer of 64 KiB, doubled as it filled: the kernel's
 * zeroing of all those new pages cost the worker 25 ms of CPU on the 501 MiB bench tree. The
 * buffer handed on keeps the size of the largest file's records so far (a few MiB at most).
 */
export class RecordCollector {
  private buffer: ArrayBuffer;
  length = 0;

  constructor() {
    this.buffer = spareRecordBuffer ?? new ArrayBuffer(64 * 1024);
    spareRecordBuffer = undefined;
  }

  append(records: Uint8Array): void {
    if (this.length + records.length > this.buffer.byteLength) {
      let capacity = Math.max(this.buffer.byteLength * 2, 64 * 1024);
      while (capacity < this.length + records.length) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(new Uint8Array(this.buffer, 0, this.length));
      this.buffer = grown.buffer;
    }
    new Uint8Array(this.buffer, this.length, records.length).set(records);
    this.length += records.length;
  }

  /**
   * The records, `[0, length)` of a buffer of their own. Ends the collector: its buffer goes to
   * the next one.
   */
  take(): ArrayBuffer {
    const records = this.buffer.slice(0, this.length);
    spareRecordBuffer = this.buffer;
    this.buffer = new ArrayBuffer(0);
    this.length = 0;
    return records;
  }
}

/** Scans one line into a record appended to `into`: how lines that span chunks travel with the rest. */
export function collectLineRecord(bytes: Buffer, start: number, end: number, offset: number, into: RecordCollector): void {
  lineScanner ??= new LineScanner();
  const { records, bytes: length } = lineScanner.record(bytes, start, end, offset);
  into.append(records.bytes.subarray(0, length));
}

/** Counts of the lines a chunk scan handled without a record. */
export interface ChunkCounts {
  linesRead: number;
  noUsage: number;
  tooLong: number;
  /** PLAIN lines dropped as repeats of an earlier line of the file (see `ChunkScanner.startFile`). */
  repeats: number;
}

/**
 * Reads whole chunks of a transcript in WebAssembly: the line reader reads each chunk straight
 * into `buffer` (the scanner's memory), and the scanner finds the chunk's lines, drops those that
 * cannot hold usage (as `classifyClaudeLine` does) and writes a record for each of the rest, so
 * JavaScript sees only the lines that may carry usage: visited at once (`lines`), or copied out
 * for another thread (`collect`).
 */
export class ChunkScanner {
  readonly buffer: Buffer;
  private readonly exports = instantiate();
  private readonly input = this.exports.inputPointer();
  private readonly arena: RecordBytes;
  private readonly counters: Int32Array;

  constructor(chunkBytes: number) {
    grow(this.exports.memory, this.input + chunkBytes);
    const memory = this.exports.memory.buffer;
    this.buffer = Buffer.from(memory, this.input, chunkBytes);
    this.arena = new RecordBytes(memory, this.exports.arenaPointer(), ARENA_BYTES);
    this.counters = new Int32Array(memory, this.exports.countersPointer(), 6);
  }

  /**
   * Starts a file. With `dropRepeats`, a PLAIN line that does not rank above the best PLAIN copy
   * of its key (message id, request id) seen so far in the file is only counted (`repeats`), not
   * visited or collected: the file's exact deduplication (FileReader) would drop it as a
   * duplicate anyway. About half of all usage lines are such repeats.
   */
  startFile(dropRepeats: boolean): void {
    this.exports.startFile(dropRepeats ? 1 : 0);
  }

  /**
   * Handles the complete lines of `buffer[start, end)` (`end` just past a newline; `fileOffset`
   * is the file offset of `buffer[0]`): records go to `visitor`, the other lines are counted.
   */
  lines(start: number, end: number, fileOffset: number, maxLineBytes: number, visitor: RecordVisitor): ChunkCounts {
    return this.scan(start, end, fileOffset, maxLineBytes, (used) => visitRecords(this.arena, 0, used, visitor));
  }

  /** `lines`, with the records copied out (for another thread) instead of visited. */
  collect(start: number, end: number, fileOffset: number, maxLineBytes: number, into: RecordCollector): ChunkCounts {
    return this.scan(start, end, fileOffset, maxLineBytes, (used) => into.append(this.arena.bytes.subarray(0, used)));
  }

  private scan(start: number, end: number, fileOffset: number, maxLineBytes: number, take: (used: number) => void): ChunkCounts {
    const { exports, input, counters } = this;
    exports.resetCounters();
    let at = input + start;
    const stop = input + end;
    while (at < stop) {
      exports.scanChunk(at, stop, maxLineBytes, fileOffset + at - input);
      take(counters[ARENA_USED]!);
      at = counters[RESUME]!;
    }
    return { linesRead: counters[LINES_READ]!, noUsage: counters[NO_USAGE]!, tooLong: counters[TOO_LONG]!, repeats: counters[REPEATS]! };
  }
}
