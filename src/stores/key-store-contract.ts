import { expect, it } from "vitest";
import { TokenomyError } from "../core/errors/index.js";
import type { LedgerEvent } from "../core/ledger-event.js";
import type { LedgerStore } from "../core/ledger.js";
import { budgetLimitPico, type BudgetDefinition, type VirtualKey } from "../core/virtual-key.js";

const at = Date.UTC(2026, 10, 22, 12);

const EVENTS: LedgerEvent[] = [
  { id: "e3", timestamp: at + 2, kind: "budget-settled", scope: "run:r1", requestId: "q1", runId: "r1", tenantId: "t1", keyId: "k1", amountPico: 0, detail: { reserved: 10, nested: { list: [1, "two"] } } },
  { id: "e1", timestamp: at, kind: "budget-reserved", scope: "run:r1", runId: "r1", amountPico: -9_007_199_254_740_991 },
  { id: "e2", timestamp: at + 1, kind: "loop-detected", runId: "r2", detail: {} },
  { id: "e0", timestamp: at + 1, kind: "budget-reserved" },
];

/** Guard events: idempotent append, exact round trip, filters, timestamp order. Runs inside `ledgerContract`. */
export function eventsContract(store: () => LedgerStore): void {
  it("appends events idempotently and reads them back in order, filtered", async () => {
    expect(await store().appendEvents(EVENTS)).toBe(4);
    expect(await store().appendEvents([...EVENTS, { ...EVENTS[0]!, id: "e4" }])).toBe(1);
    const all = await store().events();
    expect(all.map((event) => event.id)).toEqual(["e1", "e0", "e2", "e3", "e4"]);
    expect(all[3]).toStrictEqual(EVENTS[0]);
    expect(all[1]).toStrictEqual(EVENTS[3]);
    expect((await store().events({ runId: "r1" })).map((event) => event.id)).toEqual(["e1", "e3", "e4"]);
    expect((await store().events({ kind: "budget-reserved" })).map((event) => event.id)).toEqual(["e1", "e0"]);
    expect((await store().events({ runId: "r1", since: at + 1 })).map((event) => event.id)).toEqual(["e3", "e4"]);
    expect(await store().events({ kind: "cache-hit" })).toEqual([]);
  });
}

const KEY: VirtualKey = {
  id: "key-1",
  hash: "a".repeat(64),
  prefix: "tk-abc",
  tenantId: "t1",
  userId: "u1",
  metadata: { team: "search" },
  createdAt: at,
};
const OTHER_KEY: VirtualKey = { id: "key-2", hash: "b".repeat(64), prefix: "tk-def", tenantId: "t2", createdAt: at + 1 };

const BUDGET: BudgetDefinition = { id: "b1", scope: "run", scopeId: "", window: "run", limitPico: 1_000_000, limitTokens: 0, agentName: "reviewer", createdAt: at };
const TENANT_BUDGET: BudgetDefinition = { id: "b2", scope: "tenant", scopeId: "t1", window: "month", limitPico: 9_000_000_000_000_000, createdAt: at + 1 };

/** Virtual keys (hashed, revocable) and budget definitions. Runs inside `ledgerContract`. */
export function keysContract(store: () => LedgerStore): void {
  it("stores virtual keys by hash, lists them by tenant and revokes them once", async () => {
    await store().createKey(KEY);
    await store().createKey(OTHER_KEY);
    expect(await store().findKeyByHash(KEY.hash)).toStrictEqual(KEY);
    expect(await store().findKeyByHash("c".repeat(64))).toBeUndefined();
    expect(await store().listKeys()).toStrictEqual([KEY, OTHER_KEY]);
    expect(await store().listKeys("t2")).toStrictEqual([OTHER_KEY]);
    expect(await store().listKeys("nobody")).toEqual([]);

    expect(await store().revokeKey(KEY.id, at + 5)).toBe(true);
    expect(await store().revokeKey(KEY.id, at + 9)).toBe(false);
    expect(await store().revokeKey("missing", at)).toBe(false);
    expect(await store().findKeyByHash(KEY.hash)).toStrictEqual({ ...KEY, revokedAt: at + 5 });
  });

  it("refuses a second key with the same id or secret as a TokenomyError", async () => {
    await store().createKey(KEY);
    for (const duplicate of [{ ...OTHER_KEY, id: KEY.id }, { ...OTHER_KEY, hash: KEY.hash }]) {
      const error = await store().createKey(duplicate).catch((caught: unknown) => caught);
      expect(TokenomyError.isInstance(error) && error.code).toBe("invalid_request");
    }
    expect(await store().listKeys()).toStrictEqual([KEY]);
  });

  it("puts, replaces, lists, filters and deletes budgets", async () => {
    await store().putBudget(BUDGET);
    await store().putBudget(TENANT_BUDGET);
    expect(await store().listBudgets()).toStrictEqual([BUDGET, TENANT_BUDGET]);
    expect(await store().listBudgets({ scope: "tenant", scopeId: "t1" })).toStrictEqual([TENANT_BUDGET]);
    expect(await store().listBudgets({ scopeId: "" })).toStrictEqual([BUDGET]);

    const replaced: BudgetDefinition = { id: "b1", scope: "run", scopeId: "r9", window: "day", limitTokens: 500, createdAt: at };
    await store().putBudget(replaced);
    expect(await store().listBudgets({ scope: "run" })).toStrictEqual([replaced]);

    expect(await store().deleteBudget("b1")).toBe(true);
    expect(await store().deleteBudget("b1")).toBe(false);
    expect(await store().listBudgets()).toStrictEqual([TENANT_BUDGET]);
  });

  it("keeps a limit above $9,007.19 exactly as decimal USD", async () => {
    const monthly: BudgetDefinition = { id: "b3", scope: "tenant", scopeId: "big", window: "month", limitUsd: "50000", createdAt: at + 2 };
    const huge: BudgetDefinition = { id: "b4", scope: "tenant", scopeId: "huge", window: "total", limitUsd: "1000000000.000000000001", createdAt: at + 3 };
    await store().putBudget(monthly);
    await store().putBudget(huge);
    expect(await store().listBudgets({ scope: "tenant", scopeId: "big" })).toStrictEqual([monthly]);
    expect(budgetLimitPico((await store().listBudgets({ scopeId: "huge" }))[0]!)).toBe(1_000_000_000_000_000_000_001n);
  });
}
