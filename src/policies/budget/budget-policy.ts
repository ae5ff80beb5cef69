import type { CallContext } from "../../core/call-context.js";
import type { BudgetLine, CounterStore, LineRemaining, Reservation } from "../../core/counters.js";
import { TokenomyError } from "../../core/errors/index.js";
import { formatUsd } from "../../core/money.js";
import { definePolicy, type Policy } from "../../core/pipeline.js";
import { totalTokens } from "../../core/usage.js";
import { pushGuardEvent, partitionOf } from "../shared/guard-event.js";
import { HopLineage } from "../shared/hop-lineage.js";
import { readBody } from "../shared/read-body.js";
import { budgetLines } from "./budget-lines.js";
import type { BudgetSource } from "./budget-source.js";
import { enforceOutputCap } from "./output-cap.js";
import { requestsCacheWrite, worstCaseCost } from "./worst-case-cost.js";

export interface BudgetPolicyOptions {
  counters: CounterStore;
  budgets: BudgetSource;
  /** Shared with the loop guard when both run; made from `counters` otherwise. */
  lineage?: HopLineage;
  /** A reservation not settled within this long is released by whoever touches its tenant next (default 10 minutes, longer than any call). */
  reservationTtlMs?: number;
  /** Output cap of a model, for calls that set none (`max_tokens`). */
  modelOutputCap?: (model: string) => number | undefined;
  /** Output cap assumed when neither the client, the key nor the model gives one (default 32,768). */
  defaultOutputCapTokens?: number;
  /** Per-key output cap injected as `max_tokens` when the client sent none or more (key metadata `maxOutputTokens` overrides). */
  maxOutputTokens?: number;
  /** Per-key prompt cap (key metadata `maxPromptTokens` overrides); larger prompts get `prompt_too_large`. */
  maxPromptTokens?: number;
  /**
   * Multiplier on the local prompt count (default 1), for providers whose tokenizer counts more
   * than the local one (set for example 1.2 for a family the local tokenizer only approximates).
   * The difference between the local count and the provider's is the only way a call can cost
   * more than its reservation.
   */
  promptMargin?: number;
  /** Tokens added to every prompt count (default 0), for a provider that frames messages with more tokens than the local count assumes. */
  promptMarginTokens?: number;
  /** Headers say what is left once a scope has less than this share of its limit (default 0.2). */
  nearLimitShare?: number;
  clock?: () => number;
}

export const REMAINING_HEADER = "x-tokenomy-budget-remaining-usd";
export const SCOPE_HEADER = "x-tokenomy-budget-scope";

/**
 * Budgets that hold under concurrency: admission reserves the call's worst-case cost on every
 * budget of its chain at once (refusing with `budget_exceeded`, 402, naming the scope and what is
 * left); after the call the reservation is replaced by the actual cost, or released when the call
 * produced no cost. Overspend is bounded by the prompt-count estimation error alone.
 *
 * @example
 * const guard = budget({ counters: memoryCounterStore(), budgets: staticBudgets([{ id: "b1", scope: "key", scopeId: "k1", window: "day", limitPico: 5e12, createdAt: 0 }]) });
 */
