import { TokenomyError } from "../../core/errors/index.js";
import type { BudgetDefinition } from "../../core/virtual-key.js";
import type { GatewayRuntime } from "../runtime.js";

/** Where a budget's counters live: the tenant partition and the bucket's scope label. */
export async function usageTarget(definition: BudgetDefinition, query: URLSearchParams, runtime: GatewayRuntime): Promise<{ partition: string; scope: string } | undefined> {
  const tenant = query.get("tenant") ?? undefined;
  switch (definition.scope) {
    case "tenant":
      return { partition: definition.scopeId, scope: `tenant:${definition.scopeId}` };
    case "user": {
      const [owner, user] = definition.scopeId.includes("/") ? definition.scopeId.split("/", 2) : [tenant, definition.scopeId];
      return owner ? { partition: owner, scope: `user:${owner}/${user}` } : undefined;
    }
    case "key": {
      const key = (await runtime.services.ledger.listKeys()).find((candidate) => candidate.id === definition.scopeId);
      return key ? { partition: key.tenantId, scope: `key:${key.id}` } : undefined;
    }
    case "run": {
      const run = query.get("run") ?? (isTemplate(definition.scopeId) ? undefined : definition.scopeId);
      return tenant && run ? { partition: tenant, scope: `run:${run}` } : undefined;
    }
    case "agent": {
      const run = query.get("run");
      const hop = query.get("hop");
      return tenant && run && hop ? { partition: tenant, scope: `hop:${run}/${hop}` } : undefined;
    }
  }
}

const isTemplate = (scopeId: string) => scopeId === "" || /^(tenant|user|key):/.test(scopeId);

export async function findBudget(runtime: GatewayRuntime, id: string): Promise<BudgetDefinition> {
  const found = (await runtime.services.ledger.listBudgets()).find((definition) => definition.id === id);
  if (!found) throw new TokenomyError("unknown_route", `no budget with id ${id}`);
  return found;
}
