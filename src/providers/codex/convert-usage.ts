import type { Usage } from "../../core/usage.js";
import {
  readCount,
  readRecord,
  outputWithReasoning,
  reportedOnly,
  withoutIncludedParts,
} from "../read-usage-fields.js";

const CODEX_FIELDS = [
  "input_tokens",
  "cached_input_tokens",
  "output_tokens",
  "reasoning_output_tokens",
  "total_tokens",
] as const;

/**
 * Converts a Codex CLI `token_count` usage object (`info.last_token_usage` or
 * `info.total_token_usage`) to a Usage.
 *
 * Codex copies the Responses API counts: `input_tokens` includes `cached_input_tokens` and
 * `output_tokens` includes `reasoning_output_tokens` (codex-rs computes its blended total as
 * non-cached input plus output, adding no reasoning; ccusage's Codex cost does the same).
 *
 * @example
 * fromCodexUsage({ input_tokens: 5000, cached_input_tokens: 4000, output_tokens: 300, reasoning_output_tokens: 200, total_tokens: 5300 });
 * // { inputNoCache: 1000, cacheRead: 4000, output: 300, reasoning: 200 }
 */
export function fromCodexUsage(raw: unknown): Usage {
  const usage = readRecord(raw);
  if (!usage) return {};
  const input = readCount(usage.input_tokens);
  const cached = readCount(usage.cached_input_tokens);
  const output = readCount(usage.output_tokens);
  return reportedOnly({
    inputNoCache: withoutIncludedParts(input, cached),
    cacheRead: cached,
    ...outputWithReasoning(output, readCount(usage.reasoning_output_tokens)),
  });
}

/**
 * The usage of one turn from two cumulative `total_token_usage` objects: the current one and the
 * previous one (`undefined` or `null` for the first event of a session). Each raw field is
 * subtracted before conversion; a field that went down (a counter reset) counts as zero.
 *
 * @example
 * subtractCodexUsage(
 *   { input_tokens: 9000, cached_input_tokens: 7000, output_tokens: 500, reasoning_output_tokens: 300, total_tokens: 9500 },
 *   { input_tokens: 5000, cached_input_tokens: 4000, output_tokens: 300, reasoning_output_tokens: 200, total_tokens: 5300 },
 * );
 * // { inputNoCache: 1000, cacheRead: 3000, output: 200, reasoning: 100 }
 */
export function subtractCodexUsage(total: unknown, previous: unknown): Usage {
  const current = readRecord(total);
  if (!current) return {};
  const before = readRecord(previous);
  const delta: Record<string, number> = {};
  for (const field of CODEX_FIELDS) {
    const now = readCount(current[field]);
    if (now === undefined) continue;
    delta[field] = Math.max(0, now - (readCount(before?.[field]) ?? 0));
  }
  return fromCodexUsage(delta);
}
