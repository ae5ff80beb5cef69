import type { CallRecord } from "../../core/call-record.js";
import { inputTotal } from "../../core/usage.js";

/** Response headers (and stream trailers) that tell a client what its call cost. */
export const costHeaderNames = ["x-tokenomy-cost-usd", "x-tokenomy-input-tokens", "x-tokenomy-output-tokens", "x-tokenomy-cache-read-tokens"] as const;

/**
 * USD with up to 12 decimals and no trailing zeros; `unpriced` for a model with no known price.
 * Runs on every call: integer arithmetic and one slice, no padding or regular expression
 * (measured ~70 ns instead of ~220 ns).
 */
export function costUsdText(costPico: number | undefined): string {
  if (costPico === undefined) return "unpriced";
  // Exact: a per-call cost is a safe integer of picodollars, so integer division and remainder suffice.
  let fraction = costPico % 1e12;
  const whole = String((costPico - fraction) / 1e12);
  if (fraction === 0) return whole;
  let digits = 12;
  while (fraction % 10 === 0) {
    fraction /= 10;
    digits--;
  }
  const text = String(fraction);
  return `${whole}.${zeros.slice(0, digits - text.length)}${text}`;
}

const zeros = "000000000000";

/** Writes the cost headers into `target` (the response's header object: no object of their own). */
export function addCostHeaders(target: Record<string, string | string[]>, record: CallRecord): void {
  target["x-tokenomy-cost-usd"] = costUsdText(record.costPico);
  target["x-tokenomy-input-tokens"] = String(inputTotal(record.usage) ?? 0);
  target["x-tokenomy-output-tokens"] = String(record.usage.output ?? 0);
  target["x-tokenomy-cache-read-tokens"] = String(record.usage.cacheRead ?? 0);
}

export function costHeaders(record: CallRecord): Record<(typeof costHeaderNames)[number], string> {
  const headers = {} as Record<(typeof costHeaderNames)[number], string>;
  addCostHeaders(headers, record);
  return headers;
}

/** The same facts as an SSE comment, which SDKs skip and scripts can read. */
export function costComment(record: CallRecord): string {
  const headers = costHeaders(record);
  return `: tokenomy cost-usd=${headers["x-tokenomy-cost-usd"]} input-tokens=${headers["x-tokenomy-input-tokens"]} output-tokens=${headers["x-tokenomy-output-tokens"]} cache-read-tokens=${headers["x-tokenomy-cache-read-tokens"]}\n\n`;
}
