import type { CallContext } from "../../core/call-context.js";
import type { CallRecord } from "../../core/call-record.js";
import type { ModelPrice } from "../../core/pricing.js";
import { costOf } from "../../core/pricing.js";
import type { Usage } from "../../core/usage.js";

/** $1 per million input tokens, $4 per million output tokens: 1,000,000 and 4,000,000 pUSD per token. */
export const testPrice: ModelPrice = {
  provider: "openai",
  model: "test-model",
  source: "test",
  base: { input: 1_000_000, output: 4_000_000, cacheRead: 100_000, cacheWrite5m: 1_250_000, cacheWrite1h: 2_000_000 },
};

let sequence = 0;

/** A hand-built call context for policy tests (what the gateway would build for one request). */
export function testContext(overrides: Partial<CallContext> = {}): CallContext {
  sequence += 1;
  return {
    requestId: `request-${sequence}`,
    startedAt: Date.now(),
    api: "openai-chat",
    provider: "openai",
    model: "test-model",
    body: { model: "test-model", messages: [{ role: "user", content: "hello" }] },
    stream: false,
    promptTokens: 1_000,
    maxOutputTokens: 500,
    price: testPrice,
    identity: { keyId: "k1", tenantId: "t1", userId: "u1" },
    attribution: {},
    priceVector: {},
    responseHeaders: {},
    events: [],
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** The record the upstream step would leave on the context after a call with this usage. */
export function recordFor(context: CallContext, usage: Usage, status: CallRecord["status"] = "ok"): CallRecord {
  return {
    id: context.requestId,
    timestamp: context.startedAt,
    source: "gateway",
    model: context.model,
    usage,
    ...(context.price ? { costPico: costOf(usage, context.price).total } : {}),
    status,
  };
}
