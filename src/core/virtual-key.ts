import { usdToPico } from "./money.js";

/** A virtual key handed to an agent; the secret itself is never stored, only its hash. */
export interface VirtualKey {
  id: string;
  /** SHA-256 hex of the secret. */
  hash: string;
  /** First characters of the secret, for humans to recognise it. */
  prefix: string;
  tenantId: string;
  userId?: string;
  metadata?: Record<string, string>;
  createdAt: number;
  revokedAt?: number;
}

export const budgetWindows = ["run", "hour", "day", "month", "total"] as const;
export type BudgetWindow = (typeof budgetWindows)[number];
export const budgetScopes = ["tenant", "user", "key", "run", "agent"] as const;
export type BudgetScope = (typeof budgetScopes)[number];

/** A spending limit on one scope (`scopeId` empty for "every run" / "every agent" defaults). */
export interface BudgetDefinition {
  id: string;
  scope: BudgetScope;
  scopeId: string;
  window: BudgetWindow;
  /**
   * Limit as a JS number of picodollars: at most $9,007.19 (2^53 pUSD). Kept for compatibility;
   * `limitUsd` expresses any limit exactly and wins when both are set (read both with `budgetLimitPico`).
   */
  limitPico?: number;
  /** Limit as an exact decimal USD string, e.g. `"50000"` or `"0.25"`, of any size. */
  limitUsd?: string;
  limitTokens?: number;
  /** For agent budgets: applies to hops of this agent name. */
  agentName?: string;
  createdAt: number;
}

/**
 * A budget's money limit in exact picodollars, from `limitUsd` or else `limitPico`.
 *
 * @example
 * budgetLimitPico({ limitUsd: "50000" }) // 50_000_000_000_000_000n
 */
export function budgetLimitPico(definition: Pick<BudgetDefinition, "limitPico" | "limitUsd">): bigint | undefined {
  if (definition.limitUsd !== undefined) return usdToPico(definition.limitUsd);
  return definition.limitPico === undefined ? undefined : BigInt(definition.limitPico);
}

/** Keys and budgets, shared by gateway replicas through the ledger's database. */
export interface KeyStore {
  createKey(key: VirtualKey): Promise<void>;
  findKeyByHash(hash: string): Promise<VirtualKey | undefined>;
  listKeys(tenantId?: string): Promise<VirtualKey[]>;
  revokeKey(id: string, at: number): Promise<boolean>;
  putBudget(budget: BudgetDefinition): Promise<void>;
  listBudgets(filter?: { scope?: BudgetScope; scopeId?: string }): Promise<BudgetDefinition[]>;
  deleteBudget(id: string): Promise<boolean>;
}
