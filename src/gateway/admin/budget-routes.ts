import { z } from "zod";
import type { CounterStore } from "../../core/counters.js";
import { TokenomyError } from "../../core/errors/index.js";
import { formatUsd, usdToPico } from "../../core/money.js";
import { budgetLimitPico, budgetScopes, budgetWindows, type BudgetDefinition, type VirtualKey } from "../../core/virtual-key.js";
import { budgetLimitFields } from "../../policies/budget/budget-limit.js";
import type { GatewayRuntime } from "../runtime.js";
import { parseAdminBody, type AdminRoute } from "./admin-route.js";
import { reconcileRoute } from "./budget-reconcile.js";
import { findBudget, usageTarget } from "./budget-targets.js";
import type { KeyCreateExtension } from "./keys.js";

const usdAmount = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/, "a decimal USD amount")]);
const limitFields = {
  limitUsd: usdAmount.optional(),
  limitTokens: z.number().int().positive().optional(),
  window: z.enum(budgetWindows),
};
const hasLimit = (value: { limitUsd?: unknown; limitTokens?: unknown }) => value.limitUsd !== undefined || value.limitTokens !== undefined;
const keyBudget = z.object(limitFields).strict().refine(hasLimit, "a budget needs limitUsd or limitTokens");
const anyBudget = z
  .object({
    id: z.string().min(1).max(256).optional(),
    scope: z.enum(budgetScopes),
    /** Tenant, user (`tenant/user`), key or run id; for run and agent budgets also "" (every run) or `tenant:ID`, `user:ID`, `key:ID`. */
    scopeId: z.string().max(256),
    agentName: z.string().min(1).max(256).optional(),
    ...limitFields,
  })
  .strict()
  .refine(hasLimit, "a budget needs limitUsd or limitTokens")
  .refine((value) => value.scope !== "agent" || value.agentName !== undefined, "an agent budget needs agentName");

/** $9e9: a budget's counters are signed 64-bit nanodollars ($9.22e9), with room for reservations. */
const MAX_LIMIT_PICO = 9_000_000_000n * 1_000_000_000_000n;
const limitOf = budgetLimitPico;

function countersOf(runtime: GatewayRuntime): CounterStore {
  const counters = runtime.services.counters;
  if (!counters) throw new TokenomyError("config_invalid", "this gateway runs without a counter store");
  return counters;
}

type BudgetInput = z.infer<typeof keyBudget> & { scope: BudgetDefinition["scope"]; scopeId: string; agentName?: string; id?: string };

function toDefinition(input: BudgetInput): BudgetDefinition {
  const definition: BudgetDefinition = {
    // Deterministic: setting the same scope and window again replaces the budget.
    id: input.id ?? [input.scope, input.scopeId, input.agentName ?? "", input.window].join(":"),
    scope: input.scope,
    scopeId: input.scopeId,
    window: input.window,
    createdAt: Date.now(),
  };
  if (input.limitUsd !== undefined) {
    if (usdToPico(input.limitUsd) > MAX_LIMIT_PICO) throw new TokenomyError("invalid_request", "a budget limit must be at most $9,000,000,000 (what a 64-bit nanodollar counter holds)");
    Object.assign(definition, budgetLimitFields(input.limitUsd));
  }
  if (input.limitTokens !== undefined) definition.limitTokens = input.limitTokens;
  if (input.agentName !== undefined) definition.agentName = input.agentName;
  return definition;
}

function describeBudget(definition: BudgetDefinition): Record<string, unknown> {
  return {
    id: definition.id,
    scope: definition.scope,
    scopeId: definition.scopeId,
    ...(definition.agentName !== undefined ? { agentName: definition.agentName } : {}),
    window: definition.window,
    limitUsd: limitOf(definition) === undefined ? null : formatUsd(limitOf(definition)!),
    limitTokens: definition.limitTokens ?? null,
  };
}

async function putBudgets(runtime: GatewayRuntime, definitions: BudgetDefinition[]): Promise<void> {
  for (const definition of definitions) await runtime.services.ledger.putBudget(definition);
  runtime.services.guard?.budgets.invalidate();
}

/** `POST /admin/keys` accepts `budgets: [{ limitUsd, window }]`, set on the new key. */
export const keyBudgetsExtension: KeyCreateExtension = {
  field: "budgets",
  schema: z.array(keyBudget).max(16),
  async apply(key: VirtualKey, value: unknown, runtime: GatewayRuntime) {
    const definitions = (value as z.infer<typeof keyBudget>[]).map((budget) => toDefinition({ ...budget, scope: "key", scopeId: key.id }));
    await putBudgets(runtime, definitions);
    return definitions.map(describeBudget);
  },
};


async function withUsage(definition: BudgetDefinition, query: URLSearchParams, runtime: GatewayRuntime): Promise<Record<string, unknown>> {
  const target = await usageTarget(definition, query, runtime);
  if (!target) return { ...describeBudget(definition), usage: null };
  const usage = await countersOf(runtime).usage(target.partition, target.scope, definition.window);
  const limit = limitOf(definition);
  const remaining = limit === undefined ? undefined : limit - usage.spentPico - usage.reservedPico;
  return {
    ...describeBudget(definition),
    usage: {
      scope: target.scope,
      windowKey: usage.windowKey,
      spentUsd: formatUsd(usage.spentPico),
      reservedUsd: formatUsd(usage.reservedPico),
      remainingUsd: remaining === undefined ? null : formatUsd(remaining > 0n ? remaining : 0n),
      spentPico: usage.spentPico.toString(),
      reservedPico: usage.reservedPico.toString(),
      spentTokens: usage.spentTokens,
      reservedTokens: usage.reservedTokens,
      openReservations: usage.openReservations,
    },
  };
}


/** Budget admin endpoints: set, list, read (with spend and open reservations), delete. */
export const budgetRoutes: AdminRoute[] = [
  reconcileRoute,
  {
    method: "PUT",
    path: "/admin/budgets",
    async handle({ body, runtime }) {
      const definition = toDefinition(parseAdminBody(anyBudget, body) as BudgetInput);
      await putBudgets(runtime, [definition]);
      return { status: 200, body: describeBudget(definition) };
    },
  },
  {
    method: "GET",
    path: "/admin/budgets",
    async handle({ query, runtime }) {
      const scope = query.get("scope");
      if (scope !== null && !budgetScopes.includes(scope as BudgetDefinition["scope"])) throw new TokenomyError("invalid_request", `scope must be one of ${budgetScopes.join(", ")}`);
      const scopeId = query.get("scopeId");
      const definitions = await runtime.services.ledger.listBudgets({ ...(scope !== null ? { scope: scope as BudgetDefinition["scope"] } : {}), ...(scopeId !== null ? { scopeId } : {}) });
      return { status: 200, body: { budgets: await Promise.all(definitions.map((definition) => withUsage(definition, query, runtime))) } };
    },
  },
  {
    method: "GET",
    path: "/admin/budgets/:id",
    async handle({ params, query, runtime }) {
      return { status: 200, body: await withUsage(await findBudget(runtime, params.id!), query, runtime) };
    },
  },
  {
    method: "DELETE",
    path: "/admin/budgets/:id",
    async handle({ params, runtime }) {
      const deleted = await runtime.services.ledger.deleteBudget(params.id!);
      if (!deleted) throw new TokenomyError("unknown_route", `no budget with id ${params.id}`);
      runtime.services.guard?.budgets.invalidate();
      return { status: 200, body: { id: params.id, deleted: true } };
    },
  },
];
