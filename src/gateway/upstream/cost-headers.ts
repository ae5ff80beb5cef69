import type { CallRecord } from "../../core/call-record.js";
import { inputTotal } from "../../core/usage.js";

/** Response headers (and stream trailers) that tell a client what its call cost. */
export const costHeaderNames = ["x-tokenomy-cost-usd", "x-tokenomy-input-tokens", "x-tokenomy-output-tokens", "x-tokenomy-cache-read-tokens"] as const;

/** USD with up to 12 decimals and no trailing zeros; `unpriced` for a model with no known price. */
export function costUsdText(costPico: number | undefined): string {
  if (costPico === undefined) return "unpriced";
  // Exact: a per-call cost is a safe integer of picodollars, so plain digit shifting suffices.
  const digits = String(costPico).padStart(13, "0");
  const fraction = digits.slice(-12).replace(/0+$/, "");
  const whole = digits.slice(0, -12);
  return fraction.length > 0 ? `${whole}.${fraction}` : whole;
}

export function costHeaders(record: CallRecord): Record<(typeof costHeaderNames)[number], string> {
  return {
    "x-tokenomy-cost-usd": costUsdText(record.costPico),
    "x-tokenomy-input-tokens": String(inputTotal(record.usage) ?? 0),
    "x-tokenomy-output-tokens": String(record.usage.output ?? 0),
    "x-tokenomy-cache-read-tokens": String(record.usage.cacheRead ?? 0),
  };
}

/** The same facts as an SSE comment, which SDKs skip and scripts can read. */
export function costComment(record: CallRecord): string {
  const headers = costHeaders(record);
  return `: tokenomy cost-usd=${headers["x-tokenomy-cost-usd"]} input-tokens=${headers["x-tokenomy-input-tokens"]} output-tokens=${headers["x-tokenomy-output-tokens"]} cache-read-tokens=${headers["x-tokenomy-cache-read-tokens"]}\n\n`;
}
