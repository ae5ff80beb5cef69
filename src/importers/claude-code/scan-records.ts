/**
 * The records the WebAssembly scanner (assembly/claude-line.ts) writes for the lines that may
 * hold usage, and their decoding. A record is self-contained: it can be read where it was
 * written or copied to another thread and read there. Layout, 8-byte aligned:
 *   u32 record bytes, u32 status, f64 the line's offset in its file, then
 *   status LEFT_TO_JSON: u32 line length and the line's bytes;
 *   else per slot u32 flags, u32 text start (from the record's start), u32 text length; a pad;
 *   per slot an f64 value; then the texts.
 * The constants below mirror the scanner's (it is another language); the tests in
 * wasm-scanner.test.ts compare every decoded line with JSON.parse, so they fail on any drift.
 */

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

/**
 * A line the scanner found PLAIN: valid, with usage, and with nothing unusual in what metering
 * reads, so it can be judged by its dedup key and rank before the rest of it is decoded (most
 * copies of a response are dropped on those alone).
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
  /** `Date.parse` of its timestamp. */
  readonly timestamp: number;
  /** Its model (a plain string). The methods below are valid only during the visit. */
  model(): string;
  /** `message.stop_reason` as JSON.parse gives it (undefined when absent). */
  stopReason(): unknown;
  /** `message.usage`, with the members `fromAnthropicUsage` reads, as JSON.parse gives them. */
  usage(): Record<string, unknown>;
  /**
   * The counts `fromAnthropicCounts` takes, read from the record without building `usage()`, or
   * `undefined` when one of them is written in a way only `fromAnthropicUsage(usage())` reads
   * right (not a plain integer). The array is reused by the next call.
   */
  usageCounts(): UsageCounts | undefined;
  /** All its members. */
  members(): ClaudeLineMembers;
}

/**
 * `input_tokens`, `cache_read_input_tokens`, `cache_creation_input_tokens`,
 * `cache_creation.ephemeral_5m_input_tokens`, `cache_creation.ephemeral_1h_input_tokens`,
 * `output_tokens` and `server_tool_use.web_search_requests`, each `undefined` when absent.
 */
export type UsageCounts = [number | undefined, number | undefined, number | undefined, number | undefined, number | undefined, number | undefined, number | undefined];

/** Receives the records of lines that may hold usage. */
export interface RecordVisitor {
  plain(line: PlainLine): void;
  /** Any other such line: its members, or `undefined` where JSON.parse must read `bytes[start, end)`. */
  other(members: ClaudeLineMembers | undefined, bytes: Buffer, start: number, end: number, offset: number): void;
}

const LEFT_TO_JSON = 0;
const PLAIN = 2;
const RECORD_HEADER = 16;
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
const slotOf = (name: (typeof SLOT_NAMES)[number]): number => SLOT_NAMES.indexOf(name);
const CACHE_CREATION = slotOf("cache_creation");
const SERVER_TOOL_USE = slotOf("server_tool_use");
const SLOTS = SLOT_NAMES.length;
/** Per entry of `UsageCounts`, in order: its slot, and the object slot it lies in. */
const COUNT_SLOTS: readonly (readonly [number, number])[] = [
  [slotOf("input_tokens"), USAGE],
  [slotOf("cache_read_input_tokens"), USAGE],
  [slotOf("cache_creation_input_tokens"), USAGE],
  [slotOf("ephemeral_5m_input_tokens"), CACHE_CREATION],
  [slotOf("ephemeral_1h_input_tokens"), CACHE_CREATION],
  [slotOf("output_tokens"), USAGE],
  [slotOf("web_search_requests"), SERVER_TOOL_USE],
];
/** The slots of the members of each object slot whose members are kept. */
const MEMBERS: Record<number, readonly number[]> = { 9: [10, 11, 12, 13, 14, 17], 14: [15, 16], 17: [18] };
const RECORD_VALUES_AT = (RECORD_HEADER + SLOTS * 12 + 7) & ~7;
/** The most bytes a record takes besides its line's bytes. */
export const RECORD_OVERHEAD = RECORD_VALUES_AT + SLOTS * 8 + 8;
// Flags: the kind in the low byte, then escapes, non-ASCII bytes, converted.
const KIND = 0xff;
const ABSENT = 0;
const STRING = 1;
const OBJECT = 2;
const TRUE = 3;
const NUMBER = 5;
const ESCAPED = 0x100;
const NON_ASCII = 0x200;
const CONVERTED = 0x400;

/** Records in memory: bytes, with 32- and 64-bit views of the same (8-byte aligned) memory. */
export class RecordBytes {
  readonly bytes: Buffer;
  readonly ints: Int32Array;
  readonly doubles: Float64Array;

