import type { IncomingHttpHeaders } from "node:http";
import type { CallAttribution } from "../core/call-context.js";
import type { PriceVector } from "../core/call-record.js";
import { TokenomyError } from "../core/errors/index.js";

/** Request headers that attribute a call (documented in docs/gateway.md). */
export const attributionHeaders = {
  runId: "x-tokenomy-run-id",
  sessionId: "x-tokenomy-session-id",
  agentName: "x-tokenomy-agent",
  hopId: "x-tokenomy-hop-id",
  parentHopId: "x-tokenomy-parent-hop-id",
} as const satisfies Partial<Record<keyof CallAttribution, string>>;

export const priceVectorHeaders = {
  valueUsd: "x-tokenomy-value-usd",
  latencyUsdPerSecond: "x-tokenomy-latency-usd-per-second",
  riskUsd: "x-tokenomy-risk-usd",
} as const satisfies Record<keyof PriceVector, string>;

const maxIdLength = 256;
const traceparent = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Run, session, agent and hop from `x-tokenomy-*` headers, and the trace id from a W3C
 * `traceparent`. An id longer than 256 characters is refused rather than stored.
 *
 * @example
 * readAttribution({ "x-tokenomy-run-id": "r1", "x-tokenomy-agent": "planner" }) // { runId: "r1", agentName: "planner" }
 */
export function readAttribution(headers: IncomingHttpHeaders): CallAttribution {
  const attribution: CallAttribution = {};
  for (const field in attributionHeaders) {
    const name = attributionHeaders[field as keyof typeof attributionHeaders];
    const value = headers[name];
    if (typeof value !== "string" || value.length === 0) continue;
    if (value.length > maxIdLength) throw new TokenomyError("invalid_request", `${name} is longer than ${maxIdLength} characters`);
    attribution[field as keyof typeof attributionHeaders] = value;
  }
  const trace = headers.traceparent;
  if (typeof trace === "string") {
    const match = traceparent.exec(trace.trim());
    if (match) attribution.traceId = match[1]!;
  }
  return attribution;
}

/** The caller's price vector: non-negative decimal USD amounts. */
export function readPriceVector(headers: IncomingHttpHeaders): PriceVector {
  const vector: PriceVector = {};
  for (const field in priceVectorHeaders) {
    const name = priceVectorHeaders[field as keyof PriceVector];
    const value = headers[name];
    if (typeof value !== "string") continue;
    const amount = Number(value);
    if (value.trim() === "" || !Number.isFinite(amount) || amount < 0) {
      throw new TokenomyError("invalid_request", `${name} must be a non-negative number of USD, got ${JSON.stringify(value)}`);
    }
    vector[field as keyof PriceVector] = amount;
  }
  return vector;
}
