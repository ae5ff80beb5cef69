// AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs (not TypeScript for Node).
//
// Validates one JSON line of a Claude Code transcript and finds, without building anything, the
// few members metering keeps: six of the top-level object, four of its `message`, and the counts
// of `message.usage`. Plain integers and canonical UTC timestamps are also converted here. It
// writes a record of them per line, which the caller decodes (src/importers/claude-code/
// scan-records.ts, driven by wasm-scanner.ts). Validation is at least as strict as JSON.parse:
// any line this refuses (invalid JSON, a top-level value that is not an object, a key spelled with
// escapes where a kept member could hide, nesting past MAX_DEPTH) is parsed by JSON.parse
// instead, so what the caller concludes never differs from a full parse.

// Slots, each three i32 (start, end, flags): where a member's value lies in the line, plus an f64
// (its value, for a number or timestamp converted here). The members of an object slot follow it.
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
const INPUT_TOKENS = 10;
const CACHE_CREATION_INPUT_TOKENS = 11;
const CACHE_READ_INPUT_TOKENS = 12;
const OUTPUT_TOKENS = 13;
const CACHE_CREATION = 14;
const EPHEMERAL_5M_INPUT_TOKENS = 15;
const EPHEMERAL_1H_INPUT_TOKENS = 16;
const SERVER_TOOL_USE = 17;
const WEB_SEARCH_REQUESTS = 18;
const SLOTS = 19;

// Flags: the value's kind in the low byte, then whether it holds escapes or non-ASCII bytes, and
// whether its f64 holds its value.
const ABSENT = 0;
const STRING = 1;
const OBJECT = 2;
const TRUE = 3;
const OTHER = 4;
const NUMBER = 5;
const ESCAPED = 0x100;
const NON_ASCII = 0x200;
const CONVERTED = 0x400;

// Where a key is looked up: in which object whose members are kept, or in none.
const TOP = 0;
const IN_MESSAGE = 1;
const IN_USAGE = 2;
const IN_CACHE_CREATION = 3;
const IN_SERVER_TOOL_USE = 4;
const ELSEWHERE = 5;

const MAX_DEPTH = 256;
const FAILED: isize = -1;

const SLOT_BYTES = SLOTS * 12;
const slots = memory.data(SLOT_BYTES);
const values = memory.data(SLOTS * 8, 8);
// Counters compared before and after a value to tell whether it held escapes or non-ASCII bytes.
let escapes: i32 = 0;
let nonAscii: i32 = 0;

// Records: what the caller needs of each line that may hold usage, self-contained (they may be
// copied out and read on another thread), one after another in the arena, each 8-byte aligned:
//   u32 record bytes, u32 status (0: JSON.parse must read the line, 1: scanned, 2: PLAIN),
//   f64 the line's offset in its file, then
//   status 0: u32 line length and the line's bytes;
//   else per slot u32 flags, u32 text start (from the record's start), u32 text length; a pad;
//   per slot the f64 value; then the texts: the value as written, for strings (quotes included)
//   and for numbers not converted.
const RECORD_HEADER = 16;
const RECORD_SLOTS_AT = RECORD_HEADER;
const RECORD_VALUES_AT = (RECORD_SLOTS_AT + SLOT_BYTES + 7) & ~7;
const RECORD_TEXT_AT = RECORD_VALUES_AT + SLOTS * 8;
const ARENA_BYTES = 512 * 1024;
const arena = memory.data(ARENA_BYTES, 8);
// What scanChunk counted: lines read, lines without usage, lines too long; where it stopped;
// the bytes of records it wrote; and the PLAIN lines it dropped as repeats (see below).
const counters = memory.data(6 * 4);
const LINES_READ = 0;
const NO_USAGE = 4;
const TOO_LONG = 8;
const RESUME = 12;
const ARENA_USED = 16;
const REPEATS = 20;

// Repeats within a file. Claude Code writes a response's usage once per content block, so about
// half the usage lines of a file are copies of an earlier line's. The deduplication that follows
// (src/importers/claude-code/file-reader.ts) keeps, per (message id, request id), the copy that
// ranks highest (a main-transcript copy first, then the most tokens; the first of equals). A
// PLAIN line that does not rank above the best PLAIN copy of its key seen so far in the file
// would be dropped there as a duplicate (the best it holds ranks at least as high), so it is
// dropped here instead, only counted: no record, no decoding. Everything else goes on as before.
// Table of keys seen: open addressing, entries of u32 generation (stale generations are empty
// slots, so starting a file clears nothing), u32 hash, u32 key start and length in `keys`, u32
// preferred, a pad and an f64 of tokens. Once half full, or `keys` is, new keys are not added
// (their repeats then go on to the deduplication as records).
const REPEAT_ENTRIES: u32 = 16384;
const REPEAT_ENTRY_BYTES: usize = 32;
const repeatTable = memory.data(<i32>(REPEAT_ENTRIES * <u32>REPEAT_ENTRY_BYTES), 8);
const KEY_BYTES: u32 = 1024 * 1024;
const keys = memory.data(<i32>KEY_BYTES);
let generation: u32 = 0;
let entriesUsed: u32 = 0;
let keysUsed: u32 = 0;
let dropRepeats = false;
// The PLAIN line being scanned: where its message id and request id lie, its key's hash, and its
// entry (or the empty slot for it).
let messageStart: usize = 0;
let messageLength: usize = 0;
let requestStart: usize = 0;
let requestLength: usize = 0;
let lineHash: u32 = 0;
let lineEntry: usize = 0;
let lineFound = false;
/** What `record` returns for a line dropped as a repeat (records take 16 bytes or more). */
const REPEAT: usize = 1;

