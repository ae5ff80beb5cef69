import type { RateLimit, RateResult } from "../../core/counters.js";

/**
 * GCRA over theoretical arrival times (`tat`, epoch ms). A call costing `cost` units is allowed
 * when the new arrival time stays within one period of now: a full period's allowance may burst,
 * then calls are spaced at `periodMs / limit` per unit. Shared by the in-memory store; the Redis
 * store runs the same arithmetic in Lua.
 */
export function gcraCheck(tats: ReadonlyMap<string, number>, limits: readonly RateLimit[], now: number): { result: RateResult; next: Map<string, number> } {
  const next = new Map<string, number>();
  let refusal: RateResult | undefined;
  for (const limit of limits) {
    const interval = limit.periodMs / limit.limit;
    const tat = Math.max(tats.get(limit.key) ?? now, now);
    const newTat = tat + limit.cost * interval;
    const over = newTat - now - limit.periodMs;
    if (over > 0) {
      const impossible = limit.cost > limit.limit;
      const retryAfterMs = impossible ? limit.periodMs : Math.ceil(over);
      if (!refusal || (!refusal.ok && retryAfterMs > refusal.retryAfterMs)) {
        refusal = { ok: false, key: limit.key, limit: limit.limit, retryAfterMs, impossible };
      }
    }
    next.set(limit.key, newTat);
  }
  return { result: refusal ?? { ok: true }, next };
}