  constructor(buffer: ArrayBufferLike, byteOffset: number, byteLength: number) {
    this.bytes = Buffer.from(buffer, byteOffset, byteLength);
    this.ints = new Int32Array(buffer, byteOffset, byteLength >> 2);
    this.doubles = new Float64Array(buffer, byteOffset, byteLength >> 3);
  }
}

/**
 * Visits the records in `records[start, end)`: PLAIN ones as a `PlainLine`, others with their
 * members decoded (or none, for lines left to JSON.parse).
 */
export function visitRecords(records: RecordBytes, start: number, end: number, visitor: RecordVisitor): void {
  const { ints, doubles } = records;
  const plain = new PlainRecord(records);
  for (let at = start; at < end; at += ints[at >> 2]!) {
    const status = ints[(at >> 2) + 1];
    const offset = doubles[(at >> 3) + 1]!;
    if (status === PLAIN) {
      plain.select(at, offset);
      visitor.plain(plain);
    } else if (status === LEFT_TO_JSON) {
      const lineStart = at + RECORD_HEADER + 4;
      visitor.other(undefined, records.bytes, lineStart, lineStart + ints[(at + RECORD_HEADER) >> 2]!, offset);
    } else {
      visitor.other(decoder.decode(records, at), records.bytes, 0, 0, offset);
    }
  }
}

/** The members of the record at `at`, or `undefined` for a line left to JSON.parse. */
export function recordMembers(records: RecordBytes, at: number): ClaudeLineMembers | undefined {
  return records.ints[(at >> 2) + 1] === LEFT_TO_JSON ? undefined : decoder.decode(records, at);
}

/**
 * Decodes the members kept from a record: plain ASCII strings are copied as they are; numbers and
 * timestamps the scanner converted are taken as they are; anything else (escapes, non-ASCII,
 * other numbers) goes to JSON.parse or Number, in UTF-8 where it holds non-ASCII bytes and else in
 * Latin-1, a plain copy.
 */
class MemberDecoder {
  private records!: RecordBytes;
  private at = 0;

  /** The value of one slot of the record at `at`, as JSON.parse gives it. */
  slot(records: RecordBytes, at: number, slot: number): unknown {
    this.records = records;
    this.at = at;
    return this.value(slot);
  }

  decode(records: RecordBytes, at: number): ClaudeLineMembers {
    this.records = records;
    this.at = at;
    const entry: Record<string, unknown> = {
      requestId: this.value(REQUEST_ID),
      sessionId: this.value(SESSION_ID),
      uuid: this.value(UUID),
      isSidechain: this.value(IS_SIDECHAIN),
    };
    const members: ClaudeLineMembers = { entry, message: undefined };
    if (this.flags(TIMESTAMP) & CONVERTED) members.time = this.number(TIMESTAMP);
    else entry.timestamp = this.value(TIMESTAMP);
    if ((this.flags(MESSAGE) & KIND) === OBJECT) {
      members.message = { model: this.value(MODEL), id: this.value(MESSAGE_ID), stop_reason: this.value(STOP_REASON), usage: this.value(USAGE) };
    }
    return members;
  }

  private flags(slot: number): number {
    return this.records.ints[((this.at + RECORD_HEADER) >> 2) + slot * 3]!;
  }

  private number(slot: number): number {
    return this.records.doubles[((this.at + RECORD_VALUES_AT) >> 3) + slot]!;
  }

  private value(slot: number): unknown {
    const flags = this.flags(slot);
    const kind = flags & KIND;
    if (kind === ABSENT) return undefined;
    if (kind === TRUE) return true;
    if (flags & CONVERTED) return this.number(slot);
    const members = MEMBERS[slot];
    if (kind === OBJECT && members) {
      const object: Record<string, unknown> = {};
      for (const member of members) if ((this.flags(member) & KIND) !== ABSENT) object[SLOT_NAMES[member]!] = this.value(member);
      return object;
    }
    if (kind !== STRING && kind !== NUMBER) return null;
    const { ints, bytes } = this.records;
    const slotAt = ((this.at + RECORD_HEADER) >> 2) + slot * 3;
    const start = this.at + ints[slotAt + 1]!;
    const end = start + ints[slotAt + 2]!;
    if (kind === NUMBER) return Number(latin1(bytes, start, end));
    if ((flags & (ESCAPED | NON_ASCII)) === 0) return latin1(bytes, start + 1, end - 1);
    return JSON.parse(flags & NON_ASCII ? bytes.toString("utf8", start, end) : latin1(bytes, start, end));
  }
}

