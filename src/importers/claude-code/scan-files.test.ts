import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { claudeCodeImporter } from "./importer.js";
import { readClaudeRecords, scanClaudeFile, scanFromRecords, workerCount, type FileScan } from "./scan-files.js";
import { SHARED_PROJECTS } from "./test-helpers.js";

const MIB = 1024 * 1024;

describe("workerCount", () => {
  it("reads small trees on this thread, and large ones with one more thread per core but one, up to 3", () => {
    expect(workerCount(10 * MIB, {}, false)).toBe(0);
    expect(workerCount(600 * MIB, {}, false)).toBe(Math.min(3, availableParallelism() - 1));
  });

  it("starts no thread when the machine is overloaded", () => {
    expect(workerCount(600 * MIB, {}, true)).toBe(0);
  });

  it("obeys TOKENOMY_WORKERS whatever the size and the load", () => {
    expect(workerCount(1, { TOKENOMY_WORKERS: "3" }, true)).toBe(3);
    expect(workerCount(600 * MIB, { TOKENOMY_WORKERS: "0" }, false)).toBe(0);
    expect(workerCount(600 * MIB, { TOKENOMY_WORKERS: "99" }, false)).toBe(16);
  });
});

describe("reading on a worker thread's terms", () => {
  it("gives each file the same scan from transferred records as from reading it here", async () => {
    const files = await claudeCodeImporter.discover(SHARED_PROJECTS);
    expect(files.length).toBeGreaterThan(5);
    for (const path of files) {
      let here: FileScan | undefined;
      for await (const batch of scanClaudeFile(path, 0)) here ??= batch.scan;
      const records = await readClaudeRecords(path);
      expect(scanFromRecords(path, records)).toEqual(here);
    }
  });
});
