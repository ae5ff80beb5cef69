import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { ledgerContract } from "../ledger-contract.js";
import { SqliteLedger } from "./sqlite-ledger.js";

const directory = mkdtempSync(join(tmpdir(), "tokenomy-sqlite-"));
let opened = 0;
const temporaryFile = () => join(directory, `ledger-${++opened}.db`);

afterAll(() => rmSync(directory, { recursive: true, force: true }));

ledgerContract("sqlite", { open: async () => SqliteLedger.open(temporaryFile()) });

describe("SqliteLedger", () => {

  it("opens the file in WAL mode and keeps records across reopening", async () => {
    const path = join(directory, "nested", "reopen.db");
    const first = SqliteLedger.open(path);
    await first.append([{ id: "x", timestamp: 1, source: "s", model: "m", usage: { output: 0 }, status: "ok" }]);
    await first.close();
    const second = SqliteLedger.open(path);
    expect(await second.count()).toBe(1);
    expect(await second.append([{ id: "x", timestamp: 1, source: "s", model: "m", usage: {}, status: "ok" }])).toBe(0);
    await second.close();
  });

  it("refuses a file that is not a SQLite database as store_unavailable, leaving it untouched", () => {
    const path = join(directory, "not-a-ledger.jsonl");
    writeFileSync(path, '{"type":"user"}\n'.repeat(200));
    expect(() => SqliteLedger.open(path)).toThrow(expect.objectContaining({ code: "store_unavailable" }));
    expect(readFileSync(path, "utf8")).toBe('{"type":"user"}\n'.repeat(200));
  });
});
