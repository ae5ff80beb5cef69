import type { Usage } from "../../core/usage.js";
import { readCount, readRecord, reportedOnly } from "../read-usage-fields.js";

/**
 * Converts an Anthropic Messages API `usage` object to a Usage.
 *
 * Anthropic's `input_tokens` excludes cache tokens, so the four prompt parts map one to one.
 * `cache_creation` splits the writes by TTL; without it every write is a 5-minute write.
 *
 * @example
 * fromAnthropicUsage({ input_tokens: 10, cache_read_input_tokens: 900, output_tokens: 20 });
 * // { inputNoCache: 10, cacheRead: 900, output: 20 }
 */
export function fromAnthropicUsage(raw: unknown): Usage {
  const usage = readRecord(raw);
  if (!usage) return {};
  // Built field by field (what reportedOnly would keep, in the same order): this runs for every
  // response of every Claude Code log read.
  const result: Usage = {};
  const input = readCount(usage.input_tokens);
  if (input !== undefined) result.inputNoCache = input;
  const cacheRead = readCount(usage.cache_read_input_tokens);
  if (cacheRead !== undefined) result.cacheRead = cacheRead;
  const writes = cacheWrites(usage, undefined);
  if (writes.fiveMinutes !== undefined) result.cacheWrite5m = writes.fiveMinutes;
  if (writes.oneHour !== undefined) result.cacheWrite1h = writes.oneHour;
  const output = readCount(usage.output_tokens);
  if (output !== undefined) result.output = output;
  const webSearchRequests = readCount(readRecord(usage.server_tool_use)?.web_search_requests);
  if (webSearchRequests !== undefined) result.webSearchRequests = webSearchRequests;
  return result;
}

/**
 * Folds the `usage` of a streaming `message_delta` event (or the event itself) into the usage
 * converted from `message_start`. Delta counts are cumulative, so each reported field replaces
 * the start's value; fields the delta leaves out keep it.
 *
 * @example
 * const start = fromAnthropicUsage(messageStart.message.usage); // output: 1
 * mergeAnthropicStreamUsage(start, { output_tokens: 503 }); // output: 503, prompt parts kept
 */
export function mergeAnthropicStreamUsage(start: Usage, delta: unknown): Usage {
  const record = readRecord(delta);
  const usage = record?.type === "message_delta" ? readRecord(record.usage) : record;
  if (!usage) return { ...start };
  const writes = cacheWrites(usage, start);
  return reportedOnly({
    inputNoCache: readCount(usage.input_tokens) ?? start.inputNoCache,
    cacheRead: readCount(usage.cache_read_input_tokens) ?? start.cacheRead,
    cacheWrite5m: writes.fiveMinutes ?? start.cacheWrite5m,
    cacheWrite1h: writes.oneHour ?? start.cacheWrite1h,
    output: readCount(usage.output_tokens) ?? start.output,
    reasoning: start.reasoning,
    webSearchRequests: readCount(readRecord(usage.server_tool_use)?.web_search_requests) ?? start.webSearchRequests,
  });
}

interface CacheWrites {
  fiveMinutes?: number;
  oneHour?: number;
}

/**
 * Cache writes by TTL. When only the total is reported and an earlier report (`known`) already
 * split it, the 1-hour part is kept and the rest is 5-minute, so a stream never counts twice.
 */
function cacheWrites(usage: Record<string, unknown>, known: Usage | undefined): CacheWrites {
  const total = readCount(usage.cache_creation_input_tokens);
  const split = readRecord(usage.cache_creation);
  const fiveMinutes = readCount(split?.ephemeral_5m_input_tokens);
  const oneHour = readCount(split?.ephemeral_1h_input_tokens);
  if (fiveMinutes !== undefined || oneHour !== undefined) {
    return {
      fiveMinutes: fiveMinutes ?? (total === undefined ? undefined : Math.max(0, total - (oneHour ?? 0))),
      oneHour: oneHour ?? (total === undefined ? undefined : Math.max(0, total - (fiveMinutes ?? 0))),
    };
  }
  if (total === undefined) return {};
  const knownOneHour = known?.cacheWrite1h;
  if (knownOneHour === undefined) return { fiveMinutes: total };
  return { fiveMinutes: Math.max(0, total - knownOneHour), oneHour: Math.min(knownOneHour, total) };
}
