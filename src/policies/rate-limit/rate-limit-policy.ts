import type { CallContext } from "../../core/call-context.js";
import type { CounterStore, RateLimit } from "../../core/counters.js";
import { TokenomyError } from "../../core/errors/index.js";
import { definePolicy, type Policy } from "../../core/pipeline.js";
import { pushGuardEvent, partitionOf } from "../shared/guard-event.js";

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

/** Model limits protect a provider account shared by every tenant, so they live in one partition. */
export const MODEL_PARTITION = "~models";
const MINUTE_MS = 60_000;

/**
 * Requests and tokens per minute per key, tenant and model, with GCRA in the counter store (a
 * full minute's allowance may burst, then calls are spaced evenly). A refused call gets 429
 * `rate_limited` with `retry-after` in seconds. Prompt tokens are taken at admission; output
 * tokens are taken after the call, as debt, so a minute's token count is exact.
 *
 * @example
 * const limits = rateLimit({ counters, perKey: { requestsPerMinute: 600, tokensPerMinute: 200_000 } });
 */
export function rateLimit(options: RateLimitOptions): Policy<CallContext> {
  return definePolicy<CallContext>("rate-limit", async (context, next) => {
    const groups = limitsFor(options, context);
    if (groups.length === 0) return next();
    for (const group of groups) {
      const limits = group.limits.map((limit) => ({ ...limit, cost: limit.key.startsWith("rpm:") ? 1 : context.promptTokens }));
      const result = await options.counters.consumeRate(group.partition, limits);
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
    }
    try {
      await next();
    } finally {
      const output = context.record?.usage.output ?? 0;
      if (output > 0) {
        const debts = groups
          .map((group) => ({ partition: group.partition, tokens: group.limits.filter((limit) => limit.key.startsWith("tpm:")).map((limit) => ({ ...limit, cost: output })) }))
          .filter((debt) => debt.tokens.length > 0);
        await Promise.all(debts.map((debt) => options.counters.consumeRate(debt.partition, debt.tokens, { force: true })));
      }
    }
  });
}

type Group = { partition: string; limits: Omit<RateLimit, "cost">[] };

function limitsFor(options: RateLimitOptions, context: CallContext): Group[] {
  const tenantLimits: Omit<RateLimit, "cost">[] = [];
  const { keyId, tenantId, metadata } = context.identity;
  if (keyId) {
    const perKey = {
      requestsPerMinute: positive(metadata?.requestsPerMinute) ?? options.perKey?.requestsPerMinute,
      tokensPerMinute: positive(metadata?.tokensPerMinute) ?? options.perKey?.tokensPerMinute,
    };
    tenantLimits.push(...perMinute(`key:${keyId}`, perKey));
  }
  if (tenantId && options.perTenant) tenantLimits.push(...perMinute(`tenant:${tenantId}`, options.perTenant));
  const groups: Group[] = [];
  if (tenantLimits.length > 0) groups.push({ partition: partitionOf(context), limits: tenantLimits });
  const perModel = options.perModel?.[context.model] ?? options.perModel?.["*"];
  if (perModel) {
    const modelLimits = perMinute(`model:${context.model}`, perModel);
    if (modelLimits.length > 0) groups.push({ partition: MODEL_PARTITION, limits: modelLimits });
  }
  return groups;
}

function perMinute(scope: string, limits: PerMinute): Omit<RateLimit, "cost">[] {
  const result: Omit<RateLimit, "cost">[] = [];
  if (limits.requestsPerMinute) result.push({ key: `rpm:${scope}`, limit: limits.requestsPerMinute, periodMs: MINUTE_MS });
  if (limits.tokensPerMinute) result.push({ key: `tpm:${scope}`, limit: limits.tokensPerMinute, periodMs: MINUTE_MS });
  return result;
}

function positive(text: string | undefined): number | undefined {
  const value = Number(text);
  return text !== undefined && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}
