import { randomUUID } from "node:crypto";
import type { CallContext } from "../core/call-context.js";
import type { CounterStore } from "../core/counters.js";
import type { LedgerEvent } from "../core/ledger-event.js";
import { budgetLimitFields } from "../policies/budget/budget-limit.js";
import { compose } from "../core/pipeline.js";
import { costOf, type ModelPrice } from "../core/pricing.js";
import type { Usage } from "../core/usage.js";
import type { BudgetDefinition } from "../core/virtual-key.js";
import { budget } from "../policies/budget/budget-policy.js";
import { staticBudgets } from "../policies/budget/budget-source.js";
import { HopLineage } from "../policies/shared/hop-lineage.js";
import { memoryCounterStore } from "../stores/counters-memory/memory-counter-store.js";
import { fitMessages, type FitResult } from "./fit-messages.js";
import { messageTokens, REPLY_PRIMING_TOKENS, type ChatMessage, type TextTokenCounter } from "./message-tokens.js";

export interface AgentLimits {
  /** Each hop of this agent (with its sub-agents) may spend at most this much. */
  budgetUsd?: number | string;
  /** Context budget of each hop of this agent, in prompt tokens. */
  contextTokens?: number;
}

export interface RunControllerOptions {
  runId?: string;
  tenantId?: string;
  budgetUsd?: number | string;
  /** Limits by agent name. */
  agents?: Record<string, AgentLimits>;
  /** Context budget of hops whose agent has none. */
  contextTokens?: number;
  price: ModelPrice | ((model: string) => ModelPrice | undefined);
  /** Default: in this process. A Redis store shares one run's budget between processes. */
  counters?: CounterStore;
  countTokens?: TextTokenCounter;
}

export interface HopCall {
  model: string;
  messages: readonly ChatMessage[];
  maxOutputTokens: number;
}

/**
 * The gateway's budget guard, in-process, for TypeScript agents: one run with a budget, hops
 * (agent steps) with context and spend limits, a sub-agent never spending more than its parent
 * has left. Calls run through the very `budget` policy the gateway uses.
 *
 * @example
 * const run = createRunController({ budgetUsd: 2, price, agents: { coder: { budgetUsd: 0.5, contextTokens: 16_000 } } });
 * const hop = run.hop({ agentName: "coder" });
 * const { messages } = hop.fit(history);
 * const answer = await hop.call({ model, messages, maxOutputTokens: 1_024 }, async (fitted) => send(fitted));
 */
export function createRunController(options: RunControllerOptions) {
  const runId = options.runId ?? randomUUID();
  const counters = options.counters ?? memoryCounterStore();
  const lineage = new HopLineage(counters);
  const priceFor = typeof options.price === "function" ? options.price : () => options.price as ModelPrice;
  const definitions: BudgetDefinition[] = [];
  if (options.budgetUsd !== undefined) definitions.push({ id: `run-${runId}`, scope: "run", scopeId: runId, window: "run", ...budgetLimitFields(options.budgetUsd), createdAt: Date.now() });
  for (const [agentName, limits] of Object.entries(options.agents ?? {})) {
    if (limits.budgetUsd === undefined) continue;
    definitions.push({ id: `agent-${runId}-${agentName}`, scope: "agent", scopeId: runId, agentName, window: "run", ...budgetLimitFields(limits.budgetUsd), createdAt: Date.now() });
  }
  const guard = compose([budget({ counters, budgets: staticBudgets(definitions), lineage })]);
  const events: LedgerEvent[] = [];
  const identity = options.tenantId ? { tenantId: options.tenantId } : {};
  const partition = options.tenantId ?? "-";

  const hop = (hopOptions: { agentName?: string; parentHopId?: string; hopId?: string } = {}) => {
    const hopId = hopOptions.hopId ?? randomUUID();
    const attribution = { runId, hopId, ...(hopOptions.agentName ? { agentName: hopOptions.agentName } : {}), ...(hopOptions.parentHopId ? { parentHopId: hopOptions.parentHopId } : {}) };
    const contextTokens = (hopOptions.agentName ? options.agents?.[hopOptions.agentName]?.contextTokens : undefined) ?? options.contextTokens;
    /** Trims the oldest turns so the conversation fits this hop's context budget (unchanged when it has none). */
    const fit = (messages: readonly ChatMessage[]): FitResult => {
      if (contextTokens === undefined) {
        const promptTokens = messages.reduce((sum, message) => sum + messageTokens(message, options.countTokens), 0);
        return { messages: [...messages], promptTokens, dropped: 0 };
      }
      return fitMessages(messages, contextTokens, options.countTokens);
    };
    return {
      hopId,
      fit,
      /** Admits the call against the run's budgets (refusing with `budget_exceeded`), sends it, settles its actual cost. */
      async call<T>(request: HopCall, send: (messages: ChatMessage[]) => Promise<{ usage: Usage; value: T }>): Promise<T> {
        const fitted = fit(request.messages);
        const context: CallContext = {
          requestId: randomUUID(),
          startedAt: Date.now(),
          api: "openai-chat",
          provider: "sdk",
          model: request.model,
          body: { model: request.model, messages: fitted.messages, max_tokens: request.maxOutputTokens },
          stream: false,
          promptTokens: fitted.promptTokens + REPLY_PRIMING_TOKENS,
          maxOutputTokens: request.maxOutputTokens,
          price: priceFor(request.model),
          identity,
          attribution,
          priceVector: {},
          responseHeaders: {},
          events,
          signal: new AbortController().signal,
        };
        let value: T | undefined;
        await guard(context, async () => {
          const answer = await send(fitted.messages);
          value = answer.value;
          const price = context.price;
          context.record = { id: context.requestId, timestamp: context.startedAt, source: "sdk", model: request.model, usage: answer.usage, ...(price ? { costPico: costOf(answer.usage, price).total } : {}), status: "ok" };
        });
        return value as T;
      },
    };
  };

  return {
    runId,
    /** Every guard event of the run so far (reserve, settle, release, refuse). */
    events,
    hop,
    /** Spend and open reservations of the run. */
    spent: () => counters.usage(partition, `run:${runId}`, "run"),
    /** Spend of one hop, its sub-agents included (only tracked for hops whose agent has a budget). */
    hopSpent: (hopId: string) => counters.usage(partition, `hop:${runId}/${hopId}`, "run"),
  };
}

export type RunController = ReturnType<typeof createRunController>;
export type HopController = ReturnType<RunController["hop"]>;
