import type { AggregateRow, LedgerQuery, Totals } from "../../core/ledger.js";
import { assertTimeZone } from "../../core/time-bucket.js";
import { FIRST_SEEN_OFFSET, FIRST_SEEN_WIDTH, foldAggregate, groupColumns, type GroupedSums, type UnpricedFirstSeen } from "./fold-aggregate.js";
import { finerSlot, firstSlotGuess, slotsStraddleDays } from "./slot-size.js";

export type SqlDialect = "sqlite" | "postgres";

/**
 * The queries behind `aggregate`: `sums` per attribution value (and per UTC slot when
 * bucketing), and `unpriced`, the first occurrence of each unpriced model per group as a key
 * that sorts like (timestamp, id); the stores run it only when `sums` counted unpriced calls.
 * SQLite sums costs in two halves so no 64-bit sum can overflow; PostgreSQL sums BIGINT into
 * an exact NUMERIC.
 */
export function aggregateSql(dialect: SqlDialect, query: LedgerQuery, slotMs: number) {
  // The slot goes first: rows are stored roughly in time order, so SQLite's sorter gets nearly
  // sorted input and the planner scans the table instead of an attribution index.
  const keys: string[] = [];
  if (query.bucket) keys.push(`(timestamp - ((timestamp % ${slotMs}) + ${slotMs}) % ${slotMs}) AS slot_start`);
  if (query.groupBy) keys.push(`${groupColumns[query.groupBy]} AS grp`);
  if (query.groupBy === "agent") keys.push("session_id AS session");
  const params: number[] = [];
  const conditions: string[] = [];
  const placeholder = () => (dialect === "sqlite" ? "?" : `$${params.length}`);
  if (query.since !== undefined) {
    params.push(query.since);
    conditions.push(`timestamp >= ${placeholder()}`);
  }
  if (query.until !== undefined) {
    params.push(query.until);
    conditions.push(`timestamp < ${placeholder()}`);
  }
  const sums = [
    "COUNT(*) AS calls",
    "SUM(input_no_cache) AS input_tokens",
    "SUM(cache_read) AS cache_read_tokens",
    "SUM(cache_write_5m) AS cache_write_5m_tokens",
    "SUM(cache_write_1h) AS cache_write_1h_tokens",
    "SUM(output) AS output_tokens",
    "SUM(reasoning) AS reasoning_tokens",
    "COUNT(reasoning) AS reasoning_reported_calls",
    dialect === "sqlite"
      ? "CAST(SUM(cost_pico >> 24) AS TEXT) AS cost_high, CAST(SUM(cost_pico & 16777215) AS TEXT) AS cost_low"
      : "SUM(cost_pico) AS cost",
    "COUNT(*) - COUNT(cost_pico) AS unpriced_calls",
  ];
  const firstSeen =
    dialect === "sqlite"
      ? `printf('%0${FIRST_SEEN_WIDTH}d', timestamp + ${FIRST_SEEN_OFFSET}) || ' ' || id`
      : `(lpad((timestamp + ${FIRST_SEEN_OFFSET})::text, ${FIRST_SEEN_WIDTH}, '0') || ' ' || id) COLLATE "C"`;
  const where = (extra: string[]) => {
    const all = [...conditions, ...extra];
    return all.length ? ` WHERE ${all.join(" AND ")}` : "";
  };
  const groupBy = (count: number) => (count ? ` GROUP BY ${Array.from({ length: count }, (_, index) => index + 1).join(", ")}` : "");
  return {
    params,
    sums: `SELECT ${[...keys, ...sums].join(", ")} FROM calls${where([])}${groupBy(keys.length)}`,
    unpriced:
      `SELECT ${[...keys, "model AS unpriced_model", `MIN(${firstSeen}) AS first_seen`].join(", ")} FROM calls` +
      `${where(["cost_pico IS NULL"])}${groupBy(keys.length + 1)}`,
  };
}

export interface SlotSums {
  sums: GroupedSums[];
  unpriced: UnpricedFirstSeen[];
}

type Row = Record<string, unknown>;
const count = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));

function rowKeys(row: Row): { group?: string | null; session?: string | null; slotStart?: number } {
  const keys: { group?: string | null; session?: string | null; slotStart?: number } = {};
  if ("grp" in row) keys.group = row.grp as string | null;
  if ("session" in row) keys.session = row.session as string | null;
  if ("slot_start" in row) keys.slotStart = Number(row.slot_start);
  return keys;
}

/** One `sums` row as the fold expects it; `costPico` read by the store from its dialect's cost columns. */
export function toGroupedSums(row: Row, costPico: bigint): GroupedSums {
  const cacheWrite5mTokens = count(row.cache_write_5m_tokens);
  const cacheWrite1hTokens = count(row.cache_write_1h_tokens);
  const sums = rowKeys(row) as GroupedSums;
  sums.totals = {
    calls: count(row.calls),
    inputTokens: count(row.input_tokens),
    cacheReadTokens: count(row.cache_read_tokens),
    cacheWriteTokens: cacheWrite5mTokens + cacheWrite1hTokens,
    cacheWrite5mTokens,
    cacheWrite1hTokens,
    outputTokens: count(row.output_tokens),
    reasoningTokens: count(row.reasoning_tokens),
    reasoningReportedCalls: count(row.reasoning_reported_calls),
    costPico,
    unpricedCalls: count(row.unpriced_calls),
    unpricedModels: [],
  };
  return sums;
}

/** Exact cost of a SQLite `sums` row from its two half sums (see `aggregateSql`). */
export function sqliteCostPico(row: Row): bigint {
  return BigInt((row.cost_high as string | null) ?? 0) * 16_777_216n + BigInt((row.cost_low as string | null) ?? 0);
}

export function toUnpricedFirstSeen(row: Row): UnpricedFirstSeen {
  const seen = rowKeys(row) as UnpricedFirstSeen;
  seen.model = row.unpriced_model as string;
  seen.firstSeen = row.first_seen as string;
  return seen;
}

/** Whether any group counted an unpriced call (only then is the `unpriced` query worth running). */
export function hasUnpriced(sums: readonly GroupedSums[]): boolean {
  return sums.some((sum) => sum.totals.unpricedCalls > 0);
}

/**
 * Runs a store's aggregate query and folds it into the `Aggregator`'s result. Slots start as
 * coarse as the zone allows (see `SLOT_SIZES_MS`) and get finer until none spans two local days.
 */
export async function aggregateBySlots(
  query: LedgerQuery,
  run: (slotMs: number) => Promise<SlotSums>,
): Promise<{ totals: Totals; rows: AggregateRow[] }> {
  const timeZone = query.timeZone ?? "UTC";
  assertTimeZone(timeZone);
  let slotMs = firstSlotGuess(timeZone);
  let result = await run(slotMs);
  while (query.bucket && slotsStraddleDays(new Set(result.sums.map((sum) => sum.slotStart ?? 0)), slotMs, timeZone)) {
    const finer = finerSlot(slotMs);
    if (finer === undefined) break;
    slotMs = finer;
    result = await run(slotMs);
  }
  return foldAggregate(query, result.sums, result.unpriced);
}
