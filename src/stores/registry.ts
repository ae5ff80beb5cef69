import { TokenomyError } from "../core/errors/index.js";
import type { LedgerStore } from "../core/ledger.js";

export const DEFAULT_LEDGER_FILE = "./tokenomy.db";

/**
 * Every ledger store, by the URL scheme that selects it, one line each. Adding a store is one
 * folder `src/stores/<kind>/` and one line here; a scheme without an opener fails to compile.
 * Stores load lazily, so opening SQLite never loads the PostgreSQL driver.
 */
export const ledgerSchemes = ["sqlite", "postgres", "postgresql"] as const;
export type LedgerScheme = (typeof ledgerSchemes)[number];

const openers = {
  sqlite: async (target) => (await import("./sqlite/sqlite-ledger.js")).SqliteLedger.open(target.replace(/^sqlite:(\/\/)?/i, "")),
  postgres: async (target) => (await import("./postgres/postgres-ledger.js")).PostgresLedger.open(target),
  postgresql: async (target) => (await import("./postgres/postgres-ledger.js")).PostgresLedger.open(target),
} satisfies Record<LedgerScheme, (target: string) => Promise<LedgerStore>>;

/** Which store a `--db` target names: a plain path (or `sqlite:PATH`) is a SQLite file. */
export function ledgerSchemeOf(target: string): LedgerScheme {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target)?.[1]?.toLowerCase();
  if (scheme && (ledgerSchemes as readonly string[]).includes(scheme)) return scheme as LedgerScheme;
  // `C:\ledger.db` or `./a:b.db` are paths; `mysql://...` is a store we do not have.
  if (scheme && target.slice(scheme.length + 1).startsWith("//")) {
    throw new TokenomyError("config_invalid", `unknown ledger store "${scheme}:" (use a file path, sqlite:PATH or postgres://...)`);
  }
  return "sqlite";
}

/**
 * Opens the ledger a `--db` value names: a file path or `sqlite:PATH` (SQLite), or a
 * `postgres://` / `postgresql://` URL (PostgreSQL). Default: `./tokenomy.db`.
 *
 * @example
 * const ledger = await openLedger("postgres://postgres@127.0.0.1:5432/tokenomy?schema=team_a");
 * const { totals } = await ledger.aggregate({ groupBy: "model" });
 * await ledger.close();
 */
export async function openLedger(target: string = DEFAULT_LEDGER_FILE): Promise<LedgerStore> {
  return openers[ledgerSchemeOf(target)](target);
}
