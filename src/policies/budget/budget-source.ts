import type { BudgetDefinition, KeyStore } from "../../core/virtual-key.js";

/** Every budget definition the gateway knows; the chain builder picks those that apply to a call. */
export interface BudgetSource {
  /** Definitions current for a call by this key (a key seen for the first time forces a fresh read). */
  all(identity?: { keyId?: string }): Promise<readonly BudgetDefinition[]>;
  /** Forget cached definitions (after an admin change on this replica). */
  invalidate(): void;
}

/** A fixed list, for tests and the SDK. */
export function staticBudgets(definitions: readonly BudgetDefinition[]): BudgetSource {
  return { all: async () => definitions, invalidate: () => {} };
}

/**
 * Budgets from the key store (shared by replicas through the ledger's database), cached for
 * `refreshMs` (default 2 s). A budget set on one replica applies on the others within that time;
 * a key's own budgets apply from its first call on every replica, because the first call of a
 * key not seen before waits for a read that started after it arrived (the admin API stores a
 * key's budgets before it hands out the key). Concurrent callers share one read.
 *
 * @example
 * const source = keyStoreBudgets(ledger, { refreshMs: 2_000 });
 */
export function keyStoreBudgets(store: Pick<KeyStore, "listBudgets">, options: { refreshMs?: number; clock?: () => number } = {}): BudgetSource {
  const refreshMs = options.refreshMs ?? 2_000;
  const clock = options.clock ?? Date.now;
  let cached: readonly BudgetDefinition[] | undefined;
  let loadedAt = Number.NEGATIVE_INFINITY;
  let loading: { startedAt: number; promise: Promise<readonly BudgetDefinition[]> } | undefined;
  const seenKeys = new Set<string>();

  /** A read that started no earlier than `notBefore`. */
  const loadSince = (notBefore: number): Promise<readonly BudgetDefinition[]> => {
    if (loading && loading.startedAt >= notBefore) return loading.promise;
    const previous = loading?.promise.catch(() => undefined);
    const startedAt = clock();
    const promise = (async () => {
      await previous;
      const definitions = await store.listBudgets();
      cached = definitions;
      loadedAt = startedAt;
      return definitions;
    })();
    const entry = { startedAt, promise };
    loading = entry;
    void promise.finally(() => {
      if (loading === entry) loading = undefined;
    }).catch(() => {});
    return promise;
  };

  return {
    async all(identity) {
      const now = clock();
      const keyId = identity?.keyId;
      const newKey = keyId !== undefined && !seenKeys.has(keyId);
      if (cached && !newKey && now - loadedAt <= refreshMs) return cached;
      const definitions = await loadSince(newKey || !cached ? now : now - refreshMs);
      if (newKey) {
        if (seenKeys.size >= 100_000) seenKeys.clear();
        seenKeys.add(keyId);
      }
      return definitions;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

/** Budgets from several sources at once (for example the config's and the key store's). */
export function combinedBudgets(sources: readonly BudgetSource[]): BudgetSource {
  return {
    async all(identity) {
      const lists = await Promise.all(sources.map((source) => source.all(identity)));
      return lists.length === 1 ? lists[0]! : lists.flat();
    },
    invalidate() {
      for (const source of sources) source.invalidate();
    },
  };
}
