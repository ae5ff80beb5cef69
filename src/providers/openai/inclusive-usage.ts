import type { Usage } from "../../core/usage.js";
import { outputWithReasoning, readCount, readRecord, reportedOnly, withoutIncludedParts } from "../read-usage-fields.js";

/** Field names of one OpenAI usage dialect (Chat Completions and Responses name the same facts differently). */
export interface InclusiveUsageFields {
  input: string;
  inputDetails: string;
  output: string;
  outputDetails: string;
}

/**
 * OpenAI's convention: the input count includes cache reads (`cached_tokens`) and cache writes
 * (`cache_write_tokens`), the output count includes reasoning. Splits them into disjoint parts.
 */
export function fromInclusiveUsage(raw: unknown, fields: InclusiveUsageFields): Usage {
  const usage = readRecord(raw);
  if (!usage) return {};
  const details = readRecord(usage[fields.inputDetails]);
  const cacheRead = readCount(details?.cached_tokens);
  const cacheWrite = readCount(details?.cache_write_tokens);
  const output = readCount(usage[fields.output]);
  const reasoning = readCount(readRecord(usage[fields.outputDetails])?.reasoning_tokens);
  return reportedOnly({
    inputNoCache: withoutIncludedParts(readCount(usage[fields.input]), cacheRead, cacheWrite),
    cacheRead,
    cacheWrite5m: cacheWrite,
    ...outputWithReasoning(output, reasoning),
  });
}
