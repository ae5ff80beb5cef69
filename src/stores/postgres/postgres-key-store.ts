import type { Pool } from "pg";
import { TokenomyError } from "../../core/errors/index.js";
import type { BudgetDefinition, BudgetScope, KeyStore, VirtualKey } from "../../core/virtual-key.js";
import { budgetColumnNames, budgetToValues, keyColumnNames, keyToValues, rowToBudget, rowToKey } from "../shared/key-rows.js";

const parameters = (count: number) => Array.from({ length: count }, (_, index) => `$${index + 1}`).join(", ");
const UNIQUE_VIOLATION = "23505";

/** Virtual keys (hashed) and budget definitions, shared by every gateway replica on the database. */
export class PostgresKeyStore implements KeyStore {
  constructor(protected readonly pool: Pool) {}

  async createKey(key: VirtualKey): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO virtual_keys (${keyColumnNames.join(", ")}) VALUES (${parameters(keyColumnNames.length)})`,
        keyToValues(key),
      );
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new TokenomyError("invalid_request", `a key with id ${key.id} or the same secret already exists`, { cause: error });
      }
      throw error;
    }
  }

  async findKeyByHash(hash: string): Promise<VirtualKey | undefined> {
    // A named statement is parsed once per connection: the gateway looks a key up on every request.
    const { rows } = await this.pool.query({ name: "tokenomy-key-by-hash", text: "SELECT * FROM virtual_keys WHERE hash = $1", values: [hash] });
    return rows[0] ? rowToKey(rows[0]) : undefined;
  }

  async listKeys(tenantId?: string): Promise<VirtualKey[]> {
    const { rows } =
      tenantId === undefined
        ? await this.pool.query("SELECT * FROM virtual_keys ORDER BY created_at, id")
        : await this.pool.query("SELECT * FROM virtual_keys WHERE tenant_id = $1 ORDER BY created_at, id", [tenantId]);
    return rows.map(rowToKey);
  }

  async revokeKey(id: string, at: number): Promise<boolean> {
    const result = await this.pool.query("UPDATE virtual_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", [at, id]);
    return (result.rowCount ?? 0) > 0;
  }

  async putBudget(budget: BudgetDefinition): Promise<void> {
    const updates = budgetColumnNames.slice(1).map((name) => `${name} = excluded.${name}`);
    await this.pool.query(
      `INSERT INTO budgets (${budgetColumnNames.join(", ")}) VALUES (${parameters(budgetColumnNames.length)}) ` +
        `ON CONFLICT (id) DO UPDATE SET ${updates.join(", ")}`,
      budgetToValues(budget),
    );
  }

  async listBudgets(filter: { scope?: BudgetScope; scopeId?: string } = {}): Promise<BudgetDefinition[]> {
    const conditions: string[] = [];
    const params: string[] = [];
    if (filter.scope !== undefined) {
      params.push(filter.scope);
      conditions.push(`scope = $${params.length}`);
    }
    if (filter.scopeId !== undefined) {
      params.push(filter.scopeId);
      conditions.push(`scope_id = $${params.length}`);
    }
    const where = conditions.length ? ` WHERE ${conditions.join(" AND ")}` : "";
    const { rows } = await this.pool.query(`SELECT * FROM budgets${where} ORDER BY created_at, id`, params);
    return rows.map(rowToBudget);
  }

  async deleteBudget(id: string): Promise<boolean> {
    const result = await this.pool.query("DELETE FROM budgets WHERE id = $1", [id]);
    return (result.rowCount ?? 0) > 0;
  }
}
