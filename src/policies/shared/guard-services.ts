import type { CounterStore } from "../../core/counters.js";
import type { KeyStore } from "../../core/virtual-key.js";
import { keyStoreBudgets, type BudgetSource } from "../budget/budget-source.js";
import { HopLineage } from "./hop-lineage.js";

/** Environment variable naming the counter store: `memory` (default) or `redis://HOST:PORT`. `tokenomy gateway --counters` sets it. */
export const COUNTERS_ENV = "TOKENOMY_COUNTERS";

export interface GuardServices {
  counters: CounterStore;
  budgets: BudgetSource;
  lineage: HopLineage;
  close(): Promise<void>;
}

const byStore = new WeakMap<object, Promise<GuardServices>>();

/**
 * The counter store, budget cache and hop lineage shared by the guard policies and the budget
 * admin routes of one gateway, keyed by its key store (the ledger), so that the three policies
 * and the admin API use one Redis connection and one budget cache.
 *
 * @example
 * const guard = await guardServices(services.ledger, "redis://127.0.0.1:6379");
 */
export function guardServices(keyStore: Pick<KeyStore, "listBudgets">, countersUrl?: string): Promise<GuardServices> {
  let services = byStore.get(keyStore);
  if (!services) {
    services = open(keyStore, countersUrl ?? process.env[COUNTERS_ENV] ?? "memory");
    byStore.set(keyStore, services);
  }
  return services;
}

async function open(keyStore: Pick<KeyStore, "listBudgets">, url: string): Promise<GuardServices> {
  let counters: CounterStore;
  if (url === "memory") {
    counters = (await import("../../stores/counters-memory/memory-counter-store.js")).memoryCounterStore();
  } else if (/^rediss?:\/\//.test(url)) {
    const { redisCounterStore } = await import("../../stores/counters-redis/redis-counter-store.js");
    counters = redisCounterStore({ url, keyPrefix: process.env.TOKENOMY_COUNTERS_PREFIX ?? "tokenomy:" });
  } else {
    const { TokenomyError } = await import("../../core/errors/index.js");
    throw new TokenomyError("config_invalid", `counters must be "memory" or redis://HOST:PORT, not ${url}`);
  }
  let closed: Promise<void> | undefined;
  return {
    counters,
    budgets: keyStoreBudgets(keyStore),
    lineage: new HopLineage(counters),
    close: () => (closed ??= counters.close()),
  };
}
