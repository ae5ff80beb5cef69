import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { POSTGRES_URL, serverAvailable } from "../testing/servers.js";
import { ledgerSchemeOf, openLedger } from "./registry.js";

const directory = mkdtempSync(join(tmpdir(), "tokenomy-registry-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("ledger registry", () => {
  it("maps --db targets to store kinds by URL scheme", () => {
    expect(ledgerSchemeOf("./tokenomy.db")).toBe("sqlite");
    expect(ledgerSchemeOf("/var/lib/ledger.db")).toBe("sqlite");
    expect(ledgerSchemeOf("C:\\ledger.db")).toBe("sqlite");
    expect(ledgerSchemeOf("sqlite:/tmp/x.db")).toBe("sqlite");
    expect(ledgerSchemeOf("postgres://u@h:5432/db")).toBe("postgres");
    expect(ledgerSchemeOf("POSTGRESQL://u@h/db")).toBe("postgresql");
    expect(() => ledgerSchemeOf("mysql://u@h/db")).toThrow(/unknown ledger store "mysql:"/);
  });

  it("opens a SQLite file from a plain path and from sqlite:PATH, the same file both ways", async () => {
    const path = join(directory, "ledger.db");
    const plain = await openLedger(path);
    expect(plain.kind).toBe("sqlite");
    await plain.append([{ id: "a", timestamp: 1, source: "s", model: "m", usage: {}, status: "ok" }]);
    await plain.close();
    const prefixed = await openLedger(`sqlite:${path}`);
    expect(await prefixed.count()).toBe(1);
    await prefixed.close();
  });
});

describe.skipIf(!(await serverAvailable("postgres")))("ledger registry with PostgreSQL", () => {
  it("opens postgres:// URLs as a PostgreSQL ledger", async () => {
    const schema = `tokenomy_test_registry_${process.pid}`;
    const ledger = await openLedger(`${POSTGRES_URL}?schema=${schema}`);
    try {
      expect(ledger.kind).toBe("postgres");
      expect(await ledger.count()).toBe(0);
    } finally {
      await ledger.close();
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA "${schema}" CASCADE`);
      await client.end();
    }
  });
});