export function budget(options: BudgetPolicyOptions): Policy<CallContext> {
  const lineage = options.lineage ?? new HopLineage(options.counters);
  const ttlMs = options.reservationTtlMs ?? 600_000;
  const defaultOutputCap = options.defaultOutputCapTokens ?? 32_768;
  const nearShare = options.nearLimitShare ?? 0.2;
  const promptMargin = options.promptMargin ?? 1;
  const promptMarginTokens = options.promptMarginTokens ?? 0;
  const clock = options.clock ?? Date.now;

  return definePolicy<CallContext>("budget", async (context, next) => {
    const metadata = context.identity.metadata ?? {};
    const promptCap = numberOr(metadata.maxPromptTokens, options.maxPromptTokens);
    if (promptCap !== undefined && context.promptTokens > promptCap) {
      throw new TokenomyError("prompt_too_large", `prompt of ${context.promptTokens} tokens exceeds this key's cap of ${promptCap}`, {
        details: { promptTokens: context.promptTokens, maxPromptTokens: promptCap },
      });
    }
    const outputCap = enforceOutputCap(context, numberOr(metadata.maxOutputTokens, options.maxOutputTokens));
    if (outputCap.changed) context.responseHeaders["x-tokenomy-max-tokens"] = String(outputCap.maxOutputTokens);

    const definitions = await options.budgets.all(context.identity);
    if (definitions.length === 0) return next();
    const partition = partitionOf(context);
    const hasHop = context.attribution.hopId !== undefined || context.attribution.parentHopId !== undefined;
    const hops = hasHop && definitions.some((definition) => definition.scope === "agent") ? await lineage.chain(partition, context.attribution) : [];
    const lines = budgetLines(definitions, context.identity, context.attribution, hops).filter(isLimited);
    if (lines.length === 0) return next();

    const price = context.price;
    if (!price) {
      pushGuardEvent(context, "budget-exceeded", { scope: lines[0]!.scope, detail: { reason: "unpriced_model", model: context.model } });
      throw new TokenomyError("unpriced_model", `model ${context.model} has no price, so a budgeted call to it cannot be admitted; price it with an override`, {
        details: { model: context.model, scope: lines[0]!.scope },
      });
    }
    const maxOutput = outputCap.maxOutputTokens ?? options.modelOutputCap?.(context.model) ?? defaultOutputCap;
    const body = readBody(context);
    const promptTokens = Math.ceil(context.promptTokens * promptMargin) + promptMarginTokens;
    const worst = worstCaseCost({ promptTokens, maxOutputTokens: maxOutput, price, mayWriteCache: context.api === "anthropic-messages" && requestsCacheWrite(body) });
    const result = await options.counters.reserve({ partition, lines, amountPico: worst.amountPico, tokens: worst.tokens, ttlMs, requestId: context.requestId });
    const scopes = lines.map((line) => `${line.scope}|${line.window}`);
    if (!result.ok) {
      const { refusal } = result;
      pushGuardEvent(context, "budget-exceeded", {
        scope: refusal.scope,
        amountPico: worst.amountPico,
        detail: { window: refusal.window, limitKind: refusal.limitKind, remainingPico: refusal.remainingPico.toString(), scopes },
      });
      const left = refusal.limitKind === "money" ? `$${formatUsd(refusal.remainingPico)}` : `${refusal.remainingTokens ?? 0} tokens`;
      const needed = refusal.limitKind === "money" ? `$${formatUsd(worst.amountPico)}` : `${worst.tokens} tokens`;
      throw new TokenomyError("budget_exceeded", `budget of ${refusal.scope} (${refusal.window}) has ${left} left; this call may need ${needed}`, {
        details: {
          scope: refusal.scope,
          window: refusal.window,
          limitKind: refusal.limitKind,
          remainingUsd: formatUsd(refusal.remainingPico),
          ...(refusal.limitPico !== undefined ? { limitUsd: formatUsd(refusal.limitPico) } : {}),
          ...(refusal.remainingTokens !== undefined ? { remainingTokens: refusal.remainingTokens } : {}),
          neededUsd: formatUsd(worst.amountPico),
        },
        headers: { [SCOPE_HEADER]: refusal.scope, [REMAINING_HEADER]: formatUsd(refusal.remainingPico) },
      });
    }
    const { reservation } = result;
    pushGuardEvent(context, "budget-reserved", { scope: lines.at(-1)!.scope, amountPico: worst.amountPico, timestamp: clock(), detail: { scopes, reservationId: reservation.id, tokens: worst.tokens } });
    addNearLimitHeaders(context, result.remaining, nearShare);
    try {
      await next();
    } finally {
      await finish(context, options.counters, reservation, lines, clock);
    }
  });
}

async function finish(context: CallContext, counters: CounterStore, reservation: Reservation, lines: BudgetLine[], clock: () => number): Promise<void> {
  const record = context.record;
  const scope = lines.at(-1)!.scope;
  const scopes = lines.map((line) => `${line.scope}|${line.window}`);
  const tokens = record ? totalTokens(record.usage) : 0;
  if (!record || record.costPico === undefined || (record.costPico === 0 && tokens === 0)) {
    const outcome = await counters.release(reservation);
    pushGuardEvent(context, "budget-released", { scope, amountPico: reservation.amountPico, timestamp: clock(), detail: { scopes, reservationId: reservation.id, outcome, status: record?.status ?? "not-called" } });
    return;
  }
  const outcome = await counters.settle(reservation, { amountPico: record.costPico, tokens });
  pushGuardEvent(context, "budget-settled", {
    scope,
    amountPico: record.costPico,
    timestamp: clock(),
    detail: { scopes, reservationId: reservation.id, outcome, reservedPico: reservation.amountPico, status: record.status, tokens },
  });
}

function addNearLimitHeaders(context: CallContext, remaining: readonly LineRemaining[], share: number): void {
  let tightest: LineRemaining | undefined;
  for (const line of remaining) {
    if (line.limitPico === undefined || line.remainingPico === undefined) continue;
    if (Number(line.remainingPico) > Number(line.limitPico) * share) continue;
    if (!tightest || line.remainingPico < tightest.remainingPico!) tightest = line;
  }
  if (!tightest) return;
  const left = tightest.remainingPico! > 0n ? tightest.remainingPico! : 0n;
  context.responseHeaders[REMAINING_HEADER] = formatUsd(left);
  context.responseHeaders[SCOPE_HEADER] = tightest.scope;
}

function isLimited(line: BudgetLine): boolean {
  return line.limitPico !== undefined || line.limitTokens !== undefined;
}

function numberOr(text: string | undefined, fallback: number | undefined): number | undefined {
  const value = text === undefined ? Number.NaN : Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}
