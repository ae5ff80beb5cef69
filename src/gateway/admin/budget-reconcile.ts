import { windowBounds } from "../../core/counters.js";
import type { CallRecord } from "../../core/call-record.js";
import { TokenomyError } from "../../core/errors/index.js";
import { formatUsd } from "../../core/money.js";
import { totalTokens } from "../../core/usage.js";
import type { AdminRoute } from "./admin-route.js";
import { findBudget, usageTarget } from "./budget-targets.js";

/**
 * `POST /admin/budgets/:id/reconcile[?tenant=&run=]`: sets the counters' spend of a budget's
 * current window to what the ledger recorded for its scope. An expired reservation (its replica
 * crashed) is charged at its full worst case, because nobody can tell whether the provider billed
 * it; once the ledger shows what the surviving calls cost, this puts the difference back.
 *
 * The ledger is written in batches: this replica flushes its own first, but calls finishing on
 * other replicas in the same moment may be missing, so reconcile a scope while it is quiet.
 * Agent (hop) budgets cannot be reconciled: a hop's counter also holds its sub-agents' spend.
 */
export const reconcileRoute: AdminRoute = {
  method: "POST",
  path: "/admin/budgets/:id/reconcile",
  async handle({ params, query, runtime }) {
    const definition = await findBudget(runtime, params.id!);
    const counters = runtime.services.counters;
    if (!counters) throw new TokenomyError("config_invalid", "this gateway runs without a counter store");
    if (definition.scope === "agent") throw new TokenomyError("invalid_request", "an agent (hop) budget cannot be reconciled from the ledger: its counter also holds its sub-agents' spend");
    const target = await usageTarget(definition, query, runtime);
    if (!target) throw new TokenomyError("invalid_request", "name the counter to reconcile: ?tenant= (and ?run= for a run budget template)");
    await runtime.writer.flush();
    const window = windowBounds(definition.window, Date.now());
    const matches = recordMatcher(target.scope, target.partition);
    let amountPico = 0n;
    let tokens = 0;
    let calls = 0;
    for await (const record of runtime.services.ledger.records(window.startsAt === undefined ? {} : { since: window.startsAt, ...(window.endsAt !== undefined ? { until: window.endsAt } : {}) })) {
      if (record.source !== "gateway" || record.costPico === undefined || !matches(record)) continue;
      const used = totalTokens(record.usage);
      if (record.costPico === 0 && used === 0) continue; // released, never charged
      amountPico += BigInt(record.costPico);
      tokens += used;
      calls += 1;
    }
    const before = await counters.usage(target.partition, target.scope, definition.window);
    const after = await counters.reconcile(target.partition, target.scope, definition.window, { amountPico, tokens });
    return {
      status: 200,
      body: {
        id: definition.id,
        scope: target.scope,
        window: definition.window,
        windowKey: after.windowKey,
        ledger: { calls, spentUsd: formatUsd(amountPico), spentPico: amountPico.toString(), spentTokens: tokens },
        before: { spentUsd: formatUsd(before.spentPico), spentPico: before.spentPico.toString(), spentTokens: before.spentTokens },
        after: { spentUsd: formatUsd(after.spentPico), spentPico: after.spentPico.toString(), spentTokens: after.spentTokens, reservedPico: after.reservedPico.toString(), openReservations: after.openReservations },
      },
    };
  },
};

/** Which ledger records a counter scope (`tenant:T`, `user:T/U`, `key:K`, `run:R`) covers. */
function recordMatcher(scope: string, partition: string): (record: CallRecord) => boolean {
  const separator = scope.indexOf(":");
  const kind = scope.slice(0, separator);
  const id = scope.slice(separator + 1);
  const tenantOf = (record: CallRecord) => record.tenantId ?? "-";
  switch (kind) {
    case "tenant":
      return (record) => record.tenantId === id;
    case "user":
      return (record) => `${record.tenantId ?? ""}/${record.userId ?? ""}` === id;
    case "key":
      return (record) => record.keyId === id;
    case "run":
      return (record) => record.runId === id && tenantOf(record) === partition;
    default:
      throw new TokenomyError("invalid_request", `cannot reconcile a ${kind} counter from the ledger`);
  }
}
