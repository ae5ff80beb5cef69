import { wasmBase64 } from "./claude-line-wasm.generated.js";

/** The members of a Claude Code line that metering reads, as JSON.parse would give them. */
export interface ClaudeLineMembers {
  entry: Record<string, unknown>;
  /** The top-level `message`, when it is an object (with only the members kept). */
  message: Record<string, unknown> | undefined;
}

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

interface ScannerExports {
  memory: WasmMemory;
  scan(start: number, end: number): number;
  scanChunk(start: number, end: number, maxLineBytes: number): number;
  resetCounters(): void;
  slotsPointer(): number;
  inputPointer(): number;
  recordsPointer(): number;
  countersPointer(): number;
}

// Layout of assembly/claude-line.ts.
const TIMESTAMP = 0;
const REQUEST_ID = 1;
const SESSION_ID = 2;
const UUID = 3;
const IS_SIDECHAIN = 4;
const MESSAGE = 5;
const MODEL = 6;
const MESSAGE_ID = 7;
const USAGE = 8;
const STOP_REASON = 9;
const SLOTS = 10;
const RECORD_INTS = 3 + SLOTS * 3;
const RECORD_CAPACITY = 1024;
const KIND = 0xff;
const STRING = 1;
const OBJECT = 2;
const TRUE = 3;
const OTHER = 4;
const ESCAPED = 0x100;
const NON_ASCII = 0x200;
const PAGE_BYTES = 65_536;

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

/**
 * The members kept, decoded from `bytes` (where memory address `base` is byte 0) by the slots at
 * `slots[at...]`: strings of plain ASCII are copied as they are; anything else (escapes,
 * non-ASCII, the usage object) goes to JSON.parse, in UTF-8 where it holds non-ASCII bytes and
 * else in Latin-1, a plain copy.
 */
function decodeMembers(bytes: Buffer, base: number, slots: Int32Array, at: number): ClaudeLineMembers {
  const value = (slot: number): unknown => {
    const index = at + slot * 3;
    const flags = slots[index + 2]!;
    const kind = flags & KIND;
    if (kind === TRUE) return true;
    if (kind === OTHER) return null;
    if (kind !== STRING && kind !== OBJECT) return undefined;
    const start = slots[index]! - base;
    const end = slots[index + 1]! - base;
    if (kind === STRING && (flags & (ESCAPED | NON_ASCII)) === 0) return bytes.toString("latin1", start + 1, end - 1);
    return JSON.parse(bytes.toString(flags & NON_ASCII ? "utf8" : "latin1", start, end));
  };
  const entry: Record<string, unknown> = {
    timestamp: value(TIMESTAMP),
    requestId: value(REQUEST_ID),
    sessionId: value(SESSION_ID),
    uuid: value(UUID),
    isSidechain: value(IS_SIDECHAIN),
  };
  if ((slots[at + MESSAGE * 3 + 2]! & KIND) !== OBJECT) return { entry, message: undefined };
  return { entry, message: { model: value(MODEL), id: value(MESSAGE_ID), usage: value(USAGE), stop_reason: value(STOP_REASON) } };
}

/** Scans single lines, copied into its memory (grown to the longest line). */
class LineScanner {
  private readonly exports = instantiate();
  private readonly input = this.exports.inputPointer();
  private memory!: Uint8Array;
  private slots!: Int32Array;

  constructor() {
    this.refreshViews();
  }

  members(bytes: Buffer, start: number, end: number): ClaudeLineMembers | undefined {
    const length = end - start;
    if (this.input + length > this.memory.byteLength) {
      grow(this.exports.memory, this.input + length);
      this.refreshViews();
    }
    bytes.copy(this.memory, this.input, start, end);
    if (this.exports.scan(this.input, this.input + length) !== 1) return undefined;
    return decodeMembers(bytes, this.input - start, this.slots, 0);
  }

  private refreshViews(): void {
    this.memory = new Uint8Array(this.exports.memory.buffer);
    this.slots = new Int32Array(this.exports.memory.buffer, this.exports.slotsPointer(), SLOTS * 3);
  }
}

let lineScanner: LineScanner | undefined;

/**
 * The members of a Claude Code line that metering reads (`timestamp`, `requestId`, `sessionId`,
 * `uuid`, `isSidechain`, and `message.model`, `.id`, `.usage`, `.stop_reason`), found by a
 * WebAssembly scanner (assembly/claude-line.ts) that validates the line without building it;
 * only the usage object goes to JSON.parse, which would otherwise build every member (content
 * blocks, tool calls, thinking) for nearly all to be dropped. Returns `undefined` for a line the
 * scanner leaves to JSON.parse (invalid JSON, a top level that is not an object, keys written
 * with escapes), so the result is always what a full parse would give.
 *
 * @example
 * const members = claudeLineMembers(Buffer.from(line), 0, Buffer.byteLength(line));
 */
export function claudeLineMembers(bytes: Buffer, start: number, end: number): ClaudeLineMembers | undefined {
  lineScanner ??= new LineScanner();
  return lineScanner.members(bytes, start, end);
}

/** What the chunk scanner found in a line: its members, or `undefined` where JSON.parse must read it. */
export type ChunkLineVisitor = (members: ClaudeLineMembers | undefined, start: number, end: number, offset: number) => void;

/** Counts of the lines a chunk scan handled without visiting them. */
export interface ChunkCounts {
  linesRead: number;
  noUsage: number;
  tooLong: number;
}

/**
 * Reads whole chunks of a transcript in WebAssembly: the line reader reads each chunk straight
 * into `buffer` (the scanner's memory), and `lines` finds the chunk's lines, drops those that
 * cannot hold usage (as `classifyClaudeLine` does) and scans the rest, so JavaScript sees only
 * the lines that may carry usage. One per thread, as its buffer is reused for every file.
 */
export class ChunkScanner {
  readonly buffer: Buffer;
  private readonly exports = instantiate();
  private readonly input = this.exports.inputPointer();
  private readonly records: Int32Array;
  private readonly counters: Int32Array;

  constructor(chunkBytes: number) {
    grow(this.exports.memory, this.input + chunkBytes);
    const memory = this.exports.memory.buffer;
    this.buffer = Buffer.from(memory, this.input, chunkBytes);
    this.records = new Int32Array(memory, this.exports.recordsPointer(), RECORD_CAPACITY * RECORD_INTS);
    this.counters = new Int32Array(memory, this.exports.countersPointer(), 4);
  }

  /**
   * Handles the complete lines of `buffer[start, end)` (`end` just past a newline): lines that
   * may hold usage go to `visit`, the others are only counted (returned). `fileOffset` is the
   * offset of `buffer[0]` in the file.
   */
  lines(start: number, end: number, fileOffset: number, maxLineBytes: number, visit: ChunkLineVisitor): ChunkCounts {
    const { exports, input, records, counters, buffer } = this;
    exports.resetCounters();
    let at = input + start;
    const stop = input + end;
    while (at < stop) {
      const count = exports.scanChunk(at, stop, maxLineBytes);
      for (let index = 0; index < count; index++) {
        const record = index * RECORD_INTS;
        const lineStart = records[record]! - input;
        const lineEnd = records[record + 1]! - input;
        const members = records[record + 2] === 1 ? decodeMembers(buffer, input, records, record + 3) : undefined;
        visit(members, lineStart, lineEnd, fileOffset + lineStart);
      }
      at = counters[3]!;
    }
    return { linesRead: counters[0]!, noUsage: counters[1]!, tooLong: counters[2]! };
  }
}
