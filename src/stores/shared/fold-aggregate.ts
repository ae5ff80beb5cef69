import { emptyTotals, groupValue, mergeTotals, NONE_KEY, sortRows } from "../../core/aggregate.js";
import type { CallRecord } from "../../core/call-record.js";
import type { AggregateRow, GroupKey, LedgerQuery, Totals } from "../../core/ledger.js";
import { bucketKey } from "../../core/time-bucket.js";

/** Column holding each group key's attribution value. */
export const groupColumns = {
  session: "session_id",
  project: "project",
  model: "model",
  agent: "agent_id",
  run: "run_id",
  tenant: "tenant_id",
  user: "user_id",
  key: "key_id",
  provider: "provider",
  source: "source",
} as const satisfies Record<GroupKey, string>;

const groupFields = {
  session: "sessionId",
  project: "project",
  model: "model",
  agent: "agentId",
  run: "runId",
  tenant: "tenantId",
  user: "userId",
  key: "keyId",
  provider: "provider",
  source: "source",
} as const satisfies Record<GroupKey, keyof CallRecord>;

/** One group of rows as SQL summed it: raw attribution columns (null when absent) and an optional slot. */
export interface GroupedSums {
  slotStart?: number;
  group?: string | null;
  /** Raw session column, read for `agent` rows' parent session. */
  session?: string | null;
  /** Sums without `unpricedModels` (see `UnpricedFirstSeen`). */
  totals: Totals;
}

/** First occurrence of an unpriced model in a group, as a key that sorts like (timestamp, id). */
export interface UnpricedFirstSeen {
  slotStart?: number;
  group?: string | null;
  session?: string | null;
  model: string;
  firstSeen: string;
}

/** Sortable first-occurrence key; timestamps are offset so negative ones sort too. */
export const FIRST_SEEN_OFFSET = 2 ** 52;
export const FIRST_SEEN_WIDTH = 20;

/**
 * Folds SQL group sums into the result the reference `Aggregator` gives for the same query:
 * the same keys, parent sessions, totals and unpriced models in order of first occurrence
 * (records in timestamp, then id, order).
 */
export function foldAggregate(
  query: LedgerQuery,
  sums: Iterable<GroupedSums>,
  unpriced: Iterable<UnpricedFirstSeen>,
): { totals: Totals; rows: AggregateRow[] } {
  const totals = emptyTotals();
  const rows = new Map<string, AggregateRow>();
  const totalsFirstSeen = new Map<string, string>();
  const rowFirstSeen = new Map<string, Map<string, string>>();
  const grouped = query.groupBy !== undefined || query.bucket !== undefined;
  const rowFor = rowKeyer(query);

  for (const sum of sums) {
    mergeTotals(totals, sum.totals);
    if (!grouped) continue;
    const { identity, row } = rowFor(sum);
    let target = rows.get(identity);
    if (!target) {
      target = { ...row, totals: emptyTotals() };
      rows.set(identity, target);
    }
    mergeTotals(target.totals, sum.totals);
  }
  for (const seen of unpriced) {
    keepEarliest(totalsFirstSeen, seen.model, seen.firstSeen);
    if (!grouped) continue;
    const { identity } = rowFor(seen);
    let models = rowFirstSeen.get(identity);
    if (!models) rowFirstSeen.set(identity, (models = new Map()));
    keepEarliest(models, seen.model, seen.firstSeen);
  }
  totals.unpricedModels = inOrderSeen(totalsFirstSeen);
  for (const [identity, row] of rows) row.totals.unpricedModels = inOrderSeen(rowFirstSeen.get(identity) ?? new Map());
  return { totals, rows: sortRows([...rows.values()]) };
}

/** Row identity of a group; bucket keys are computed once per slot (many groups share a slot). */
function rowKeyer(query: LedgerQuery) {
  const bucketKeys = new Map<number, string>();
  const bucketOf = (slotStart: number) => {
    let key = bucketKeys.get(slotStart);
    if (key === undefined) bucketKeys.set(slotStart, (key = bucketKey(slotStart, query.bucket!, query.timeZone ?? "UTC")));
    return key;
  };
  return (sum: { slotStart?: number; group?: string | null; session?: string | null }) => {
    const parts: string[] = [];
    if (query.bucket) parts.push(bucketOf(sum.slotStart ?? 0));
    if (query.groupBy) {
      const pseudo = { [groupFields[query.groupBy]]: sum.group ?? undefined } as unknown as CallRecord;
      parts.push(groupValue(pseudo, query.groupBy));
    }
    const parentSession = query.groupBy === "agent" ? (sum.session ?? NONE_KEY) : undefined;
    const key = parts.join(" / ");
    const identity = parentSession === undefined ? key : `${parentSession}\u0000${key}`;
    return { identity, row: { key, ...(parentSession !== undefined ? { parentSession } : {}) } };
  };
}

function keepEarliest(seen: Map<string, string>, model: string, firstSeen: string): void {
  const current = seen.get(model);
  if (current === undefined || firstSeen < current) seen.set(model, firstSeen);
}

function inOrderSeen(seen: Map<string, string>): string[] {
  return [...seen].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map(([model]) => model);
}
