import type { CallRecord } from "./call-record.js";
import type { AggregateRow, GroupKey, LedgerQuery, Totals } from "./ledger.js";
import { bucketKey } from "./time-bucket.js";

export const NONE_KEY = "(none)";
export const MAIN_AGENT_KEY = "(main)";

export function emptyTotals(): Totals {
  return {
    calls: 0,
    inputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    reasoningReportedCalls: 0,
    costPico: 0n,
    unpricedCalls: 0,
    unpricedModels: [],
  };
}

/** Adds one record to running totals (mutates `totals`). */
export function addRecord(totals: Totals, record: CallRecord): void {
  const usage = record.usage;
  totals.calls += 1;
  totals.inputTokens += usage.inputNoCache ?? 0;
  totals.cacheReadTokens += usage.cacheRead ?? 0;
  totals.cacheWrite5mTokens += usage.cacheWrite5m ?? 0;
  totals.cacheWrite1hTokens += usage.cacheWrite1h ?? 0;
  totals.cacheWriteTokens += (usage.cacheWrite5m ?? 0) + (usage.cacheWrite1h ?? 0);
  totals.outputTokens += usage.output ?? 0;
  totals.reasoningTokens += usage.reasoning ?? 0;
  if (usage.reasoning !== undefined) totals.reasoningReportedCalls += 1;
  if (record.costPico === undefined) {
    totals.unpricedCalls += 1;
    if (!totals.unpricedModels.includes(record.model)) totals.unpricedModels.push(record.model);
  } else {
    totals.costPico += BigInt(record.costPico);
  }
}

/** Adds `from` into `into` (mutates `into`). */
export function mergeTotals(into: Totals, from: Totals): void {
  into.calls += from.calls;
  into.inputTokens += from.inputTokens;
  into.cacheReadTokens += from.cacheReadTokens;
  into.cacheWriteTokens += from.cacheWriteTokens;
  into.cacheWrite5mTokens += from.cacheWrite5mTokens;
  into.cacheWrite1hTokens += from.cacheWrite1hTokens;
  into.outputTokens += from.outputTokens;
  into.reasoningTokens += from.reasoningTokens;
  into.reasoningReportedCalls += from.reasoningReportedCalls;
  into.costPico += from.costPico;
  into.unpricedCalls += from.unpricedCalls;
  for (const model of from.unpricedModels) if (!into.unpricedModels.includes(model)) into.unpricedModels.push(model);
}

/** The attribution value of a record for a group key (`(none)` when absent). */
export function groupValue(record: CallRecord, key: GroupKey): string {
  const value = (() => {
    switch (key) {
      case "session":
        return record.sessionId;
      case "project":
        return record.project;
      case "model":
        return record.model;
      case "agent":
        return record.agentId ?? MAIN_AGENT_KEY;
      case "run":
        return record.runId;
      case "tenant":
        return record.tenantId;
      case "user":
        return record.userId;
      case "key":
        return record.keyId;
      case "provider":
        return record.provider;
      case "source":
        return record.source;
    }
  })();
  return value === undefined || value === "" ? NONE_KEY : value;
}

/**
 * Reference semantics of a ledger query, in memory and streaming: feed records one at a time,
 * read the result at the end. Every `LedgerStore.aggregate` must agree with it.
 *
 * @example
 * const aggregator = new Aggregator({ groupBy: "model" });
 * for (const record of records) aggregator.add(record);
 * const { totals, rows } = aggregator.result();
 */
export class Aggregator {
  private readonly totals = emptyTotals();
  private readonly groups = new Map<string, AggregateRow>();

  constructor(private readonly query: LedgerQuery = {}) {}

  add(record: CallRecord): void {
    const { since, until, groupBy, bucket } = this.query;
    if (since !== undefined && record.timestamp < since) return;
    if (until !== undefined && record.timestamp >= until) return;
    addRecord(this.totals, record);
    if (!groupBy && !bucket) return;
    // One part is the key as it is (no string built per record: a session id's hash is cached).
    const time = bucket ? bucketKey(record.timestamp, bucket, this.query.timeZone ?? "UTC") : undefined;
    const group = groupBy ? groupValue(record, groupBy) : undefined;
    const key = time !== undefined && group !== undefined ? `${time} / ${group}` : (time ?? group)!;
    const parentSession = groupBy === "agent" ? (record.sessionId ?? NONE_KEY) : undefined;
    const identity = parentSession === undefined ? key : `${parentSession}\u0000${key}`;
    let row = this.groups.get(identity);
    if (!row) {
      row = { key, totals: emptyTotals(), ...(parentSession !== undefined ? { parentSession } : {}) };
      this.groups.set(identity, row);
    }
    addRecord(row.totals, record);
  }

  result(): { totals: Totals; rows: AggregateRow[] } {
    return { totals: this.totals, rows: sortRows([...this.groups.values()]) };
  }
}

/** Rows in a stable order: by key, then by parent session. */
export function sortRows(rows: AggregateRow[]): AggregateRow[] {
  return rows.sort((a, b) => compare(a.key, b.key) || compare(a.parentSession ?? "", b.parentSession ?? ""));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
