import type { CounterStore } from "../../core/counters.js";
import type { KeyStore } from "../../core/virtual-key.js";
import { keyStoreBudgets, type BudgetSource } from "../budget/budget-source.js";
import { HopLineage } from "./hop-lineage.js";

/**
 * State the guard policies and the budget admin routes of one gateway share: the budget cache
 * (so an admin change invalidates what the budget policy reads) and the hop lineage (so budget
 * and loop guard resolve a hop's ancestry once). Made once per gateway over its counter store.
 */
export interface GuardState {
  budgets: BudgetSource;
  lineage: HopLineage;
}

/**
 * @example
 * const guard = createGuardState(await openCounters("memory"), ledger);
 */
export function createGuardState(counters: CounterStore, keyStore: Pick<KeyStore, "listBudgets">): GuardState {
  return { budgets: keyStoreBudgets(keyStore), lineage: new HopLineage(counters) };
}