const decoder = new MemberDecoder();

/** The PLAIN record being visited (one object, moved from record to record). */
class PlainRecord implements PlainLine {
  messageId = "";
  requestId = "";
  tokens = 0;
  preferred = true;
  offset = 0;
  timestamp = 0;
  private at = 0;
  /** The last model read, and its bytes. */
  private lastModel = "";
  private lastModelBytes = new Uint8Array(0);

  constructor(private readonly records: RecordBytes) {}

  select(at: number, offset: number): void {
    this.at = at;
    this.offset = offset;
    this.messageId = this.text(MESSAGE_ID);
    this.requestId = this.text(REQUEST_ID);
    // A PLAIN record's tokens are the value of its usage slot.
    this.tokens = this.records.doubles[((at + RECORD_VALUES_AT) >> 3) + USAGE]!;
    this.preferred = (this.records.ints[((at + RECORD_HEADER) >> 2) + IS_SIDECHAIN * 3]! & KIND) !== TRUE;
    // A PLAIN record's timestamp was converted.
    this.timestamp = this.records.doubles[((at + RECORD_VALUES_AT) >> 3) + TIMESTAMP]!;
  }

  /** The model: nearly every call in a file names the one before's, so that text is reused while the bytes match. */
  model(): string {
    const start = this.textStart(MODEL);
    const end = this.textEnd(MODEL);
    const bytes = this.records.bytes;
    const last = this.lastModelBytes;
    if (end - start === last.length) {
      let index = 0;
      while (index < last.length && bytes[start + index] === last[index]) index++;
      if (index === last.length) return this.lastModel;
    }
    this.lastModel = latin1(bytes, start, end);
    this.lastModelBytes = Uint8Array.from(bytes.subarray(start, end));
    return this.lastModel;
  }

  stopReason(): unknown {
    return decoder.slot(this.records, this.at, STOP_REASON);
  }

  usage(): Record<string, unknown> {
    return decoder.slot(this.records, this.at, USAGE) as Record<string, unknown>;
  }

  private readonly counts: UsageCounts = [undefined, undefined, undefined, undefined, undefined, undefined, undefined];

  usageCounts(): UsageCounts | undefined {
    const counts = this.counts;
    // A member that is not an object reads as absent (as `readRecord` has it); a count that is
    // neither absent nor a converted plain integer needs the general path.
    const split = this.kind(CACHE_CREATION) === OBJECT;
    const tools = this.kind(SERVER_TOOL_USE) === OBJECT;
    for (let index = 0; index < COUNT_SLOTS.length; index++) {
      const [slot, within] = COUNT_SLOTS[index]!;
      const flags = this.flags(slot);
      if ((flags & KIND) === ABSENT || (within === CACHE_CREATION && !split) || (within === SERVER_TOOL_USE && !tools)) counts[index] = undefined;
      else if (flags & CONVERTED) counts[index] = this.records.doubles[((this.at + RECORD_VALUES_AT) >> 3) + slot]!;
      else return undefined;
    }
    return counts;
  }

  private flags(slot: number): number {
    return this.records.ints[((this.at + RECORD_HEADER) >> 2) + slot * 3]!;
  }

  private kind(slot: number): number {
    return this.flags(slot) & KIND;
  }

  members(): ClaudeLineMembers {
    return decoder.decode(this.records, this.at);
  }

  /** A plain string slot: its text between the quotes. */
  private text(slot: number): string {
    return latin1(this.records.bytes, this.textStart(slot), this.textEnd(slot));
  }

  /** Where a plain string slot's text starts (past the opening quote) and ends (at the closing one). */
  private textStart(slot: number): number {
    return this.at + this.records.ints[((this.at + RECORD_HEADER) >> 2) + slot * 3 + 1]! + 1;
  }

  private textEnd(slot: number): number {
    const slotAt = ((this.at + RECORD_HEADER) >> 2) + slot * 3;
    return this.at + this.records.ints[slotAt + 1]! + this.records.ints[slotAt + 2]! - 1;
  }
}

/**
 * Latin-1 text of `bytes[start, end)` through Buffer's own `latin1Slice`, without `toString`'s
 * argument checks (most of the cost of decoding an id); `toString` where a runtime lacks it.
 */
const latin1: (bytes: Buffer, start: number, end: number) => string =
  typeof (Buffer.prototype as { latin1Slice?: unknown }).latin1Slice === "function"
    ? (bytes, start, end) => (bytes as Buffer & { latin1Slice(start: number, end: number): string }).latin1Slice(start, end)
    : (bytes, start, end) => bytes.toString("latin1", start, end);
