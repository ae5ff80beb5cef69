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
  const split = readRecord(usage.cache_creation);
  return fromAnthropicCounts(
    readCount(usage.input_tokens),
    readCount(usage.cache_read_input_tokens),
    readCount(usage.cache_creation_input_tokens),
    readCount(split?.ephemeral_5m_input_tokens),
    readCount(split?.ephemeral_1h_input_tokens),
    readCount(usage.output_tokens),
    readCount(readRecord(usage.server_tool_use)?.web_search_requests),
  );
}

/**
 * `fromAnthropicUsage` of the counts read from a `usage` object (each `undefined` when absent or
 * not a count): `input_tokens`, `cache_read_input_tokens`, `cache_creation_input_tokens`,
 * `cache_creation.ephemeral_5m_input_tokens` and `.ephemeral_1h_input_tokens`, `output_tokens`,
 * `server_tool_use.web_search_requests`. For readers that find the counts without building the
 * object (the Claude Code log scanner).
 */
export function fromAnthropicCounts(
  input: number | undefined,
  cacheRead: number | undefined,
  cacheCreation: number | undefined,
  cacheCreation5m: number | undefined,
  cacheCreation1h: number | undefined,
  output: number | undefined,
  webSearchRequests: number | undefined,
): Usage {
  // Built field by field, in a fixed order: this runs for every response of every log read.
  const result: Usage = {};
  if (input !== undefined) result.inputNoCache = input;
  if (cacheRead !== undefined) result.cacheRead = cacheRead;
  const writes = cacheWrites(cacheCreation, cacheCreation5m, cacheCreation1h, undefined);
  if (writes.fiveMinutes !== undefined) result.cacheWrite5m = writes.fiveMinutes;
  if (writes.oneHour !== undefined) result.cacheWrite1h = writes.oneHour;
  if (output !== undefined) result.output = output;
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
  const split = readRecord(usage.cache_creation);
  const writes = cacheWrites(
    readCount(usage.cache_creation_input_tokens),
    readCount(split?.ephemeral_5m_input_tokens),
    readCount(split?.ephemeral_1h_input_tokens),
    start,
  );
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
 * Cache writes by TTL, from the total and the split as reported. When only the total is reported
 * and an earlier report (`known`) already split it, the 1-hour part is kept and the rest is
 * 5-minute, so a stream never counts twice.
 */
function cacheWrites(total: number | undefined, fiveMinutes: number | undefined, oneHour: number | undefined, known: Usage | undefined): CacheWrites {
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
