import type { CallRecord } from "../../core/call-record.js";
import { priceUsage, type PriceBook } from "../../core/pricing.js";
import type { Usage } from "../../core/usage.js";
import { fromAnthropicCounts, fromAnthropicUsage } from "../../providers/anthropic/convert-usage.js";
import type { ClaudeUsageLine } from "./parse-line.js";
import type { ClaudeFileInfo } from "./paths.js";
import type { PlainLine } from "./scan-records.js";

/**
 * One response as it leaves the reading stage: only what deduplication and the record need, in
 * a compact shape (this is what worker threads send back).
 */
export interface ScannedCall {
  /** Dedup key (see `dedupKey`); undefined when the line has no message id. */
  key: string | undefined;
  /** Stable id suffix of the record. */
  identity: string;
  /** Tokens compared between copies. */
  tokens: number;
  /** Main-transcript copies win over sidechain replays. */
  preferred: boolean;
  model: string;
  timestamp: number;
  messageId?: string;
  requestId?: string;
  stopReason?: string;
  usage: Usage;
}

/**
 * Reduces a parsed line to a ScannedCall. The record id comes from the dedup key, or for a line
 * without a message id from its uuid (or its byte offset), so importing twice yields the same ids.
 * `key` is the line's `dedupKey`, when already known.
 */
export function scanCall(line: ClaudeUsageLine, file: ClaudeFileInfo, offset: number, key = dedupKey(line, file)): ScannedCall {
  const call: ScannedCall = {
    key,
    identity: key?.replaceAll("\u0000", ":") ?? `${file.sessionId}:${line.uuid ?? `${file.agentId ?? "main"}@${offset}`}`,
    tokens: lineTokens(line.usage),
    preferred: !line.isSidechain,
    model: line.model,
    timestamp: line.timestamp,
    usage: fromAnthropicUsage(line.usage),
  };
  if (line.messageId !== undefined) call.messageId = line.messageId;
  if (line.requestId !== undefined) call.requestId = line.requestId;
  if (line.stopReason !== undefined) call.stopReason = line.stopReason;
  return call;
}

/**
 * `scanCall` of a PLAIN line (see `PlainLine`) read straight from its record, without the members
 * it does not need: the same call (the tests compare the two on every line).
 */
export function scanPlainCall(plain: PlainLine, key: string): ScannedCall {
  const call: ScannedCall = {
    key,
    identity: `${plain.messageId}:${plain.requestId}`,
    tokens: plain.tokens,
    preferred: plain.preferred,
    model: plain.model(),
    timestamp: plain.timestamp,
    usage: plainUsage(plain),
    messageId: plain.messageId,
    requestId: plain.requestId,
  };
  const stopReason = plain.stopReason();
  if (typeof stopReason === "string" && stopReason !== "") call.stopReason = stopReason;
  return call;
}

/** The line's Usage from its counts when all are plain, else from its `usage` object. */
function plainUsage(plain: PlainLine): Usage {
  const counts = plain.usageCounts();
  if (!counts) return fromAnthropicUsage(plain.usage());
  return fromAnthropicCounts(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6]);
}

export const CLAUDE_CODE_SOURCE = "claude-code";

/**
 * Dedup key of a response: Claude Code writes one line per content block, each repeating the
 * message's usage, and may copy a response into another transcript. With a request id the key
 * is (message id, request id) across all files; without one, the copies are told apart by
 * session, and by timestamp unless the id is a real Anthropic `msg_` id (as ccusage does).
 */
export function dedupKey(line: ClaudeUsageLine, file: ClaudeFileInfo): string | undefined {
  if (line.messageId === undefined) return undefined;
  if (line.requestId !== undefined) return requestKey(line.messageId, line.requestId);
  const session = line.sessionId ?? file.sessionId;
  const when = line.messageId.startsWith("msg_") ? "" : String(line.timestamp);
  return `${line.messageId}\u0000\u0000${session}\u0000${when}`;
}

/** Dedup key of a response with both a message id and a request id. */
export function requestKey(messageId: string, requestId: string): string {
  return `${messageId}\u0000${requestId}`;
}

/** Tokens of a line as ccusage compares copies: input + output + cache read + cache creation. */
export function lineTokens(usage: Record<string, unknown>): number {
  return (
    count(usage.input_tokens) + count(usage.output_tokens) + count(usage.cache_read_input_tokens) + count(usage.cache_creation_input_tokens)
  );
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/**
 * A priced CallRecord for one deduplicated response, at the prices in effect on the call's UTC
 * day; an unknown model stays unpriced.
 */
export function toCallRecord(call: ScannedCall, file: ClaudeFileInfo, prices: PriceBook): CallRecord {
  const costPico = priceUsage(prices, call.model, "anthropic", call.usage, call.timestamp);
  const record: CallRecord = {
    id: `${CLAUDE_CODE_SOURCE}:${call.identity}`,
    timestamp: call.timestamp,
    source: CLAUDE_CODE_SOURCE,
    provider: "anthropic",
    model: call.model,
    project: file.project,
    sessionId: file.sessionId,
    agentKind: file.agentKind,
    usage: call.usage,
    status: "ok",
  };
  if (costPico !== undefined) record.costPico = costPico;
  if (call.requestId !== undefined) record.requestId = call.requestId;
  if (call.messageId !== undefined) record.responseId = call.messageId;
  if (file.agentId !== undefined) record.agentId = file.agentId;
  if (call.stopReason !== undefined) record.stopReason = call.stopReason;
  return record;
}