/** Where the caller reads the records of `scanChunk` and `scanLine`. */
export function arenaPointer(): usize {
  return arena;
}

/** Where the caller reads the counters of `scanChunk` (lines read, no usage, too long, resume, arena bytes used). */
export function countersPointer(): usize {
  return counters;
}

/**
 * Handles the complete lines in `[start, end)` (the last one ends with a newline just before
 * `end`; `fileOffset` is the file offset of `start`) as the JavaScript line reader does with
 * each: a trailing carriage return is dropped, blank lines are ignored, others counted as read;
 * lines longer than `maxLineBytes` are counted too long, lines `classify` proves hold no usage
 * are counted, and the rest are scanned into records, written to the arena from its start. Stops
 * early when the arena is full: the counters say where to resume. Returns the number of records.
 */
export function scanChunk(start: usize, end: usize, maxLineBytes: usize, fileOffset: f64): i32 {
  let count = 0;
  let used: usize = 0;
  let lineStart = start;
  while (lineStart < end) {
    const newline = findNewline(lineStart, end);
    let stop = newline;
    if (stop > lineStart && load<u8>(stop - 1) == 0x0d) stop--;
    const next = newline + 1;
    if (isBlank(lineStart, stop)) {
      lineStart = next;
      continue;
    }
    if (stop - lineStart > maxLineBytes) {
      store<i32>(counters + TOO_LONG, load<i32>(counters + TOO_LONG) + 1);
    } else if (holdsNoUsage(lineStart, stop)) {
      store<i32>(counters + NO_USAGE, load<i32>(counters + NO_USAGE) + 1);
    } else {
      const bytes = record(arena + used, arena + ARENA_BYTES, lineStart, stop, fileOffset + <f64>(lineStart - start), dropRepeats);
      // Full: this line is read again on resuming.
      if (bytes == 0) break;
      if (bytes == REPEAT) {
        store<i32>(counters + REPEATS, load<i32>(counters + REPEATS) + 1);
      } else {
        used += bytes;
        count++;
      }
    }
    store<i32>(counters + LINES_READ, load<i32>(counters + LINES_READ) + 1);
    lineStart = next;
  }
  store<i32>(counters + RESUME, <i32>lineStart);
  store<i32>(counters + ARENA_USED, <i32>used);
  return count;
}

/**
 * Scans one line, `[start, end)` at `fileOffset` in its file, into a record at `out` (8-byte
 * aligned, with RECORD_TEXT_AT + 8 bytes of memory there besides the line's length: the
 * RECORD_OVERHEAD of scan-records.ts). Returns the record's bytes.
 */
export function scanLine(start: usize, end: usize, fileOffset: f64, out: usize): i32 {
  return <i32>record(out, <usize>-1, start, end, fileOffset, false);
}

/**
 * Scans a line into a record at `at`, unless it would pass `limit` (then 0). Returns its bytes,
 * or REPEAT for a PLAIN line dropped as a repeat (when `repeats`).
 */
function record(at: usize, limit: usize, start: usize, end: usize, fileOffset: f64, repeats: bool): usize {
  const status = scan(start, end);
  const plain = repeats && status == 2;
  if (plain && isRepeat()) return REPEAT;
  let bytes: usize;
  if (status == 0) {
    bytes = RECORD_HEADER + 4 + (end - start);
  } else {
    bytes = RECORD_TEXT_AT;
    for (let slot = 0; slot < SLOTS; slot++) if (hasText(slot)) bytes += <usize>(load<i32>(slots + <usize>slot * 12, 4) - load<i32>(slots + <usize>slot * 12));
  }
  bytes = (bytes + 7) & ~(<usize>7);
  if (limit - at < bytes) return 0;
  store<u32>(at, <u32>bytes);
  store<u32>(at, <u32>status, 4);
  store<f64>(at, fileOffset, 8);
  if (status == 0) {
    store<u32>(at, <u32>(end - start), RECORD_HEADER);
    memory.copy(at + RECORD_HEADER + 4, start, end - start);
    return bytes;
  }
  let text = RECORD_TEXT_AT;
  for (let slot = 0; slot < SLOTS; slot++) {
    const entry = slots + <usize>slot * 12;
    const out = at + RECORD_SLOTS_AT + <usize>slot * 12;
    const flags = load<i32>(entry, 8);
    store<i32>(out, flags);
    if (hasText(slot)) {
      const from = <usize>load<i32>(entry);
      const length = <usize>load<i32>(entry, 4) - from;
      memory.copy(at + text, from, length);
      store<u32>(out, <u32>text, 4);
      store<u32>(out, <u32>length, 8);
      text += length;
    } else {
      store<u64>(out, 0, 4);
    }
  }
  memory.copy(at + RECORD_VALUES_AT, values, SLOTS * 8);
  // Only once written: a line that did not fit is scanned again on resuming.
  if (plain) rememberLine();
  return bytes;
}

