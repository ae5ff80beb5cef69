import type { LedgerEvent } from "../../core/ledger-event.js";
import type { BudgetDefinition, VirtualKey } from "../../core/virtual-key.js";

/** Row ↔ object mappings for keys, budgets and events, shared by the stores. Absent = null. */

type Row = Record<string, unknown>;

const number = (value: unknown) => (typeof value === "number" ? value : Number(value));
const json = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
const present = (value: unknown) => value !== null && value !== undefined;

export function keyToValues(key: VirtualKey): unknown[] {
  return [
    key.id,
    key.hash,
    key.prefix,
    key.tenantId,
    key.userId ?? null,
    key.metadata === undefined ? null : JSON.stringify(key.metadata),
    key.createdAt,
    key.revokedAt ?? null,
  ];
}

export function rowToKey(row: Row): VirtualKey {
  return {
    id: row.id as string,
    hash: row.hash as string,
    prefix: row.prefix as string,
    tenantId: row.tenant_id as string,
    ...(present(row.user_id) ? { userId: row.user_id as string } : {}),
    ...(present(row.metadata) ? { metadata: json(row.metadata) } : {}),
    createdAt: number(row.created_at),
    ...(present(row.revoked_at) ? { revokedAt: number(row.revoked_at) } : {}),
  };
}

export function budgetToValues(budget: BudgetDefinition): unknown[] {
  return [
    budget.id,
    budget.scope,
    budget.scopeId,
    budget.window,
    budget.limitPico ?? null,
    budget.limitTokens ?? null,
    budget.agentName ?? null,
    budget.createdAt,
    budget.limitUsd ?? null,
  ];
}

export function rowToBudget(row: Row): BudgetDefinition {
  return {
    id: row.id as string,
    scope: row.scope as BudgetDefinition["scope"],
    scopeId: row.scope_id as string,
    window: row.budget_window as BudgetDefinition["window"],
    ...(present(row.limit_pico) ? { limitPico: number(row.limit_pico) } : {}),
    ...(present(row.limit_usd) ? { limitUsd: row.limit_usd as string } : {}),
    ...(present(row.limit_tokens) ? { limitTokens: number(row.limit_tokens) } : {}),
    ...(present(row.agent_name) ? { agentName: row.agent_name as string } : {}),
    createdAt: number(row.created_at),
  };
}

export function eventToValues(event: LedgerEvent): unknown[] {
  return [
    event.id,
    event.timestamp,
    event.kind,
    event.scope ?? null,
    event.requestId ?? null,
    event.runId ?? null,
    event.tenantId ?? null,
    event.keyId ?? null,
    event.amountPico ?? null,
    event.detail === undefined ? null : JSON.stringify(event.detail),
  ];
}

export function rowToEvent(row: Row): LedgerEvent {
  return {
    id: row.id as string,
    timestamp: number(row.timestamp),
    kind: row.kind as LedgerEvent["kind"],
    ...(present(row.scope) ? { scope: row.scope as string } : {}),
    ...(present(row.request_id) ? { requestId: row.request_id as string } : {}),
    ...(present(row.run_id) ? { runId: row.run_id as string } : {}),
    ...(present(row.tenant_id) ? { tenantId: row.tenant_id as string } : {}),
    ...(present(row.key_id) ? { keyId: row.key_id as string } : {}),
    ...(present(row.amount_pico) ? { amountPico: number(row.amount_pico) } : {}),
    ...(present(row.detail) ? { detail: json(row.detail) } : {}),
  };
}

export const keyColumnNames = ["id", "hash", "prefix", "tenant_id", "user_id", "metadata", "created_at", "revoked_at"];
export const budgetColumnNames = ["id", "scope", "scope_id", "budget_window", "limit_pico", "limit_tokens", "agent_name", "created_at", "limit_usd"];
export const eventColumnNames = ["id", "timestamp", "kind", "scope", "request_id", "run_id", "tenant_id", "key_id", "amount_pico", "detail"];

/** WHERE clause of an `events` query; `placeholder(n)` writes the dialect's n-th (1-based) parameter. */
export function eventConditions(
  filter: { runId?: string; kind?: LedgerEvent["kind"]; since?: number },
  placeholder: (position: number) => string,
): { where: string; params: (string | number)[] } {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  const add = (column: string, operator: string, value: string | number) => {
    params.push(value);
    conditions.push(`${column} ${operator} ${placeholder(params.length)}`);
  };
  if (filter.runId !== undefined) add("run_id", "=", filter.runId);
  if (filter.kind !== undefined) add("kind", "=", filter.kind);
  if (filter.since !== undefined) add("timestamp", ">=", filter.since);
  return { where: conditions.length ? ` WHERE ${conditions.join(" AND ")}` : "", params };
}
