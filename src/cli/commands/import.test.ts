import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../../core/call-record.js";
import { readLogs } from "../../importers/read-logs.js";
import { createPriceBook } from "../../pricing/index.js";
import { inLedgerOrder } from "../../stores/generate-records.js";
import { openLedger } from "../../stores/registry.js";
import { POSTGRES_URL, serverAvailable } from "../../testing/servers.js";

const run = promisify(execFile);
const LOGS = "../shared/data/claude-code/projects";
const tsx = join("node_modules", ".bin", "tsx");
const directory = mkdtempSync(join(tmpdir(), "tokenomy-import-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
/** No user price overrides or catalog: the CLI and the test price the logs the same way. */
const environment = { ...process.env, TOKENOMY_PRICES: "", TOKENOMY_CONFIG_DIR: join(directory, "config"), TOKENOMY_CACHE_DIR: join(directory, "cache") };

async function tokenomy(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(tsx, ["src/cli/main.ts", ...args], { env: environment });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

async function readAll<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** What the importers yield for the shared logs, read directly: the ledger must hold exactly this. */
async function recordsFromLogs(): Promise<CallRecord[]> {
  return inLedgerOrder(await readAll(readLogs([LOGS], { prices: createPriceBook({ environment }) }).records));
}

describe("tokenomy import", () => {
  it("loads the logs into a SQLite ledger exactly, and a second import adds nothing", async () => {
    const database = join(directory, "ledger.db");
    const expected = await recordsFromLogs();
    expect(expected.length).toBeGreaterThan(100);

    const first = await tokenomy("import", LOGS, "--db", database, "--format", "json");
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ store: "sqlite", records: expected.length, new: expected.length, alreadyPresent: 0, filesCached: 0 });
    expect(summary.linesRead).toBe(summary.linesUsed + Object.values<number>(summary.skipped).reduce((sum, count) => sum + count, 0));
    expect(first.stderr).not.toContain("%"); // no progress bar when stderr is not a terminal

    const second = await tokenomy("import", LOGS, "--db", database);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`Imported ${expected.length} calls into ${database} (sqlite): 0 new, ${expected.length} already present.`);
    expect(second.stdout).toMatch(/skipped no_usage: [\d,]+/);
    expect(second.stdout).toContain(`Read ${summary.files} files (${summary.files} unchanged, from the read cache)`);

    const ledger = await openLedger(database);
    expect(await readAll(ledger.records())).toStrictEqual(expected);
    await ledger.close();

    // From the read cache into a new ledger: the same records.
    const fresh = join(directory, "from-cache.db");
    const cached = await tokenomy("import", LOGS, "--db", fresh, "--format", "json");
    expect(JSON.parse(cached.stdout)).toMatchObject({ records: expected.length, new: expected.length, filesCached: summary.files });
    const fromCache = await openLedger(fresh);
    expect(await readAll(fromCache.records())).toStrictEqual(expected);
    await fromCache.close();
  });

  it("draws a progress bar of bytes read on a terminal", async () => {
    const database = join(directory, "terminal.db");
    // `script` gives the command a pseudo-terminal, as a user's shell would.
    const { stdout } = await run("script", ["-qec", `${tsx} src/cli/main.ts import ${LOGS} --db ${database}`, "/dev/null"], {
      env: environment,
    });
    expect(stdout).toMatch(/\r\[#{30}\] 100% [\d.]+\/[\d.]+ MB/);
    expect(stdout).toContain("new, 0 already present.");
  });

  it("refuses a missing path with a clear message and creates no ledger", async () => {
    const database = join(directory, "never.db");
    const result = await tokenomy("import", join(directory, "no-such-logs"), "--db", database);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("log path not found");
    expect(existsSync(database)).toBe(false);
  });
});

describe.skipIf(!(await serverAvailable("postgres")))("tokenomy import into PostgreSQL", () => {
  const schema = `tokenomy_test_import_${process.pid}`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it("loads the same records into a postgres:// ledger, idempotently", async () => {
    const url = `${POSTGRES_URL}?schema=${schema}`;
    const expected = await recordsFromLogs();
    const first = JSON.parse((await tokenomy("import", LOGS, "--db", url, "--format", "json")).stdout);
    expect(first).toMatchObject({ store: "postgres", new: expected.length, alreadyPresent: 0 });
    const second = JSON.parse((await tokenomy("import", LOGS, "--db", url, "--format", "json")).stdout);
    expect(second).toMatchObject({ new: 0, alreadyPresent: expected.length });
    const ledger = await openLedger(url);
    expect(await readAll(ledger.records())).toStrictEqual(expected);
    await ledger.close();
  });
});
