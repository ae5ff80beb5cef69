import type { CallRecord } from "../../core/call-record.js";
import type { Usage } from "../../core/usage.js";

/** How a column's value is stored: integers are whole numbers, `real` keeps fractions, `json` is serialized. */
type ColumnKind = "text" | "integer" | "real" | "json";

interface CallColumn {
  name: string;
  kind: ColumnKind;
  read: (record: CallRecord) => unknown;
  write: (record: Record<string, unknown>, value: unknown) => void;
}

function top<K extends keyof CallRecord>(name: string, field: K, kind: ColumnKind): CallColumn {
  return {
    name,
    kind,
    read: (record) => record[field],
    write: (record, value) => {
      record[field] = value;
    },
  };
}

function usage<K extends keyof Usage>(name: string, field: K): CallColumn {
  return {
    name,
    kind: "integer",
    read: (record) => record.usage[field],
    write: (record, value) => {
      (record.usage as Usage)[field] = value as number;
    },
  };
}

/**
 * Every CallRecord field and the ledger column holding it, in table order. Both stores use this
 * one list, so a field added to CallRecord without a column fails the round-trip contract test.
 * A null column means the field was absent (`undefined`); 0 and "" are stored as themselves.
 */
export const callColumns: readonly CallColumn[] = [
  top("id", "id", "text"),
  top("timestamp", "timestamp", "integer"),
  top("source", "source", "text"),
  top("provider", "provider", "text"),
  top("model", "model", "text"),
  top("served_model", "servedModel", "text"),
  top("request_id", "requestId", "text"),
  top("response_id", "responseId", "text"),
  top("tenant_id", "tenantId", "text"),
  top("user_id", "userId", "text"),
  top("key_id", "keyId", "text"),
  top("project", "project", "text"),
  top("session_id", "sessionId", "text"),
  top("run_id", "runId", "text"),
  top("hop_id", "hopId", "text"),
  top("parent_hop_id", "parentHopId", "text"),
  top("agent_id", "agentId", "text"),
  top("agent_name", "agentName", "text"),
  top("agent_kind", "agentKind", "text"),
  usage("input_no_cache", "inputNoCache"),
  usage("cache_read", "cacheRead"),
  usage("cache_write_5m", "cacheWrite5m"),
  usage("cache_write_1h", "cacheWrite1h"),
  usage("output", "output"),
  usage("reasoning", "reasoning"),
  usage("web_search_requests", "webSearchRequests"),
  top("cost_pico", "costPico", "integer"),
  top("reported_cost_pico", "reportedCostPico", "integer"),
  top("latency_ms", "latencyMs", "real"),
  top("ttft_ms", "ttftMs", "real"),
  top("status", "status", "text"),
  top("error_class", "errorClass", "text"),
  top("cache_outcome", "cacheOutcome", "text"),
  top("stop_reason", "stopReason", "text"),
  top("fingerprints", "fingerprints", "json"),
  top("tool_names", "toolNames", "json"),
  top("decision", "decision", "json"),
  top("tags", "tags", "json"),
];

export const callColumnNames = callColumns.map((column) => column.name);

/** Column values of a record, in `callColumns` order (`null` for absent fields, JSON as text). */
export function recordToValues(record: CallRecord): unknown[] {
  return callColumns.map((column) => {
    const value = column.read(record);
    if (value === undefined) return null;
    return column.kind === "json" ? JSON.stringify(value) : value;
  });
}

/**
 * Rebuilds a record from a row keyed by column name. Integers may arrive as number, bigint or
 * string (PostgreSQL BIGINT); JSON as text or already parsed (jsonb).
 */
export function rowToRecord(row: Record<string, unknown>): CallRecord {
  const record: Record<string, unknown> = { usage: {} };
  for (const column of callColumns) {
    const value = row[column.name];
    if (value === null || value === undefined) continue;
    column.write(record, decode(column.kind, value));
  }
  return record as unknown as CallRecord;
}

function decode(kind: ColumnKind, value: unknown): unknown {
  switch (kind) {
    case "text":
      return value;
    case "integer":
    case "real":
      return typeof value === "number" ? value : Number(value);
    case "json":
      return typeof value === "string" ? JSON.parse(value) : value;
  }
}
