import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3, { type Database, type Statement } from "better-sqlite3";
import type { CallRecord } from "../../core/call-record.js";
import { TokenomyError } from "../../core/errors/index.js";
import type { LedgerEvent } from "../../core/ledger-event.js";
import type { AggregateRow, LedgerQuery, LedgerStore, Totals } from "../../core/ledger.js";
import { aggregateBySlots, aggregateSql, hasUnpriced, sqliteCostPico, toGroupedSums, toUnpricedFirstSeen } from "../shared/aggregate-sql.js";
import { callColumnNames, recordToValues, rowToRecord } from "../shared/call-columns.js";
import { largestCopies, replaceWhenGrown } from "../shared/grown-copies.js";
import { eventColumnNames, eventConditions, eventToValues, rowToEvent } from "../shared/key-rows.js";
import { SqliteKeyStore } from "./sqlite-key-store.js";
import { migrateSqlite } from "./sqlite-schema.js";

type Row = Record<string, unknown>;
const placeholders = (count: number) => Array.from({ length: count }, () => "?").join(", ");
const IN_MEMORY = ":memory:";

/**
 * The embedded ledger: one SQLite file in WAL mode. Appends are one transaction per call of
 * `append`; `synchronous = NORMAL` means a power cut may lose the last transactions but never
 * corrupts the file.
 */
export class SqliteLedger extends SqliteKeyStore implements LedgerStore {
  readonly kind = "sqlite";
  private readonly insertCall: Statement;
  private readonly insertEvent: Statement;

  private constructor(
    database: Database,
    readonly path: string,
  ) {
    super(database);
    this.insertCall = database.prepare(
      `INSERT INTO calls (${callColumnNames.join(", ")}) VALUES (${placeholders(callColumnNames.length)}) ${replaceWhenGrown("calls")}`,
    );
    this.insertEvent = database.prepare(
      `INSERT OR IGNORE INTO events (${eventColumnNames.join(", ")}) VALUES (${placeholders(eventColumnNames.length)})`,
    );
  }

  /**
   * Opens (creating if needed) a ledger file and brings its schema up to date.
   *
   * @example
   * const ledger = SqliteLedger.open("./tokenomy.db");
   * await ledger.append(records);
   */
  static open(path = "./tokenomy.db"): SqliteLedger {
    let database: Database | undefined;
    try {
      if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
      database = new BetterSqlite3(path);
      database.pragma("journal_mode = WAL");
      database.pragma("synchronous = NORMAL");
      database.pragma("busy_timeout = 5000");
      database.pragma("cache_size = -65536"); // 64 MiB: keeps index pages of large imports in memory
      database.pragma("temp_store = MEMORY");
      migrateSqlite(database);
      return new SqliteLedger(database, path);
    } catch (error) {
      database?.close();
      throw new TokenomyError("store_unavailable", `cannot open the SQLite ledger at ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  async append(records: readonly CallRecord[]): Promise<number> {
    return this.database.transaction(() => {
      let added = 0;
      for (const record of largestCopies(records)) added += this.insertCall.run(recordToValues(record)).changes;
      return added;
    })();
  }

  async appendEvents(events: readonly LedgerEvent[]): Promise<number> {
    return this.database.transaction(() => {
      let added = 0;
      for (const event of events) added += this.insertEvent.run(eventToValues(event)).changes;
      return added;
    })();
  }

  async aggregate(query: LedgerQuery): Promise<{ totals: Totals; rows: AggregateRow[] }> {
    return aggregateBySlots(query, async (slotMs) => {
      const sql = aggregateSql("sqlite", query, slotMs);
      const sums = (this.database.prepare(sql.sums).all(sql.params) as Row[]).map((row) => toGroupedSums(row, sqliteCostPico(row)));
      const unpriced = hasUnpriced(sums) ? (this.database.prepare(sql.unpriced).all(sql.params) as Row[]).map(toUnpricedFirstSeen) : [];
      return { sums, unpriced };
    });
  }

  /** Streams rows with a cursor. A file ledger reads through a second connection, so the caller may write while iterating. */
  async *records(query: Pick<LedgerQuery, "since" | "until"> = {}): AsyncIterable<CallRecord> {
    const reader = this.path === IN_MEMORY ? this.database : new BetterSqlite3(this.path, { readonly: true });
    try {
      const statement = reader.prepare(
        "SELECT * FROM calls WHERE timestamp >= ? AND timestamp < ? ORDER BY timestamp, id",
      );
      for (const row of statement.iterate(query.since ?? Number.MIN_SAFE_INTEGER, query.until ?? Number.MAX_SAFE_INTEGER)) {
        yield rowToRecord(row as Row);
      }
    } finally {
      if (reader !== this.database) reader.close();
    }
  }

  async count(): Promise<number> {
    return (this.database.prepare("SELECT COUNT(*) AS count FROM calls").get() as { count: number }).count;
  }

  async events(filter: { runId?: string; kind?: LedgerEvent["kind"]; since?: number } = {}): Promise<LedgerEvent[]> {
    const { where, params } = eventConditions(filter, () => "?");
    const rows = this.database.prepare(`SELECT * FROM events${where} ORDER BY timestamp, id`).all(params) as Row[];
    return rows.map(rowToEvent);
  }

  async close(): Promise<void> {
    if (this.database.open) this.database.close();
  }
}
