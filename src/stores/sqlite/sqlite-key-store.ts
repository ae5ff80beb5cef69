import type { Database, Statement } from "better-sqlite3";
import { TokenomyError } from "../../core/errors/index.js";
import type { BudgetDefinition, BudgetScope, KeyStore, VirtualKey } from "../../core/virtual-key.js";
import { budgetColumnNames, budgetToValues, keyColumnNames, keyToValues, rowToBudget, rowToKey } from "../shared/key-rows.js";

type Row = Record<string, unknown>;
const placeholders = (count: number) => Array.from({ length: count }, () => "?").join(", ");

/** Virtual keys (hashed) and budget definitions in the SQLite ledger file. */
export class SqliteKeyStore implements KeyStore {
  /** Prepared once: the gateway looks a key up on every request. */
  private readonly keyByHash: Statement;

  constructor(protected readonly database: Database) {
    this.keyByHash = database.prepare("SELECT * FROM virtual_keys WHERE hash = ?");
  }

  async createKey(key: VirtualKey): Promise<void> {
    try {
      this.database
        .prepare(`INSERT INTO virtual_keys (${keyColumnNames.join(", ")}) VALUES (${placeholders(keyColumnNames.length)})`)
        .run(keyToValues(key));
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith("SQLITE_CONSTRAINT")) {
        throw new TokenomyError("invalid_request", `a key with id ${key.id} or the same secret already exists`, { cause: error });
      }
      throw error;
    }
  }

  async findKeyByHash(hash: string): Promise<VirtualKey | undefined> {
    const row = this.keyByHash.get(hash) as Row | undefined;
    return row ? rowToKey(row) : undefined;
  }

  async listKeys(tenantId?: string): Promise<VirtualKey[]> {
    const rows = (
      tenantId === undefined
        ? this.database.prepare("SELECT * FROM virtual_keys ORDER BY created_at, id").all()
        : this.database.prepare("SELECT * FROM virtual_keys WHERE tenant_id = ? ORDER BY created_at, id").all(tenantId)
    ) as Row[];
    return rows.map(rowToKey);
  }

  async revokeKey(id: string, at: number): Promise<boolean> {
    const result = this.database.prepare("UPDATE virtual_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(at, id);
    return result.changes > 0;
  }

  async putBudget(budget: BudgetDefinition): Promise<void> {
    const updates = budgetColumnNames.slice(1).map((name) => `${name} = excluded.${name}`);
    this.database
      .prepare(
        `INSERT INTO budgets (${budgetColumnNames.join(", ")}) VALUES (${placeholders(budgetColumnNames.length)}) ` +
          `ON CONFLICT (id) DO UPDATE SET ${updates.join(", ")}`,
      )
      .run(budgetToValues(budget));
  }

  async listBudgets(filter: { scope?: BudgetScope; scopeId?: string } = {}): Promise<BudgetDefinition[]> {
    const conditions: string[] = [];
    const params: string[] = [];
    if (filter.scope !== undefined) {
      conditions.push("scope = ?");
      params.push(filter.scope);
    }
    if (filter.scopeId !== undefined) {
      conditions.push("scope_id = ?");
      params.push(filter.scopeId);
    }
    const where = conditions.length ? ` WHERE ${conditions.join(" AND ")}` : "";
    const rows = this.database.prepare(`SELECT * FROM budgets${where} ORDER BY created_at, id`).all(params) as Row[];
    return rows.map(rowToBudget);
  }

  async deleteBudget(id: string): Promise<boolean> {
    return this.database.prepare("DELETE FROM budgets WHERE id = ?").run(id).changes > 0;
  }
}
