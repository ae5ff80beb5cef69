import type { Database } from "better-sqlite3";

/**
 * Schema migrations, applied in order on open; `PRAGMA user_version` records the last one applied.
 * Never edit a released migration: add the next one.
 */
const migrations: readonly string[] = [
  `
  CREATE TABLE calls (
    id TEXT PRIMARY KEY,
    timestamp INTEGER NOT NULL,
    source TEXT NOT NULL,
    provider TEXT,
    model TEXT NOT NULL,
    served_model TEXT,
    request_id TEXT,
    response_id TEXT,
    tenant_id TEXT,
    user_id TEXT,
    key_id TEXT,
    project TEXT,
    session_id TEXT,
    run_id TEXT,
    hop_id TEXT,
    parent_hop_id TEXT,
    agent_id TEXT,
    agent_name TEXT,
    agent_kind TEXT,
    input_no_cache INTEGER,
    cache_read INTEGER,
    cache_write_5m INTEGER,
    cache_write_1h INTEGER,
    output INTEGER,
    reasoning INTEGER,
    web_search_requests INTEGER,
    cost_pico INTEGER,
    reported_cost_pico INTEGER,
    latency_ms REAL,
    ttft_ms REAL,
    status TEXT NOT NULL,
    error_class TEXT,
    cache_outcome TEXT,
    stop_reason TEXT,
    fingerprints TEXT,
    tool_names TEXT,
    decision TEXT,
    tags TEXT
  ) STRICT;
  -- Time, plus the keys budgets and diagnosis look up. Model and project have few distinct values
  -- and reports scan all rows anyway, so indexing them would only slow appends.
  CREATE INDEX calls_timestamp ON calls (timestamp, id);
  CREATE INDEX calls_session ON calls (session_id, timestamp);
  CREATE INDEX calls_run ON calls (run_id, timestamp);
  CREATE INDEX calls_tenant ON calls (tenant_id, timestamp);
  CREATE INDEX calls_key ON calls (key_id, timestamp);
  CREATE INDEX calls_user ON calls (user_id, timestamp);
  CREATE INDEX calls_agent ON calls (agent_id, timestamp);
  CREATE INDEX calls_unpriced ON calls (timestamp) WHERE cost_pico IS NULL;

  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    timestamp INTEGER NOT NULL,
    kind TEXT NOT NULL,
    scope TEXT,
    request_id TEXT,
    run_id TEXT,
    tenant_id TEXT,
    key_id TEXT,
    amount_pico INTEGER,
    detail TEXT
  ) STRICT;
  CREATE INDEX events_timestamp ON events (timestamp);
  CREATE INDEX events_run ON events (run_id, timestamp);

  CREATE TABLE virtual_keys (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    user_id TEXT,
    metadata TEXT,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  ) STRICT;
  CREATE INDEX virtual_keys_tenant ON virtual_keys (tenant_id);

  CREATE TABLE budgets (
    id TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    scope_id TEXT NOT NULL,
    budget_window TEXT NOT NULL,
    limit_pico INTEGER,
    limit_tokens INTEGER,
    agent_name TEXT,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX budgets_scope ON budgets (scope, scope_id);
  `,
  // 2: budget limits as exact decimal USD, of any size (limit_pico stops at $9,007.19).
  `ALTER TABLE budgets ADD COLUMN limit_usd TEXT`,
];

/** Applies the migrations this file has not yet seen, each in its own transaction. */
export function migrateSqlite(database: Database): void {
  const applied = database.pragma("user_version", { simple: true }) as number;
  for (let version = applied + 1; version <= migrations.length; version++) {
    database.transaction(() => {
      database.exec(migrations[version - 1]!);
      database.pragma(`user_version = ${version}`);
    }).immediate();
  }
}
