import { z } from "zod";
import { budgetScopes, budgetWindows, type BudgetDefinition } from "../../core/virtual-key.js";
import { definePolicyFactory } from "../policy-factory.js";
import { budgetLimitFields } from "./budget-limit.js";
import { budget } from "./budget-policy.js";
import { combinedBudgets, staticBudgets } from "./budget-source.js";

const configBudget = z
  .object({
    scope: z.enum(budgetScopes),
    /** As in the admin API: an id, or for run and agent budgets "" (every run), `tenant:ID`, `key:ID`. */
    scopeId: z.string(),
    agentName: z.string().min(1).optional(),
    window: z.enum(budgetWindows),
    limitUsd: z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/, "a decimal USD amount")]).optional(),
    limitTokens: z.number().int().positive().optional(),
  })
  .strict();

const options = z
  .object({
    /** Budgets declared in the config, on top of those set through the admin API. */
    budgets: z.array(configBudget).optional(),
    reservationTtlMs: z.number().int().positive().optional(),
    defaultOutputCapTokens: z.number().int().positive().optional(),
    /** Output cap by model name, for calls that send no `max_tokens`. */
    modelOutputCaps: z.record(z.string(), z.number().int().positive()).optional(),
    maxOutputTokens: z.number().int().positive().optional(),
    maxPromptTokens: z.number().int().positive().optional(),
    nearLimitShare: z.number().min(0).max(1).optional(),
    promptMargin: z.number().min(1).max(4).optional(),
    promptMarginTokens: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();

/**
 * `policies: [{ name: budget, options: { maxOutputTokens: 4096 } }]`: budgets from the key store
 * (set through the admin API), reserved and settled in the counter store.
 */
export const budgetFactory = definePolicyFactory({
  options,
  create(config, services) {
    const guard = services.guard;
    const caps = config.modelOutputCaps;
    const declared = (config.budgets ?? []).map((entry, index): BudgetDefinition => ({
      id: `config:${index}`,
      scope: entry.scope,
      scopeId: entry.scopeId,
      window: entry.window,
      createdAt: 0,
      ...(entry.agentName !== undefined ? { agentName: entry.agentName } : {}),
      ...(entry.limitUsd !== undefined ? budgetLimitFields(entry.limitUsd) : {}),
      ...(entry.limitTokens !== undefined ? { limitTokens: entry.limitTokens } : {}),
    }));
    return budget({
      counters: services.counters,
      budgets: declared.length > 0 ? combinedBudgets([staticBudgets(declared), guard.budgets]) : guard.budgets,
      lineage: guard.lineage,
      ...(caps ? { modelOutputCap: (model: string) => caps[model] } : {}),
      ...(config.reservationTtlMs !== undefined ? { reservationTtlMs: config.reservationTtlMs } : {}),
      ...(config.defaultOutputCapTokens !== undefined ? { defaultOutputCapTokens: config.defaultOutputCapTokens } : {}),
      ...(config.maxOutputTokens !== undefined ? { maxOutputTokens: config.maxOutputTokens } : {}),
      ...(config.maxPromptTokens !== undefined ? { maxPromptTokens: config.maxPromptTokens } : {}),
      ...(config.nearLimitShare !== undefined ? { nearLimitShare: config.nearLimitShare } : {}),
      ...(config.promptMargin !== undefined ? { promptMargin: config.promptMargin } : {}),
      ...(config.promptMarginTokens !== undefined ? { promptMarginTokens: config.promptMarginTokens } : {}),
    });
  },
});
