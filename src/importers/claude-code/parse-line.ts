import type { ClaudeLineMembers } from "./scan-records.js";
import { claudeLineMembers } from "./wasm-scanner.js";

/** The fields of one Claude Code log line that metering needs. */
export interface ClaudeUsageLine {
  messageId?: string;
  requestId?: string;
  model: string;
  timestamp: number;
  /**
   * The `message.usage` object (converted by `fromAnthropicUsage`): as written, or, when read by
   * the WebAssembly scanner, with only the members `fromAnthropicUsage` and `lineTokens` read.
   */
  usage: Record<string, unknown>;
  /** Session id written in the line (the file's path gives the parent session). */
  sessionId?: string;
  uuid?: string;
  isSidechain: boolean;
  stopReason?: string;
}

/** Why a line was not used; counted in `ImportStats.skipped`. */
export type ClaudeSkipReason = "invalid_json" | "no_usage" | "missing_fields" | "synthetic";

export type ParsedClaudeLine = { line: ClaudeUsageLine } | { skip: ClaudeSkipReason };

const SYNTHETIC_MODEL = "<synthetic>";

/**
 * Parses one JSONL line of a Claude Code transcript. Lines without `message.usage` (user turns,
 * snapshots, progress) are `no_usage`; usage without a model or a parseable timestamp is
 * `missing_fields`; Claude Code's own `<synthetic>` messages (API errors, interruptions) carry
 * no billed tokens and are `synthetic`.
 *
 * @example
 * parseClaudeLine('{"type":"user"}') // { skip: "no_usage" }
 */
export function parseClaudeLine(text: string): ParsedClaudeLine {
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch {
    return { skip: "invalid_json" };
  }
  if (!isObject(entry)) return { skip: "invalid_json" };
  return fromEntry(entry, isObject(entry.message) ? entry.message : undefined);
}

/** `time` is `Date.parse(entry.timestamp)` when already known. */
function fromEntry(entry: Record<string, unknown>, message: Record<string, unknown> | undefined, time?: number): ParsedClaudeLine {
  if (!message || !isObject(message.usage)) return { skip: "no_usage" };
  const model = message.model;
  if (model === SYNTHETIC_MODEL) return { skip: "synthetic" };
  const timestamp = time ?? (typeof entry.timestamp === "string" ? Date.parse(entry.timestamp) : Number.NaN);
  if (typeof model !== "string" || model === "" || Number.isNaN(timestamp)) return { skip: "missing_fields" };
  return {
    line: {
      messageId: nonEmptyString(message.id),
      requestId: nonEmptyString(entry.requestId),
      model,
      timestamp,
      usage: message.usage,
      sessionId: nonEmptyString(entry.sessionId),
      uuid: nonEmptyString(entry.uuid),
      isSidechain: entry.isSidechain === true,
      stopReason: nonEmptyString(message.stop_reason),
    },
  };
}

/**
 * `parseClaudeLine` on raw bytes (as the line reader hands them over), with the same result.
 *
 * A WebAssembly scanner (`claudeLineMembers`) validates the line and finds the few members kept,
 * and only the usage object is parsed: on the benchmark tree's assistant lines (1.4 KB each, most
 * of it content blocks) that takes a third of the time JSON.parse spends building every member.
 * Lines it leaves to JSON.parse (invalid, or unusual) are decoded as Latin-1 first: that is a
 * plain copy, and V8 parses one-byte strings faster. JSON's structure is all ASCII and UTF-8
 * never uses ASCII bytes inside a multi-byte character, so the parse is the same; only non-ASCII
 * text comes out garbled, and should one of the fields kept (or the usage object) hold such, the
 * line is decoded again as UTF-8. (Tried in JavaScript before, none faster than JSON.parse:
 * parsing only the head and tail of a line; a byte scan walking the line's structure; laying the
 * line out with native string searches, as each search call costs about 0.1 µs.)
 *
 * @example
 * parseClaudeLineBytes(Buffer.from(line), 0, Buffer.byteLength(line))
 */
export function parseClaudeLineBytes(bytes: Buffer, start: number, end: number): ParsedClaudeLine {
  const members = claudeLineMembers(bytes, start, end);
  return members ? fromMembers(members) : parseClaudeLineJson(bytes, start, end);
}

/** `parseClaudeLine` on the members a WebAssembly scan found (`claudeLineMembers`). */
export function fromMembers(members: ClaudeLineMembers): ParsedClaudeLine {
  return fromEntry(members.entry, members.message, members.time);
}

/** `parseClaudeLineBytes` by JSON.parse alone, for the lines the WebAssembly scanner leaves to it. */
export function parseClaudeLineJson(bytes: Buffer, start: number, end: number): ParsedClaudeLine {
  const parsed = parseClaudeLine(bytes.toString("latin1", start, end));
  if ("line" in parsed && hasNonAscii(parsed.line)) return parseClaudeLine(bytes.toString("utf8", start, end));
  return parsed;
}

const NON_ASCII = /[^\x00-\x7f]/;

function hasNonAscii(line: ClaudeUsageLine): boolean {
  return [line.model, line.messageId, line.requestId, line.sessionId, line.uuid, line.stopReason, JSON.stringify(line.usage)].some(
    (value) => value !== undefined && NON_ASCII.test(value),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
