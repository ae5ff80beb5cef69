import type { CallRecord } from "../../core/call-record.js";
import type { Usage } from "../../core/usage.js";

/** How a column's value is stored: integers are whole numbers, `real` keeps fractions, `json` is serialized. */
type ColumnKind = "text" | "integer" | "real" | "json";

interface CallColumn {
  name: string;
  kind: ColumnKind;
  write: (record: Record<string, unknown>, value: unknown) => void;
}

function top<K extends keyof CallRecord>(name: string, field: K, kind: ColumnKind): CallColumn {
  return {
    name,
    kind,
    write: (record, value) => {
      record[field] = value;
    },
  };
}

function usage<K extends keyof Usage>(name: string, field: K): CallColumn {
  return {
    name,
    kind: "integer",
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

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/**
 * Column values of a record, in `callColumns` order (`null` for absent fields, JSON as text).
 * Written out field by field: mapping `callColumns` through shared reader closures (a
 * megamorphic property load per column) took 2.1 µs per gateway record, this 1.2 µs, most of it
 * the two JSON.stringify calls (the record of bench/gateway/measure-ledger-worker.ts, median CPU
 * time of 6 alternating rounds of 200k calls). call-columns.test.ts checks the column order.
 */
export function recordToValues(record: CallRecord): unknown[] {
  const usage = record.usage;
  return [
    record.id ?? null,
    record.timestamp ?? null,
    record.source ?? null,
    record.provider ?? null,
    record.model ?? null,
    record.servedModel ?? null,
    record.requestId ?? null,
    record.responseId ?? null,
    record.tenantId ?? null,
    record.userId ?? null,
    record.keyId ?? null,
    record.project ?? null,
    record.sessionId ?? null,
    record.runId ?? null,
    record.hopId ?? null,
    record.parentHopId ?? null,
    record.agentId ?? null,
    record.agentName ?? null,
    record.agentKind ?? null,
    usage.inputNoCache ?? null,
    usage.cacheRead ?? null,
    usage.cacheWrite5m ?? null,
    usage.cacheWrite1h ?? null,
    usage.output ?? null,
    usage.reasoning ?? null,
    usage.webSearchRequests ?? null,
    record.costPico ?? null,
    record.reportedCostPico ?? null,
    record.latencyMs ?? null,
    record.ttftMs ?? null,
    record.status ?? null,
    record.errorClass ?? null,
    record.cacheOutcome ?? null,
    record.stopReason ?? null,
    json(record.fingerprints),
    json(record.toolNames),
    json(record.decision),
    json(record.tags),
  ];
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
