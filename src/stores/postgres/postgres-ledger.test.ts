import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { TokenomyError } from "../../core/errors/index.js";
import { POSTGRES_URL, serverAvailable } from "../../testing/servers.js";
import { ledgerContract } from "../ledger-contract.js";
import { PostgresLedger } from "./postgres-ledger.js";
import { POSTGRES_SCHEMA_VERSION } from "./postgres-schema.js";

const available = await serverAvailable("postgres");
const run = `tokenomy_test_${process.pid}_${Date.now().toString(36)}`;
const schemas: string[] = [];
const freshSchema = () => {
  schemas.push(`${run}_${schemas.length}`);
  return schemas[schemas.length - 1]!;
};

async function dropSchemas(): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

describe.skipIf(!available)("PostgresLedger", () => {
  ledgerContract("postgres", {
    open: () => PostgresLedger.open(POSTGRES_URL, { schema: freshSchema() }),
  });
  afterAll(dropSchemas);

  it("migrates once, even when replicas open the same schema together, and keeps data across reopening", async () => {
    const schema = freshSchema();
    const ledgers = await Promise.all([1, 2, 3].map(() => PostgresLedger.open(`${POSTGRES_URL}?schema=${schema}`)));
    await ledgers[0]!.append([{ id: "x", timestamp: 1, source: "s", model: "m", usage: {}, status: "ok" }]);
    expect(await ledgers[2]!.count()).toBe(1);
    await Promise.all(ledgers.map((ledger) => ledger.close()));
    const again = await PostgresLedger.open(POSTGRES_URL, { schema });
    expect(await again.count()).toBe(1);
    await again.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    const { rows } = await client.query(`SELECT version FROM "${schema}".tokenomy_migrations ORDER BY version`);
    await client.end();
    expect(rows.map((row) => row.version)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, index) => index + 1));
  });

  it("refuses an unsafe schema name and reports an unreachable server as store_unavailable", async () => {
    await expect(PostgresLedger.open(POSTGRES_URL, { schema: 'x"; DROP TABLE calls; --' })).rejects.toMatchObject({ code: "config_invalid" });
    const error = await PostgresLedger.open("postgres://postgres@127.0.0.1:1/test").catch((caught: unknown) => caught);
    expect(TokenomyError.isInstance(error) && error.code).toBe("store_unavailable");
  });
});
