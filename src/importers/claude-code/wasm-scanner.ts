import { wasmBase64 } from "./claude-line-wasm.generated.js";

/**
 * The members of a Claude Code line that metering reads, as JSON.parse would give them: of the
 * top-level object, `timestamp`, `requestId`, `sessionId`, `uuid` and `isSidechain`; of its
 * `message` (when an object), `model`, `id`, `stop_reason` and `usage`, of which only the counts
 * `fromAnthropicUsage` and `lineTokens` read are kept.
 */
export interface ClaudeLineMembers {
  entry: Record<string, unknown>;
  message: Record<string, unknown> | undefined;
  /** `Date.parse(entry.timestamp)`, when the scanner converted it (`entry.timestamp` is then left out). */
  time?: number;
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
  valuesPointer(): number;
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
const STOP_REASON = 8;
const USAGE = 9;
const SLOT_NAMES = [
  "timestamp",
  "requestId",
  "sessionId",
  "uuid",
  "isSidechain",
  "message",
  "model",
  "id",
  "stop_reason",
  "usage",
  "input_tokens",
  "cache_creation_input_tokens",
  "cache_read_input_tokens",
  "output_tokens",
  "cache_creation",
  "ephemeral_5m_input_tokens",
  "ephemeral_1h_input_tokens",
  "server_tool_use",
  "web_search_requests",
] as const;
const SLOTS = SLOT_NAMES.length;
/** The slots of the members of each object slot whose members are kept. */
const MEMBERS: Record<number, readonly number[]> = { 9: [10, 11, 12, 13, 14, 17], 14: [15, 16], 17: [18] };
const SLOT_BYTES = SLOTS * 12;
const RECORD_VALUES_AT = (3 * 4 + SLOT_BYTES + 7) & ~7;
const RECORD_BYTES = RECORD_VALUES_AT + SLOTS * 8;
const RECORD_CAPACITY = 1024;
// A record's status: left to JSON.parse, scanned, or scanned and PLAIN.
const SCANNED = 1;
const PLAIN = 2;
const KIND = 0xff;
const ABSENT = 0;
const STRING = 1;
const OBJECT = 2;
const TRUE = 3;
const NUMBER = 5;
const ESCAPED = 0x100;
const NON_ASCII = 0x200;
const CONVERTED = 0x400;
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
 * Decodes the members kept from a line's bytes by its slots: plain ASCII strings are copied as
 * they are; numbers and timestamps the scanner converted are taken as they are; anything else
 * (escapes, non-ASCII, other numbers) goes to JSON.parse or Number, in UTF-8 where it holds
 * non-ASCII bytes and else in Latin-1, a plain copy.
 */
class MemberDecoder {
  /** The line's bytes, where memory address `base` is byte 0. */
  private bytes!: Buffer;
  private base = 0;
  /** Its slots, from `slots[slotsAt]`, and their values, from `values[valuesAt]`. */
  private slots!: Int32Array;
  private slotsAt = 0;
  private values!: Float64Array;
  private valuesAt = 0;

  decode(bytes: Buffer, base: number, slots: Int32Array, slotsAt: number, values: Float64Array, valuesAt: number): ClaudeLineMembers {
    this.bytes = bytes;
    this.base = base;
    this.slots = slots;
    this.slotsAt = slotsAt;
    this.values = values;
    this.valuesAt = valuesAt;
    const entry: Record<string, unknown> = {
      requestId: this.value(REQUEST_ID),
      sessionId: this.value(SESSION_ID),
      uuid: this.value(UUID),
      isSidechain: this.value(IS_SIDECHAIN),
    };
    const members: ClaudeLineMembers = { entry, message: undefined };
    if (this.flags(TIMESTAMP) & CONVERTED) members.time = this.values[this.valuesAt + TIMESTAMP]!;
    else entry.timestamp = this.value(TIMESTAMP);
    if ((this.flags(MESSAGE) & KIND) === OBJECT) {
      members.message = { model: this.value(MODEL), id: this.value(MESSAGE_ID), stop_reason: this.value(STOP_REASON), usage: this.value(USAGE) };
    }
    return members;
  }

  private flags(slot: number): number {
    return this.slots[this.slotsAt + slot * 3 + 2]!;
  }

  private value(slot: number): unknown {
    const flags = this.flags(slot);
    const kind = flags & KIND;
    if (kind === ABSENT) return undefined;
    if (kind === TRUE) return true;
    if (flags & CONVERTED) return this.values[this.valuesAt + slot]!;
    const members = MEMBERS[slot];
    if (kind === OBJECT && members) {
      const object: Record<string, unknown> = {};
      for (const member of members) if ((this.flags(member) & KIND) !== ABSENT) object[SLOT_NAMES[member]!] = this.value(member);
      return object;
    }
    if (kind !== STRING && kind !== NUMBER) return null;
    const start = this.slots[this.slotsAt + slot * 3]! - this.base;
    const end = this.slots[this.slotsAt + slot * 3 + 1]! - this.base;
    if (kind === NUMBER) return Number(this.bytes.toString("latin1", start, end));
    if ((flags & (ESCAPED | NON_ASCII)) === 0) return this.bytes.toString("latin1", start + 1, end - 1);
    return JSON.parse(this.bytes.toString(flags & NON_ASCII ? "utf8" : "latin1", start, end));
  }
}

const decoder = new MemberDecoder();

/** Scans single lines, copied into its memory (grown to the longest line). */
class LineScanner {
  private readonly exports = instantiate();
  private readonly input = this.exports.inputPointer();
  private memory!: Uint8Array;
  private slots!: Int32Array;
  private values!: Float64Array;

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
    return decoder.decode(bytes, this.input - start, this.slots, 0, this.values, 0);
  }