/** Whether a slot's value is kept as text: a string, or a number not converted. */
function hasText(slot: i32): bool {
  const flags = flagsOf(slot);
  const kind = flags & 0xff;
  return kind == STRING || (kind == NUMBER && (flags & CONVERTED) == 0);
}

/** Clears the counters of `scanChunk`. */
export function resetCounters(): void {
  memory.fill(counters, 0, 24);
}

/** Starts a file: no key seen yet. `repeats`: whether scanChunk drops repeats (see REPEATS). */
export function startFile(repeats: bool): void {
  generation++;
  entriesUsed = 0;
  keysUsed = 0;
  dropRepeats = repeats;
}

/** Whether the PLAIN line just scanned repeats an earlier one without ranking above it; finds its entry either way. */
function isRepeat(): bool {
  const message = slots + <usize>MESSAGE_ID * 12;
  const request = slots + <usize>REQUEST_ID * 12;
  messageStart = <usize>load<i32>(message);
  messageLength = <usize>load<i32>(message, 4) - messageStart;
  requestStart = <usize>load<i32>(request);
  requestLength = <usize>load<i32>(request, 4) - requestStart;
  let hash: u32 = 0x811c9dc5;
  for (let at = messageStart; at < messageStart + messageLength; at++) hash = (hash ^ <u32>load<u8>(at)) * 0x01000193;
  hash = (hash ^ 0xff) * 0x01000193;
  for (let at = requestStart; at < requestStart + requestLength; at++) hash = (hash ^ <u32>load<u8>(at)) * 0x01000193;
  lineHash = hash;
  const mask = REPEAT_ENTRIES - 1;
  for (let index = hash & mask; ; index = (index + 1) & mask) {
    const entry = repeatTable + <usize>index * REPEAT_ENTRY_BYTES;
    lineEntry = entry;
    if (load<u32>(entry) != generation) {
      lineFound = false;
      return false;
    }
    if (load<u32>(entry, 4) != hash || <usize>load<u32>(entry, 12) != messageLength + 1 + requestLength) continue;
    const key = keys + <usize>load<u32>(entry, 8);
    if (memory.compare(key, messageStart, messageLength) != 0 || load<u8>(key + messageLength) != 0) continue;
    if (memory.compare(key + messageLength + 1, requestStart, requestLength) != 0) continue;
    lineFound = true;
    const preferred = kindOf(IS_SIDECHAIN) != TRUE;
    const tokens = load<f64>(values + <usize>USAGE * 8);
    const heldPreferred = load<u32>(entry, 16) != 0;
    const ranksAbove = preferred != heldPreferred ? preferred : tokens > load<f64>(entry, 24);
    return !ranksAbove;
  }
}

/** Records the rank of the PLAIN line just written (as `isRepeat` found its entry), while there is room. */
function rememberLine(): void {
  const entry = lineEntry;
  if (!lineFound) {
    const length = <u32>(messageLength + 1 + requestLength);
    if (entriesUsed * 2 >= REPEAT_ENTRIES || keysUsed + length > KEY_BYTES) return;
    const key = keys + <usize>keysUsed;
    memory.copy(key, messageStart, messageLength);
    store<u8>(key + messageLength, 0);
    memory.copy(key + messageLength + 1, requestStart, requestLength);
    store<u32>(entry, generation);
    store<u32>(entry, lineHash, 4);
    store<u32>(entry, keysUsed, 8);
    store<u32>(entry, length, 12);
    keysUsed += length;
    entriesUsed++;
  }
  store<u32>(entry, kindOf(IS_SIDECHAIN) != TRUE ? 1 : 0, 16);
  store<f64>(entry, load<f64>(values + <usize>USAGE * 8), 24);
}

