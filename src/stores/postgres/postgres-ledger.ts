import pg from "pg";
import type { CallRecord } from "../../core/call-record.js";
import { TokenomyError } from "../../core/errors/index.js";
import type { LedgerEvent } from "../../core/ledger-event.js";
import type { AggregateRow, LedgerQuery, LedgerStore, Totals } from "../../core/ledger.js";
import { aggregateBySlots, aggregateSql, hasUnpriced, toGroupedSums, toUnpricedFirstSeen } from "../shared/aggregate-sql.js";
import { largestCopies, replaceWhenGrown } from "../shared/grown-copies.js";
import { callColumnNames, recordToValues, rowToRecord } from "../shared/call-columns.js";
import { eventColumnNames, eventConditions, eventToValues, rowToEvent } from "../shared/key-rows.js";
import { PostgresKeyStore } from "./postgres-key-store.js";
import { migratePostgres } from "./postgres-schema.js";

/** Rows per INSERT statement: 1,000 x 38 columns stays under PostgreSQL's 65,535 parameters. */
const ROWS_PER_STATEMENT = 1000;
const PAGE_SIZE = 2000;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export interface PostgresLedgerOptions {
  /** Schema to create (if missing) and use via `search_path`; also read from `?schema=` in the URL. */
  schema?: string;
  /** Pool size (default 10). */
  maxConnections?: number;
}

/**
 * The shared ledger for several gateway replicas. Appends are multi-row inserts in one
 * transaction; a record whose id is stored already is skipped (`ON CONFLICT DO NOTHING`).
 */
export class PostgresLedger extends PostgresKeyStore implements LedgerStore {
  readonly kind = "postgres";
  private closed = false;

  /**
   * Connects, creates the schema if asked, and applies pending migrations.
   *
   * @example
   * const ledger = await PostgresLedger.open("postgres://postgres@127.0.0.1:5432/tokenomy");
   */
  static async open(url: string, options: PostgresLedgerOptions = {}): Promise<PostgresLedger> {
    const parsed = new URL(url);
    const schema = options.schema ?? parsed.searchParams.get("schema") ?? undefined;
    parsed.searchParams.delete("schema");
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      throw new TokenomyError("config_invalid", `PostgreSQL schema name ${JSON.stringify(schema)} must be a plain identifier`);
    }
    const pool = new pg.Pool({
      connectionString: parsed.toString(),
      max: options.maxConnections ?? 10,
      ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
    });
    pool.on("error", () => {}); // an idle client's broken connection is dropped by the pool; queries report their own errors
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(client, schema);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw new TokenomyError("store_unavailable", `cannot open the PostgreSQL ledger at ${parsed.host}${parsed.pathname}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return new PostgresLedger(pool);
  }

  async append(records: readonly CallRecord[]): Promise<number> {
    return this.insertAll("calls", callColumnNames, largestCopies(records).map(recordToValues), replaceWhenGrown("calls"));
  }

  async appendEvents(events: readonly LedgerEvent[]): Promise<number> {
    return this.insertAll("events", eventColumnNames, events.map(eventToValues), "ON CONFLICT (id) DO NOTHING");
  }

  private async insertAll(table: string, columns: readonly string[], rows: unknown[][], onConflict: string): Promise<number> {
    if (rows.length === 0) return 0;
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      let added = 0;
      for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
        const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
        const tuples = chunk.map((_, row) => `(${columns.map((_, column) => `$${row * columns.length + column + 1}`).join(", ")})`);
        const result = await client.query(
          `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${tuples.join(", ")} ${onConflict}`,
          chunk.flat(),
        );
        added += result.rowCount ?? 0;
      }
      await client.query("COMMIT");
      return added;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async aggregate(query: LedgerQuery): Promise<{ totals: Totals; rows: AggregateRow[] }> {
    return aggregateBySlots(query, async (slotMs) => {
      const sql = aggregateSql("postgres", query, slotMs);
      // SUM(bigint) is NUMERIC, which pg returns as an exact decimal string.
      const sums = (await this.pool.query(sql.sums, sql.params)).rows.map((row) => toGroupedSums(row, BigInt(row.cost ?? 0)));
      const unpriced = hasUnpriced(sums) ? (await this.pool.query(sql.unpriced, sql.params)).rows.map(toUnpricedFirstSeen) : [];
      return { sums, unpriced };
    });
  }

  /** Keyset pagination on (timestamp, id): memory stays one page whatever the ledger's size. */
  async *records(query: Pick<LedgerQuery, "since" | "until"> = {}): AsyncIterable<CallRecord> {
    const since = query.since ?? Number.MIN_SAFE_INTEGER;
    const until = query.until ?? Number.MAX_SAFE_INTEGER;
    let after: { timestamp: number; id: string } | undefined;
    for (;;) {
      const { rows } =
        after === undefined
          ? await this.pool.query("SELECT * FROM calls WHERE timestamp >= $1 AND timestamp < $2 ORDER BY timestamp, id LIMIT $3", [
              since,
              until,
              PAGE_SIZE,
            ])
          : await this.pool.query(
              "SELECT * FROM calls WHERE (timestamp, id) > ($1, $2) AND timestamp < $3 ORDER BY timestamp, id LIMIT $4",
              [after.timestamp, after.id, until, PAGE_SIZE],
            );
      for (const row of rows) yield rowToRecord(row);
      if (rows.length < PAGE_SIZE) return;
      const last = rows[rows.length - 1]!;
      after = { timestamp: Number(last.timestamp), id: last.id as string };
    }
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>("SELECT COUNT(*) AS count FROM calls");
    return Number(rows[0]!.count);
  }

  async events(filter: { runId?: string; kind?: LedgerEvent["kind"]; since?: number } = {}): Promise<LedgerEvent[]> {
    const { where, params } = eventConditions(filter, (position) => `$${position}`);
    const { rows } = await this.pool.query(`SELECT * FROM events${where} ORDER BY timestamp, id`, params);
    return rows.map(rowToEvent);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
