import type { CallRecord } from "./call-record.js";
import type { LedgerEvent } from "./ledger-event.js";
import type { TimeBucket } from "./time-bucket.js";
import type { KeyStore } from "./virtual-key.js";

/** Attribution keys a report can group by. */
export const groupKeys = [
  "session",
  "project",
  "model",
  "agent",
  "run",
  "tenant",
  "user",
  "key",
  "provider",
  "source",
] as const;
export type GroupKey = (typeof groupKeys)[number];

export interface LedgerQuery {
  /** Attribution key to group by; omit for one row of totals. */
  groupBy?: GroupKey;
  /** Time bucket to group by (combined with `groupBy` when both are set). */
  bucket?: TimeBucket;
  /** IANA zone for buckets and for `since`/`until` dates; default UTC. */
  timeZone?: string;
  /** Inclusive lower bound, epoch ms. */
  since?: number;
  /** Exclusive upper bound, epoch ms. */
  until?: number;
}

/** Sums over a set of calls. Token counts are exact integers; cost is exact picodollars. */
export interface Totals {
  calls: number;
  /** Prompt tokens not read from or written to a cache. */
  inputTokens: number;
  cacheReadTokens: number;
  /** Cache writes, both TTLs. */
  cacheWriteTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  /** Output tokens, reasoning included. */
  outputTokens: number;
  reasoningTokens: number;
  /**
   * Calls whose usage reported reasoning apart (OpenAI does; Anthropic counts thinking inside
   * output without saying how much): with none, `reasoningTokens` is 0 because it is unknown.
   */
  reasoningReportedCalls: number;
  /** Priced calls only. */
  costPico: bigint;
  unpricedCalls: number;
  /** Distinct models that had no price. */
  unpricedModels: string[];
}

export interface AggregateRow {
  /** The group's key: time bucket and/or attribution value joined by ` / `; `(none)` when absent. */
  key: string;
  /** For `agent` rows: the session the agent belongs to. */
  parentSession?: string;
  totals: Totals;
}

/**
 * The ledger. Every store (SQLite, PostgreSQL) passes the same contract suite
 * (src/stores/ledger-contract.ts).
 */
export interface LedgerStore extends KeyStore {
  readonly kind: string;
  /**
   * Appends records, idempotently by id: a record whose id is stored already is replaced only by a
   * copy with more tokens (a log that grew since it was last imported), otherwise ignored.
   * Returns how many records were added or grown.
   */
  append(records: readonly CallRecord[]): Promise<number>;
  /** Aggregates with the same semantics as the in-memory `Aggregator`. */
  aggregate(query: LedgerQuery): Promise<{ totals: Totals; rows: AggregateRow[] }>;
  /** Streams stored records in timestamp order (for diagnosis and exports). */
  records(query?: Pick<LedgerQuery, "since" | "until">): AsyncIterable<CallRecord>;
  count(): Promise<number>;
  /** Appends guard events; idempotent by id like `append`. */
  appendEvents(events: readonly LedgerEvent[]): Promise<number>;
  /** Events in timestamp order, optionally of one run or one kind. */
  events(filter?: { runId?: string; kind?: LedgerEvent["kind"]; since?: number }): Promise<LedgerEvent[]>;
  close(): Promise<void>;
}
