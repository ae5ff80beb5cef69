import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../core/random.js";
import { claudeCodeImporter } from "./importer.js";
import { readClaudeRecords, scanClaudeFile, scanFromRecords, workerCount, type FileScan } from "./scan-files.js";
import { SHARED_PROJECTS } from "./test-helpers.js";

const scratch = mkdtempSync(join(tmpdir(), "tokenomy-scan-files-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

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

describe("repeated usage lines dropped by the scanner", () => {
  async function scanBothWays(path: string): Promise<{ scans: FileScan[]; records: number[] }> {
    const scans: FileScan[] = [];
    const records: number[] = [];
    for (const drop of [false, true]) {
      let here: FileScan | undefined;
      for await (const batch of scanClaudeFile(path, 0, { dropRepeats: drop })) here ??= batch.scan;
      const read = await readClaudeRecords(path, { dropRepeats: drop });
      expect(scanFromRecords(path, read)).toEqual(here);
      scans.push(here!);
      records.push(read.recordBytes);
    }
    return { scans, records };
  }

  it("leave every file's scan as it was, with far fewer records", async () => {
    const files = await claudeCodeImporter.discover(SHARED_PROJECTS);
    let before = 0;
    let after = 0;
    for (const path of files) {
      const { scans, records } = await scanBothWays(path);
      expect(scans[1]).toEqual(scans[0]);
      before += records[0]!;
      after += records[1]!;
    }
    expect(after).toBeLessThan(before * 0.75);
  });

  it("rank copies as the deduplication does: main transcript first, then tokens, the first of equals", async () => {
    // Copies of a few responses in random order, sizes, sidechain flags and stop reasons, with
    // some lines the scanner cannot call plain (an escaped id, a non-integer count) between them,
    // and about 10,000 other responses, so the scanner's table of keys fills up (it takes 8,192).
    const next = seededRandom(11);
    const lines: string[] = [];
    const line = (id: string, output: number, sidechain: boolean, extra = "") =>
      `{"timestamp":"2026-01-02T03:04:05Z","requestId":"req_${id}${output % 3 === 0 ? "x" : ""}","isSidechain":${sidechain},"message":{"model":"claude-sonnet-4-5","id":"msg_${id}","stop_reason":"s${output}","usage":{"input_tokens":1,"output_tokens":${output}${extra}}}}`;
    for (let index = 0; index < 20_000; index++) {
      const roll = next();
      const id = roll < 0.5 ? `hot${Math.floor(next() * 40)}` : `cold${index}`;
      // Mostly equal copies, as Claude Code writes them; some larger or smaller.
      const output = next() < 0.6 ? 1000 : Math.floor(next() * 2000);
      const sidechain = next() < 0.2;
      if (next() < 0.03) lines.push(line(id, output, sidechain).replace('"msg_', '"\u006dsg_'));
      else if (next() < 0.03) lines.push(line(id, output, sidechain, ',"cache_read_input_tokens":1.5'));
      else lines.push(line(id, output, sidechain));
    }
    // Keys of equal length that differ only in the request id, or only in the message id, with
    // equal hashes in the scanner's table (FNV-1a): the second of each pair is a response of its own.
    const colliding = (messageId: string, requestId: string, output: number) =>
      `{"timestamp":"2026-01-02T03:04:05Z","requestId":"${requestId}","message":{"model":"claude-sonnet-4-5","id":"${messageId}","usage":{"output_tokens":${output}}}}`;
    lines.unshift(
      colliding("msg_collide", "req_0022789", 100),
      colliding("msg_collide", "req_0239192", 50),
      colliding("msg_0355786", "req_collide", 100),
      colliding("msg_1414240", "req_collide", 50),
    );
    const path = join(scratch, "repeats.jsonl");
    writeFileSync(path, `${lines.join("\n")}\n`);
    const { scans, records } = await scanBothWays(path);
    expect(scans[1]).toEqual(scans[0]);
    expect(scans[0]!.skipped.duplicate).toBeGreaterThan(5000);
    expect(records[1]).toBeLessThan(records[0]!);
  });
});
