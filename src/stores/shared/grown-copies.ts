import type { CallRecord } from "../../core/call-record.js";
import { totalTokens } from "../../core/usage.js";
import { callColumnNames } from "./call-columns.js";

const tokenColumns = ["input_no_cache", "cache_read", "cache_write_5m", "cache_write_1h", "output"] as const;

function tokenSum(table: string): string {
  return tokenColumns.map((column) => `COALESCE(${table}.${column}, 0)`).join(" + ");
}

/**
 * Upsert clause for call rows: a stored record is replaced only by a copy of itself that carries
 * more tokens. Logs grow while an agent runs (Claude Code rewrites a response's usage as it
 * streams), so a session imported mid-response must be corrected by the next import; a copy with
 * the same or fewer tokens changes nothing, which keeps imports idempotent.
 */
export function replaceWhenGrown(table: string): string {
  const updates = callColumnNames.filter((column) => column !== "id").map((column) => `${column} = excluded.${column}`);
  return `ON CONFLICT (id) DO UPDATE SET ${updates.join(", ")} WHERE (${tokenSum("excluded")}) > (${tokenSum(table)})`;
}

/** One copy per id, the one with the most tokens (the first of equals), in first-seen order. */
export function largestCopies(records: readonly CallRecord[]): CallRecord[] {
  const byId = new Map<string, CallRecord>();
  for (const record of records) {
    const kept = byId.get(record.id);
    if (!kept || totalTokens(record.usage) > totalTokens(kept.usage)) byId.set(record.id, record);
  }
  return byId.size === records.length ? (records as CallRecord[]) : [...byId.values()];
}
