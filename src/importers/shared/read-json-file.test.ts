import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readJsonFile } from "./read-json-file.js";

const scratch = mkdtempSync(join(tmpdir(), "tokenomy-json-file-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("readJsonFile", () => {
  it("reads one JSON object, and names what is wrong otherwise", async () => {
    const write = (name: string, text: string) => {
      writeFileSync(join(scratch, name), text);
      return join(scratch, name);
    };
    expect(await readJsonFile(write("ok.json", '{"a":1}'))).toEqual({ value: { a: 1 }, bytes: 7 });
    expect(await readJsonFile(write("bad.json", '{"a":'))).toEqual({ problem: "invalid_json", bytes: 5 });
    expect(await readJsonFile(write("list.json", "[1]"))).toEqual({ problem: "not_an_object", bytes: 3 });
    expect(await readJsonFile(write("big.json", '{"a":1}'), 3)).toEqual({ problem: "file_too_large", bytes: 7 });
    // Pruned between discovery and reading.
    expect(await readJsonFile(join(scratch, "gone.traj.json"))).toEqual({ problem: "file_vanished", bytes: 0 });
  });
});
