import type { CallContext } from "../../core/call-context.js";
import type { CounterStore, RateLimit } from "../../core/counters.js";
import { TokenomyError } from "../../core/errors/index.js";
import { definePolicy, type Policy } from "../../core/pipeline.js";
import { pushGuardEvent } from "../shared/guard-event.js";

export interface PerMinute {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

export interface RateLimitOptions {
  counters: CounterStore;
  /** Every key; key metadata `requestsPerMinute` / `tokensPerMinute` overrides it per key. */
  perKey?: PerMinute;
  perTenant?: PerMinute;
  /** By model name as requested; `*` applies to every model without its own entry. */
  perModel?: Record<string, PerMinute>;
}

/**
 * Every rate limit of a call lives in this one counter partition, so that one atomic step checks
 * all of them (key, tenant and model) and consumes from all or none: a call refused by a model
 * limit takes nothing from its key's or tenant's allowance. Model limits protect a provider
 * account shared by every tenant, so they could not sit in a tenant's partition anyway; the key
 * names carry the key, tenant or model id. (In Redis, all rate keys share one hash tag.)
 */
export const RATE_PARTITION = "~rates";
const MINUTE_MS = 60_000;

/**
 * Requests and tokens per minute per key, tenant and model, with GCRA in the counter store (a
 * full minute's allowance may burst, then calls are spaced evenly). A refused call gets 429
 * `rate_limited` with `retry-after` in seconds, and consumes nothing. Prompt tokens are taken at
 * admission; output tokens are taken after the call, as debt, so a minute's token count is exact.
 *
 * @example
 * const limits = rateLimit({ counters, perKey: { requestsPerMinute: 600, tokensPerMinute: 200_000 } });
 */
export function rateLimit(options: RateLimitOptions): Policy<CallContext> {
  return definePolicy<CallContext>("rate-limit", async (context, next) => {
    const limits = limitsFor(options, context);
    if (limits.length === 0) return next();
    let promptTokens: number | undefined;
    const admission = limits.map((limit): RateLimit => ({ ...limit, cost: limit.tokens ? (promptTokens ??= context.promptTokens) : 1 }));
    const result = await options.counters.consumeRate(RATE_PARTITION, admission);
    if (!result.ok) {
      const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1_000));
      pushGuardEvent(context, "rate-limited", { scope: result.key, detail: { limit: result.limit, retryAfterMs: result.retryAfterMs, impossible: result.impossible } });
      const message = result.impossible
        ? `this call's ${context.promptTokens} prompt tokens exceed the limit of ${result.limit} per minute on ${result.key}`
        : `rate limit of ${result.limit} per minute on ${result.key} reached; retry in ${seconds} s`;
      throw new TokenomyError("rate_limited", message, {
        details: { scope: result.key, limit: result.limit, retryAfterMs: result.retryAfterMs },
        headers: { "retry-after": String(seconds) },
      });
    }
    try {
      await next();
    } finally {
      const output = context.record?.usage.output ?? 0;
      const debts = output > 0 ? limits.filter((limit) => limit.tokens).map((limit): RateLimit => ({ key: limit.key, limit: limit.limit, periodMs: limit.periodMs, cost: output })) : [];
      if (debts.length > 0) await options.counters.consumeRate(RATE_PARTITION, debts, { force: true });
    }
  });
}

type Limit = Omit<RateLimit, "cost"> & { tokens: boolean };

function limitsFor(options: RateLimitOptions, context: CallContext): Limit[] {
  const limits: Limit[] = [];
  const { keyId, tenantId, metadata } = context.identity;
  if (keyId) {
    const perKey = {
      requestsPerMinute: positive(metadata?.requestsPerMinute) ?? options.perKey?.requestsPerMinute,
      tokensPerMinute: positive(metadata?.tokensPerMinute) ?? options.perKey?.tokensPerMinute,
    };
    limits.push(...perMinute(`key:${keyId}`, perKey));
  }
  if (tenantId && options.perTenant) limits.push(...perMinute(`tenant:${tenantId}`, options.perTenant));
  const perModel = options.perModel?.[context.model] ?? options.perModel?.["*"];
  if (perModel) limits.push(...perMinute(`model:${context.model}`, perModel));
  return limits;
}

function perMinute(scope: string, limits: PerMinute): Limit[] {
  const result: Limit[] = [];
  if (limits.requestsPerMinute) result.push({ key: `rpm:${scope}`, limit: limits.requestsPerMinute, periodMs: MINUTE_MS, tokens: false });
  if (limits.tokensPerMinute) result.push({ key: `tpm:${scope}`, limit: limits.tokensPerMinute, periodMs: MINUTE_MS, tokens: true });
  return result;
}

function positive(text: string | undefined): number | undefined {
  const value = Number(text);
  return text !== undefined && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}