/** The first newline in `[at, end)`, 64 then 16 bytes at a time; `end` if there is none. */
function findNewline(at: usize, end: usize): usize {
  const newline = i8x16.splat(0x0a);
  while (at + 64 <= end) {
    const first = i8x16.eq(v128.load(at), newline);
    const second = i8x16.eq(v128.load(at, 16), newline);
    const third = i8x16.eq(v128.load(at, 32), newline);
    const fourth = i8x16.eq(v128.load(at, 48), newline);
    if (v128.any_true(v128.or(v128.or(first, second), v128.or(third, fourth)))) break;
    at += 64;
  }
  while (at + 16 <= end) {
    const found = i8x16.bitmask(i8x16.eq(v128.load(at), newline));
    if (found != 0) return at + ctz(found);
    at += 16;
  }
  while (at < end && load<u8>(at) != 0x0a) at++;
  return at;
}

function isBlank(at: usize, end: usize): bool {
  for (; at < end; at++) {
    const byte = load<u8>(at);
    if (byte != 0x20 && byte != 0x09 && byte != 0x0d) return false;
  }
  return true;
}



/** Where the caller writes the line: past the static data, 16-byte aligned. */
export function inputPointer(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/**
 * Scans `[start, end)`. Returns 0 when the caller must fall back to JSON.parse, else (with the
 * slots filled: the line is valid JSON whose top level is an object) 2 when the line is PLAIN,
 * with its tokens as the value of the USAGE slot, and 1 otherwise. Reads nothing outside the
 * range.
 */
function scan(start: usize, end: usize): i32 {
  memory.fill(slots, 0, SLOT_BYTES);
  escapes = 0;
  nonAscii = 0;
  let at = <isize>whitespace(start, end);
  if (at >= <isize>end || load<u8>(at) != 0x7b) return 0;
  at = object(<usize>at, end, 1, TOP);
  if (at == FAILED || whitespace(<usize>at, end) != end) return 0;
  return isPlain() ? 2 : 1;
}

/**
 * PLAIN: a usage line with nothing unusual, whose fate in metering follows from its slots alone.
 * Its message and usage are objects; its model a non-empty ASCII string other than `<synthetic>`;
 * its timestamp converted; its message id and request id non-empty ASCII strings without escapes;
 * and each of the four counts ccusage compares copies by (input, output, cache read, cache
 * creation) absent or converted, so their sum (stored as the USAGE slot's value) is exact.
 */
function isPlain(): bool {
  if (kindOf(MESSAGE) != OBJECT || kindOf(USAGE) != OBJECT || (flagsOf(TIMESTAMP) & CONVERTED) == 0) return false;
  if (!isPlainString(MODEL) || !isPlainString(MESSAGE_ID) || !isPlainString(REQUEST_ID)) return false;
  // A plain string's first quote after its opening one is its closing one.
  const model = slots + <usize>MODEL * 12;
  if (startsWith(<usize>load<i32>(model) + 1, <usize>load<i32>(model, 4), '<synthetic>"')) return false;
  if (!isPlainCount(INPUT_TOKENS) || !isPlainCount(OUTPUT_TOKENS) || !isPlainCount(CACHE_READ_INPUT_TOKENS) || !isPlainCount(CACHE_CREATION_INPUT_TOKENS)) {
    return false;
  }
  const tokens = countOf(INPUT_TOKENS) + countOf(OUTPUT_TOKENS) + countOf(CACHE_READ_INPUT_TOKENS) + countOf(CACHE_CREATION_INPUT_TOKENS);
  store<f64>(values + <usize>USAGE * 8, tokens);
  return true;
}

/** A count absent or converted. */
function isPlainCount(slot: i32): bool {
  const flags = flagsOf(slot);
  return flags == ABSENT || (flags & CONVERTED) != 0;
}

function countOf(slot: i32): f64 {
  return flagsOf(slot) == ABSENT ? 0 : load<f64>(values + <usize>slot * 8);
}

function flagsOf(slot: i32): i32 {
  return load<i32>(slots + <usize>slot * 12, 8);
}

function kindOf(slot: i32): i32 {
  return flagsOf(slot) & 0xff;
}

/** A string without escapes or non-ASCII bytes, and not empty. */
function isPlainString(slot: i32): bool {
  const entry = slots + <usize>slot * 12;
  return load<i32>(entry, 8) == STRING && load<i32>(entry, 4) - load<i32>(entry) > 2;
}

function whitespace(at: usize, end: usize): usize {
  while (at < end) {
    const byte = load<u8>(at);
    if (byte != 0x20 && byte != 0x09 && byte != 0x0a && byte != 0x0d) break;
    at++;
  }
  return at;
}

function object(at: usize, end: usize, depth: i32, context: i32): isize {
  if (depth > MAX_DEPTH) return FAILED;
  at = whitespace(at + 1, end);
  if (at < end && load<u8>(at) == 0x7d) return at + 1;
  while (true) {
    if (at >= end || load<u8>(at) != 0x22) return FAILED;
    const escapesBefore = escapes;
    const keyEnd = stringEnd(at, end);
    if (keyEnd == FAILED) return FAILED;
    let slot = -1;
    let childContext = ELSEWHERE;
    if (context != ELSEWHERE) {
      // `"\u0075sage"` is `usage` to JSON.parse: leave such a line to it.
      if (escapes != escapesBefore) return FAILED;
      slot = slotOf(context, at + 1, <usize>keyEnd - 1);
      if (slot >= 0) {
        childContext = contextOf(slot);
        // A repeated member replaces the earlier one whole, as in JSON.parse: its members go.
        const last = lastMemberOf(slot);
        if (last > slot) memory.fill(slots + <usize>(slot + 1) * 12, 0, <usize>(last - slot) * 12);
      }
    }
    at = whitespace(<usize>keyEnd, end);
    if (at >= end || load<u8>(at) != 0x3a) return FAILED;
    at = whitespace(at + 1, end);
    const valueEnd = value(at, end, depth, slot, childContext);
    if (valueEnd == FAILED) return FAILED;
    at = whitespace(<usize>valueEnd, end);
    if (at >= end) return FAILED;
    const byte = load<u8>(at);
    if (byte == 0x7d) return at + 1;
    if (byte != 0x2c) return FAILED;
    at = whitespace(at + 1, end);
  }
}

function array(at: usize, end: usize, depth: i32): isize {
  if (depth > MAX_DEPTH) return FAILED;
  at = whitespace(at + 1, end);
  if (at < end && load<u8>(at) == 0x5d) return at + 1;
  while (true) {
    const valueEnd = value(at, end, depth, -1, ELSEWHERE);
    if (valueEnd == FAILED) return FAILED;
    at = whitespace(<usize>valueEnd, end);
    if (at >= end) return FAILED;
    const byte = load<u8>(at);
    if (byte == 0x5d) return at + 1;
    if (byte != 0x2c) return FAILED;
    at = whitespace(at + 1, end);
  }
}

/** One value starting at `at` (a member's value at `depth`); its span goes to `slot` unless -1. */
function value(at: usize, end: usize, depth: i32, slot: i32, childContext: i32): isize {
  if (at >= end) return FAILED;
  const escapesBefore = escapes;
  const nonAsciiBefore = nonAscii;
  const byte = load<u8>(at);
  let valueEnd: isize;
  let kind = OTHER;
  if (byte == 0x22) {
    valueEnd = stringEnd(at, end);
    kind = STRING;
  } else if (byte == 0x7b) {
    valueEnd = object(at, end, depth + 1, childContext);
    kind = OBJECT;
  } else if (byte == 0x5b) {
    valueEnd = array(at, end, depth + 1);
  } else if (byte == 0x74) {
    valueEnd = literal(at, end, 0x65757274, 4); // "true"
    kind = TRUE;
  } else if (byte == 0x66) {
    valueEnd = at + 5 <= end && load<u8>(at + 4) == 0x65 ? literal(at, end, 0x736c6166, 5) : FAILED; // "false"
  } else if (byte == 0x6e) {
    valueEnd = literal(at, end, 0x6c6c756e, 4); // "null"
  } else {
    valueEnd = number(at, end);
    kind = NUMBER;
  }
  if (valueEnd == FAILED || slot < 0) return valueEnd;
  let flags = kind;
  if (escapes != escapesBefore) flags |= ESCAPED;
  if (nonAscii != nonAsciiBefore) flags |= NON_ASCII;
  // Counts are converted; a number elsewhere (a numeric timestamp) is not what metering reads.
  if (kind == NUMBER && slot >= INPUT_TOKENS) flags |= convertInteger(at, <usize>valueEnd, slot);
  else if (slot == TIMESTAMP && flags == STRING) flags |= convertTimestamp(at + 1, <usize>valueEnd - 1);
  const entry = slots + <usize>slot * 12;
  store<i32>(entry, <i32>at);
  store<i32>(entry, <i32>valueEnd, 4);
  store<i32>(entry, flags, 8);
  return valueEnd;
}

/** `true`, `false` or `null`: their first four bytes as one little-endian word. */
function literal(at: usize, end: usize, word: u32, length: usize): isize {
  if (at + length > end || load<u32>(at) != word) return FAILED;
  return at + length;
}

function isDigit(byte: u32): bool {
  return byte - 0x30 < 10;
}

function digits(at: usize, end: usize): usize {
  while (at < end && isDigit(load<u8>(at))) at++;
  return at;
}

/** A JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
function number(at: usize, end: usize): isize {
  if (load<u8>(at) == 0x2d) at++;
  if (at >= end) return FAILED;
  const first = load<u8>(at);
  if (first == 0x30) at++;
  else if (isDigit(first)) at = digits(at + 1, end);
  else return FAILED;
  if (at < end && load<u8>(at) == 0x2e) {
    const fraction = digits(at + 1, end);
    if (fraction == at + 1) return FAILED;
    at = fraction;
  }
  if (at < end && (load<u8>(at) | 0x20) == 0x65) {
    at++;
    if (at < end && (load<u8>(at) == 0x2b || load<u8>(at) == 0x2d)) at++;
    const exponent = digits(at, end);
    if (exponent == at) return FAILED;
    at = exponent;
  }
  return at;
}

/**
 * A string starting at its opening quote; returns the position past its closing quote. Sixteen
 * bytes at a time between quotes, backslashes and control bytes: most of a transcript's bytes
 * are inside strings (messages, tool calls, thinking), and escapes are frequent in code.
 */
function stringEnd(at: usize, end: usize): isize {
  at++;
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const space = i8x16.splat(0x20);
  // Every byte passed over, or-ed together: its high bit tells whether any was not ASCII.
  let passed = i8x16.splat(0);
  while (true) {
    let byte: u32;
    if (at + 16 <= end) {
      const block = v128.load(at);
      const special = i8x16.bitmask(v128.or(v128.or(i8x16.eq(block, quote), i8x16.eq(block, backslash)), i8x16.lt_u(block, space)));
      if (special == 0) {
        passed = v128.or(passed, block);
        at += 16;
        continue;
      }
      const before = ctz(special);
      if ((i8x16.bitmask(block) & ((1 << before) - 1)) != 0) passed = v128.or(passed, block);
      at += before;
      byte = load<u8>(at);
    } else {
      if (at >= end) return FAILED;
      byte = load<u8>(at);
      if (byte != 0x22 && byte != 0x5c && byte >= 0x20) {
        if (byte >= 0x80) passed = i8x16.splat(-128);
        at++;
        continue;
      }
    }
    if (byte == 0x22) {
      if (i8x16.bitmask(passed) != 0) nonAscii++;
      return at + 1;
    }
    if (byte < 0x20) return FAILED;
    // A backslash: one of \" \\ \/ \b \f \n \r \t, or \u and four hex digits.
    escapes++;
    at++;
    if (at >= end) return FAILED;
    const escaped = load<u8>(at);
    if (escaped == 0x75) {
      if (at + 5 > end) return FAILED;
      for (let index: usize = 1; index <= 4; index++) if (!isHex(load<u8>(at + index))) return FAILED;
      at += 5;
    } else if (escaped == 0x22 || escaped == 0x5c || escaped == 0x2f || escaped == 0x62 || escaped == 0x66 || escaped == 0x6e || escaped == 0x72 || escaped == 0x74) {
      at++;
    } else {
      return FAILED;
    }
  }
  return FAILED; // not reached: AssemblyScript's flow analysis does not see the loop never ends
}

function isHex(byte: u32): bool {
  return isDigit(byte) || (byte | 0x20) - 0x61 < 6;
}

/** Whether `[at, end)` holds exactly the ASCII text `name`. */
function named(at: usize, end: usize, name: string): bool {
  const length = <usize>name.length;
  if (end - at != length) return false;
  for (let index: usize = 0; index < length; index++) if (<u32>load<u8>(at + index) != <u32>name.charCodeAt(<i32>index)) return false;
  return true;
}

/**
 * The slot of a key in the object `context`, or -1. Keys are told apart by length and first
 * byte, then compared whole: most keys (content, ids, paths) fail at once.
 */
function slotOf(context: i32, at: usize, end: usize): i32 {
  const length = end - at;
  if (length < 2) return -1;
  const first = load<u8>(at);
  let slot = -1;
  if (context == TOP) {
    if (length == 9) slot = first == 0x74 ? TIMESTAMP : first == 0x72 ? REQUEST_ID : first == 0x73 ? SESSION_ID : -1;
    else if (length == 4) slot = first == 0x75 ? UUID : -1;
    else if (length == 11) slot = first == 0x69 ? IS_SIDECHAIN : -1;
    else if (length == 7) slot = first == 0x6d ? MESSAGE : -1;
  } else if (context == IN_MESSAGE) {
    if (length == 5) slot = first == 0x6d ? MODEL : first == 0x75 ? USAGE : -1;
    else if (length == 2) slot = first == 0x69 ? MESSAGE_ID : -1;
    else if (length == 11) slot = first == 0x73 ? STOP_REASON : -1;
  } else if (context == IN_USAGE) {
    if (length == 12) slot = first == 0x69 ? INPUT_TOKENS : -1;
    else if (length == 27) slot = first == 0x63 ? CACHE_CREATION_INPUT_TOKENS : -1;
    else if (length == 23) slot = first == 0x63 ? CACHE_READ_INPUT_TOKENS : -1;
    else if (length == 13) slot = first == 0x6f ? OUTPUT_TOKENS : -1;
    else if (length == 14) slot = first == 0x63 ? CACHE_CREATION : -1;
    else if (length == 15) slot = first == 0x73 ? SERVER_TOOL_USE : -1;
  } else if (context == IN_CACHE_CREATION) {
    // ephemeral_5m_input_tokens and ephemeral_1h_input_tokens differ in their 11th byte.
    if (length == 25 && first == 0x65) slot = load<u8>(at + 10) == 0x35 ? EPHEMERAL_5M_INPUT_TOKENS : EPHEMERAL_1H_INPUT_TOKENS;
  } else if (context == IN_SERVER_TOOL_USE) {
    if (length == 19) slot = first == 0x77 ? WEB_SEARCH_REQUESTS : -1;
  }
  return slot >= 0 && named(at, end, nameOf(slot)) ? slot : -1;
}

function nameOf(slot: i32): string {
  switch (slot) {
    case TIMESTAMP:
      return "timestamp";
    case REQUEST_ID:
      return "requestId";
    case SESSION_ID:
      return "sessionId";
    case UUID:
      return "uuid";
    case IS_SIDECHAIN:
      return "isSidechain";
    case MESSAGE:
      return "message";
    case MODEL:
      return "model";
    case MESSAGE_ID:
      return "id";
    case STOP_REASON:
      return "stop_reason";
    case USAGE:
      return "usage";
    case INPUT_TOKENS:
      return "input_tokens";
    case CACHE_CREATION_INPUT_TOKENS:
      return "cache_creation_input_tokens";
    case CACHE_READ_INPUT_TOKENS:
      return "cache_read_input_tokens";
    case OUTPUT_TOKENS:
      return "output_tokens";
    case CACHE_CREATION:
      return "cache_creation";
    case EPHEMERAL_5M_INPUT_TOKENS:
      return "ephemeral_5m_input_tokens";
    case EPHEMERAL_1H_INPUT_TOKENS:
      return "ephemeral_1h_input_tokens";
    case SERVER_TOOL_USE:
      return "server_tool_use";
    default:
      return "web_search_requests";
  }
}

/** Where the members of an object slot are looked up, should its value be an object. */
function contextOf(slot: i32): i32 {
  if (slot == MESSAGE) return IN_MESSAGE;
  if (slot == USAGE) return IN_USAGE;
  if (slot == CACHE_CREATION) return IN_CACHE_CREATION;
  if (slot == SERVER_TOOL_USE) return IN_SERVER_TOOL_USE;
  return ELSEWHERE;
}

/** The last slot among the members of an object slot (the slot itself for others). */
function lastMemberOf(slot: i32): i32 {
  if (slot == MESSAGE || slot == USAGE) return SLOTS - 1;
  if (slot == CACHE_CREATION) return EPHEMERAL_1H_INPUT_TOKENS;
  if (slot == SERVER_TOOL_USE) return WEB_SEARCH_REQUESTS;
  return slot;
}

/**
 * A number made of 1 to 15 digits (no sign, fraction or exponent; no leading zero, which JSON
 * forbids anyway) is exact as an f64: stored as the slot's value. Others are left to the caller.
 */
function convertInteger(at: usize, end: usize, slot: i32): i32 {
  const length = end - at;
  if (length > 15) return 0;
  let value: u64 = 0;
  for (let index = at; index < end; index++) {
    const digit = <u32>load<u8>(index) - 0x30;
    if (digit >= 10) return 0;
    value = value * 10 + digit;
  }
  store<f64>(values + <usize>slot * 8, <f64>value);
  return CONVERTED;
}

function twoDigits(at: usize): i32 {
  const high = <u32>load<u8>(at) - 0x30;
  const low = <u32>load<u8>(at + 1) - 0x30;
  return high < 10 && low < 10 ? <i32>(high * 10 + low) : -1;
}

/**
 * A timestamp written as Claude Code writes them, `YYYY-MM-DDTHH:MM:SS.sssZ` (or without the
 * milliseconds), from 1970 on, with every field in its range (days up to 31 in any month, which
 * Date.parse rolls over into the next), converted to milliseconds since the epoch as Date.parse
 * does; any other text is left to Date.parse.
 */
function convertTimestamp(at: usize, end: usize): i32 {
  const length = end - at;
  if (length != 20 && length != 24) return 0;
  if (load<u8>(at + 4) != 0x2d || load<u8>(at + 7) != 0x2d || load<u8>(at + 10) != 0x54 || load<u8>(at + 13) != 0x3a || load<u8>(at + 16) != 0x3a) return 0;
  if (load<u8>(end - 1) != 0x5a) return 0;
  const century = twoDigits(at);
  const yearOfCentury = twoDigits(at + 2);
  const month = twoDigits(at + 5);
  const day = twoDigits(at + 8);
  const hour = twoDigits(at + 11);
  const minute = twoDigits(at + 14);
  const second = twoDigits(at + 17);
  if ((century | yearOfCentury | month | day | hour | minute | second) < 0) return 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return 0;
  let milliseconds = 0;
  if (length == 24) {
    if (load<u8>(at + 19) != 0x2e) return 0;
    const hundreds = <u32>load<u8>(at + 20) - 0x30;
    const rest = twoDigits(at + 21);
    if (hundreds >= 10 || rest < 0) return 0;
    milliseconds = <i32>hundreds * 100 + rest;
  }
  const year = century * 100 + yearOfCentury;
  if (year < 1970) return 0;
  const days = daysFromCivil(year, month) + day - 1;
  const time = (<f64>days * 86400 + <f64>(hour * 3600 + minute * 60 + second)) * 1000 + <f64>milliseconds;
  store<f64>(values + <usize>TIMESTAMP * 8, time);
  return CONVERTED;
}

/** Days from 1970-01-01 to the first of `month` in `year` (proleptic Gregorian; Howard Hinnant's algorithm). */
function daysFromCivil(year: i32, month: i32): i32 {
  const y = month <= 2 ? year - 1 : year;
  const era = y / 400;
  const yearOfEra = y - era * 400;
  const dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5;
  const dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

// The top-level `type` sits among the first flat keys; look no further than this.
const HEAD_BYTES: usize = 4096;

/**
 * `classifyClaudeLine` (src/importers/claude-code/classify-line.ts) on `[start, end)`, and
 * exactly it: true when the line ends in `}` and its first `"type":"` (within HEAD_BYTES) has no
 * `{` (but the line's first byte) or `[` before it, and names a type that never carries usage.
 * Sixteen bytes at a time: the key sits some 250 bytes in, after ids and paths.
 */
function holdsNoUsage(start: usize, end: usize): bool {
  if (end == start || load<u8>(end - 1) != 0x7d) return false;
  const headEnd = min(end, start + HEAD_BYTES);
  const first = load<u8>(start);
  if (first == 0x5b) return false;
  if (first == 0x22 && isTypeKey(start + 1, end)) return typeWithoutUsage(start + 8, end);
  let at = start + 1;
  const brace = i8x16.splat(0x7b);
  const bracket = i8x16.splat(0x5b);
  const quote = i8x16.splat(0x22);
  const letterT = i8x16.splat(0x74);
  while (at + 17 <= end && at < headEnd) {
    // Most of the way there is nothing of either: 64 bytes at once while so.
    if (at + 65 <= end && !anyOf(at, brace, bracket, quote, letterT) && !anyOf(at + 32, brace, bracket, quote, letterT)) {
      at += 64;
      continue;
    }
    const block = v128.load(at);
    const braces = i8x16.bitmask(v128.or(i8x16.eq(block, brace), i8x16.eq(block, bracket)));
    // A quote followed by `t`: where a key `type` may start.
    let hits = braces | i8x16.bitmask(v128.and(i8x16.eq(block, quote), i8x16.eq(v128.load(at + 1), letterT)));
    while (hits != 0) {
      const bit = ctz(hits);
      const position = at + bit;
      if (position + 1 >= headEnd || ((braces >> bit) & 1) != 0) return false;
      if (isTypeKey(position + 1, end)) return typeWithoutUsage(position + 8, end);
      hits &= hits - 1;
    }
    at += 16;
  }
  for (; at < headEnd; at++) {
    const byte = load<u8>(at);
    if (byte == 0x7b || byte == 0x5b) return false;
    if (byte == 0x22 && at + 1 < headEnd && isTypeKey(at + 1, end)) return typeWithoutUsage(at + 8, end);
  }
  return false;
}

/** Whether 32 bytes from `at` hold a `{` or `[`, or a quote followed by `t`. */
// @ts-ignore: decorator
@inline
function anyOf(at: usize, brace: v128, bracket: v128, quote: v128, letterT: v128): bool {
  const low = v128.load(at);
  const high = v128.load(at, 16);
  const braces = v128.or(v128.or(i8x16.eq(low, brace), i8x16.eq(low, bracket)), v128.or(i8x16.eq(high, brace), i8x16.eq(high, bracket)));
  const keys = v128.or(
    v128.and(i8x16.eq(low, quote), i8x16.eq(v128.load(at + 1), letterT)),
    v128.and(i8x16.eq(high, quote), i8x16.eq(v128.load(at + 17), letterT)),
  );
  return v128.any_true(v128.or(braces, keys));
}

/** Whether `type":"` starts at `at`: as a word (`type`), a half word (`":`) and a byte (`"`). */
function isTypeKey(at: usize, end: usize): bool {
  return at + 7 <= end && load<u32>(at) == 0x65707974 && load<u16>(at + 4) == 0x3a22 && load<u8>(at + 6) == 0x22;
}

function typeWithoutUsage(at: usize, end: usize): bool {
  return (
    startsWith(at, end, 'user"') ||
    startsWith(at, end, 'progress"') ||
    startsWith(at, end, 'system"') ||
    startsWith(at, end, 'summary"') ||
    startsWith(at, end, 'file-history-snapshot"') ||
    startsWith(at, end, 'queue-operation"')
  );
}

function startsWith(at: usize, end: usize, text: string): bool {
  const length = <usize>text.length;
  return at + length <= end && named(at, at + length, text);
}
