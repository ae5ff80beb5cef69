import type { CallAttribution, CallIdentity } from "../../core/call-context.js";
import type { BudgetLine } from "../../core/counters.js";
import { budgetLimitPico, type BudgetDefinition } from "../../core/virtual-key.js";
import type { HopNode } from "../shared/hop-lineage.js";

/**
 * The budgets that apply to a call, broadest first: tenant, user, key, run, then the hops of its
 * agent tree from the root down to the call's own hop. Because a hop's spend is also reserved on
 * every ancestor hop that has a limit, a sub-agent can never spend more than its parent has left.
 *
 * Matching: tenant, user and key budgets by id. Run and agent budgets by `scopeId`: empty (every
 * run), a run id, or `tenant:<id>`, `user:<id>`, `key:<id>` (every run of that tenant, user or key).
 * An agent budget limits each hop whose agent name equals `agentName`.
 *
 * @example
 * budgetLines(definitions, { tenantId: "t1", keyId: "k1" }, { runId: "r1" }, [])
 */
export function budgetLines(
  definitions: readonly BudgetDefinition[],
  identity: CallIdentity,
  attribution: CallAttribution,
  hops: readonly HopNode[],
): BudgetLine[] {
  const lines = new Map<string, BudgetLine>();
  const add = (scope: string, definition: BudgetDefinition) => {
    const id = `${scope}|${definition.window}`;
    const current = lines.get(id);
    const line: BudgetLine = { scope, window: definition.window };
    const limitPico = limitOf(definition);
    const pico = minimum(current?.limitPico, limitPico);
    const tokens = minimum(current?.limitTokens, definition.limitTokens);
    if (pico !== undefined) line.limitPico = pico;
    if (tokens !== undefined) line.limitTokens = tokens;
    lines.set(id, line);
  };
  const runOwners = new Set(["", `tenant:${identity.tenantId ?? ""}`, `user:${identity.userId ?? ""}`, `key:${identity.keyId ?? ""}`]);
  if (attribution.runId) runOwners.add(attribution.runId);
  const ordered = orderedDefinitions(definitions);
  for (const definition of ordered) {
    switch (definition.scope) {
      case "tenant":
        if (identity.tenantId && definition.scopeId === identity.tenantId) add(`tenant:${identity.tenantId}`, definition);
        break;
      case "user":
        if (identity.userId && (definition.scopeId === identity.userId || definition.scopeId === `${identity.tenantId}/${identity.userId}`)) {
          add(`user:${identity.tenantId ?? ""}/${identity.userId}`, definition);
        }
        break;
      case "key":
        if (identity.keyId && definition.scopeId === identity.keyId) add(`key:${identity.keyId}`, definition);
        break;
      case "run":
        if (attribution.runId && runOwners.has(definition.scopeId)) add(`run:${attribution.runId}`, definition);
        break;
      case "agent":
        if (!runOwners.has(definition.scopeId)) break;
        for (const node of [...hops].reverse()) {
          if (node.agent !== undefined && node.agent === definition.agentName) add(`hop:${attribution.runId ?? "-"}/${node.hop}`, definition);
        }
        break;
    }
  }
  return [...lines.values()];
}

const order = { tenant: 0, user: 1, key: 2, run: 3, agent: 4 } as const;

// Definitions are read once and reused by every call (the budget cache): parse and sort them once.
const limits = new WeakMap<BudgetDefinition, bigint | null>();
function limitOf(definition: BudgetDefinition): bigint | undefined {
  let limit = limits.get(definition);
  if (limit === undefined) {
    limit = budgetLimitPico(definition) ?? null;
    limits.set(definition, limit);
  }
  return limit ?? undefined;
}

const sorted = new WeakMap<readonly BudgetDefinition[], BudgetDefinition[]>();
function orderedDefinitions(definitions: readonly BudgetDefinition[]): BudgetDefinition[] {
  let ordered = sorted.get(definitions);
  if (!ordered) {
    ordered = [...definitions].sort((left, right) => rank(left) - rank(right));
    sorted.set(definitions, ordered);
  }
  return ordered;
}
const rank = (definition: BudgetDefinition) => order[definition.scope];

function minimum<T extends bigint | number>(left: T | undefined, right: T | undefined): T | undefined {
  if (left === undefined) return right;
  if (right === undefined) return left;
  return left < right ? left : right;
}