  private refreshViews(): void {
    this.memory = new Uint8Array(this.exports.memory.buffer);
    this.slots = new Int32Array(this.exports.memory.buffer, this.exports.slotsPointer(), SLOTS * 3);
    this.values = new Float64Array(this.exports.memory.buffer, this.exports.valuesPointer(), SLOTS);
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

/**
 * A line the scanner found PLAIN (see assembly/claude-line.ts): valid, with usage, and with
 * nothing unusual in what metering reads, so it can be judged by its dedup key and rank before
 * the rest of it is decoded (most copies of a response are dropped on those alone).
 */
export interface PlainLine {
  readonly messageId: string;
  readonly requestId: string;
  /** Input, output, cache read and cache creation tokens in all, as `lineTokens` counts them. */
  readonly tokens: number;
  /** Not a sidechain copy. */
  readonly preferred: boolean;
  /** Byte offset of the line in its file. */
  readonly offset: number;
  /** All its members; valid only during the visit. */
  members(): ClaudeLineMembers;
}

/** Receives the lines of a chunk that may hold usage. */
export interface ChunkLineVisitor {
  plain(line: PlainLine): void;
  /** Any other such line: its members, or `undefined` where JSON.parse must read `buffer[start, end)`. */
  other(members: ClaudeLineMembers | undefined, start: number, end: number, offset: number): void;
}

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
  private readonly recordValues: Float64Array;
  private readonly counters: Int32Array;

  constructor(chunkBytes: number) {
    grow(this.exports.memory, this.input + chunkBytes);
    const memory = this.exports.memory.buffer;
    this.buffer = Buffer.from(memory, this.input, chunkBytes);
    this.records = new Int32Array(memory, this.exports.recordsPointer(), (RECORD_CAPACITY * RECORD_BYTES) / 4);
    this.recordValues = new Float64Array(memory, this.exports.recordsPointer(), (RECORD_CAPACITY * RECORD_BYTES) / 8);
    this.counters = new Int32Array(memory, this.exports.countersPointer(), 4);
  }

  /**
   * Handles the complete lines of `buffer[start, end)` (`end` just past a newline): lines that
   * may hold usage go to `visit`, the others are only counted (returned). `fileOffset` is the
   * offset of `buffer[0]` in the file.
   */
  lines(start: number, end: number, fileOffset: number, maxLineBytes: number, visitor: ChunkLineVisitor): ChunkCounts {
    const { exports, input, records, recordValues, counters, buffer } = this;
    const plain = new PlainRecord(buffer, input, records, recordValues);
    exports.resetCounters();
    let at = input + start;
    const stop = input + end;
    while (at < stop) {
      const count = exports.scanChunk(at, stop, maxLineBytes);
      for (let index = 0; index < count; index++) {
        const record = (index * RECORD_BYTES) / 4;
        const lineStart = records[record]! - input;
        const status = records[record + 2];
        if (status === PLAIN) {
          plain.select(index, fileOffset + lineStart);
          visitor.plain(plain);
          continue;
        }
        const lineEnd = records[record + 1]! - input;
        const valuesAt = (index * RECORD_BYTES + RECORD_VALUES_AT) / 8;
        const members = status === SCANNED ? decoder.decode(buffer, input, records, record + 3, recordValues, valuesAt) : undefined;
        visitor.other(members, lineStart, lineEnd, fileOffset + lineStart);
      }
      at = counters[3]!;
    }
    return { linesRead: counters[0]!, noUsage: counters[1]!, tooLong: counters[2]! };
  }
}

/** The PLAIN record of a chunk scan being visited (one object, moved from record to record). */
class PlainRecord implements PlainLine {
  messageId = "";
  requestId = "";
  tokens = 0;
  preferred = true;
  offset = 0;
  private slotsAt = 0;
  private valuesAt = 0;

  constructor(
    private readonly buffer: Buffer,
    private readonly base: number,
    private readonly records: Int32Array,
    private readonly values: Float64Array,
  ) {}

  select(index: number, offset: number): void {
    this.slotsAt = (index * RECORD_BYTES) / 4 + 3;
    this.valuesAt = (index * RECORD_BYTES + RECORD_VALUES_AT) / 8;
    this.offset = offset;
    this.messageId = this.text(MESSAGE_ID);
    this.requestId = this.text(REQUEST_ID);
    this.tokens = this.values[this.valuesAt + USAGE]!;
    this.preferred = (this.records[this.slotsAt + IS_SIDECHAIN * 3 + 2]! & KIND) !== TRUE;
  }

  members(): ClaudeLineMembers {
    return decoder.decode(this.buffer, this.base, this.records, this.slotsAt, this.values, this.valuesAt);
  }

  /** A plain string slot: its text between the quotes. */
  private text(slot: number): string {
    const at = this.slotsAt + slot * 3;
    return this.buffer.toString("latin1", this.records[at]! - this.base + 1, this.records[at + 1]! - this.base - 1);
  }
}
