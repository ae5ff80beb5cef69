import type { PoolClient } from "pg";

/**
 * Versioned schema migrations, applied in order on open under an advisory lock (so replicas
 * opening together do not race). Never edit a released migration: add the next one.
 */
const migrations: readonly string[] = [
  `
  CREATE TABLE calls (
    id TEXT COLLATE "C" PRIMARY KEY,
    timestamp BIGINT NOT NULL,
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
    input_no_cache BIGINT,
    cache_read BIGINT,
    cache_write_5m BIGINT,
    cache_write_1h BIGINT,
    output BIGINT,
    reasoning BIGINT,
    web_search_requests BIGINT,
    cost_pico BIGINT,
    reported_cost_pico BIGINT,
    latency_ms DOUBLE PRECISION,
    ttft_ms DOUBLE PRECISION,
    status TEXT NOT NULL,
    error_class TEXT,
    cache_outcome TEXT,
    stop_reason TEXT,
    fingerprints JSONB,
    tool_names JSONB,
    decision JSONB,
    tags JSONB
  );
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
    id TEXT COLLATE "C" PRIMARY KEY,
    timestamp BIGINT NOT NULL,
    kind TEXT NOT NULL,
    scope TEXT,
    request_id TEXT,
    run_id TEXT,
    tenant_id TEXT,
    key_id TEXT,
    amount_pico BIGINT,
    detail JSONB
  );
  CREATE INDEX events_timestamp ON events (timestamp, id);
  CREATE INDEX events_run ON events (run_id, timestamp);

  CREATE TABLE virtual_keys (
    id TEXT COLLATE "C" PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    user_id TEXT,
    metadata JSONB,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
  );
  CREATE INDEX virtual_keys_tenant ON virtual_keys (tenant_id);

  CREATE TABLE budgets (
    id TEXT COLLATE "C" PRIMARY KEY,
    scope TEXT NOT NULL,
    scope_id TEXT NOT NULL,
    budget_window TEXT NOT NULL,
    limit_pico BIGINT,
    limit_tokens BIGINT,
    agent_name TEXT,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX budgets_scope ON budgets (scope, scope_id);
  `,
  // 2: budget limits as exact decimal USD, of any size (limit_pico stops at $9,007.19).
  `ALTER TABLE budgets ADD COLUMN limit_usd TEXT`,
];

/** Creates the schema if asked, then applies the migrations the database has not seen, in one transaction. */
export async function migratePostgres(client: PoolClient, schema: string | undefined): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('tokenomy-migrations'))");
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query("CREATE TABLE IF NOT EXISTS tokenomy_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
    const { rows } = await client.query<{ version: number }>("SELECT COALESCE(MAX(version), 0) AS version FROM tokenomy_migrations");
    for (let version = (rows[0]?.version ?? 0) + 1; version <= migrations.length; version++) {
      await client.query(migrations[version - 1]!);
      await client.query("INSERT INTO tokenomy_migrations (version, applied_at) VALUES ($1, $2)", [version, Date.now()]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/** Number of the newest migration, for tests and diagnostics. */
export const POSTGRES_SCHEMA_VERSION = migrations.length;
