import { describe, expect, it } from "vitest";
import type { BudgetDefinition } from "../../core/virtual-key.js";
import { keyStoreBudgets } from "./budget-source.js";

function countingStore() {
  const definitions: BudgetDefinition[] = [];
  let reads = 0;
  return {
    definitions,
    reads: () => reads,
    async listBudgets() {
      reads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return [...definitions];
    },
  };
}

const budget = (id: string): BudgetDefinition => ({ id, scope: "key", scopeId: id, window: "total", limitPico: 1, createdAt: 0 });

describe("keyStoreBudgets", () => {
  it("shares one read between concurrent callers and serves the cache while fresh", async () => {
    const store = countingStore();
    const clock = { now: 0 };
    const source = keyStoreBudgets(store, { refreshMs: 1_000, clock: () => clock.now });
    await Promise.all(Array.from({ length: 50 }, () => source.all()));
    expect(store.reads()).toBe(1);
    store.definitions.push(budget("b1"));
    expect(await source.all()).toEqual([]);
    clock.now += 1_001;
    expect(await source.all()).toEqual([budget("b1")]);
    expect(store.reads()).toBe(2);
  });

  it("reads afresh on the first call of a key, so a new key's budgets hold from its first call", async () => {
    const store = countingStore();
    const source = keyStoreBudgets(store, { refreshMs: 60_000 });
    await source.all({ keyId: "old" });
    store.definitions.push(budget("new"));
    expect(await source.all({ keyId: "new" })).toEqual([budget("new")]);
    expect(await source.all({ keyId: "new" })).toEqual([budget("new")]);
    expect(store.reads()).toBe(2);
  });
});
