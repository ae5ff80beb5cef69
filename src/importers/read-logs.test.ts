import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TokenomyError } from "../core/errors/index.js";
import { flatPrices, SHARED_PROJECTS } from "./claude-code/test-helpers.js";
import { readLogs } from "./read-logs.js";

const MINI_SWE_AGENT = join(import.meta.dirname, "../../../shared/data/mini-swe-agent");

const scratch = mkdtempSync(join(tmpdir(), "tokenomy-read-logs-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function drain(paths: string[]) {
  const progress: [number, number][] = [];
  const { records, stats } = readLogs(paths, { prices: flatPrices, onProgress: (done, total) => progress.push([done, total]) });
  let count = 0;
  for await (const _record of records) count += 1;
  return { count, stats, progress };
}

describe("readLogs", () => {
  it("detects the format of each path and streams its records with merged stats and progress", async () => {
    const { count, stats, progress } = await drain([SHARED_PROJECTS]);
    expect(count).toBe(326);
    expect(stats.files).toBe(8);
    expect(stats.skipped).toEqual({ duplicate: 340, no_usage: 3071 });
    const [done, total] = progress.at(-1)!;
    expect(total).toBe(6_648_666);
    expect(done).toBe(total);
  });

  it("gives the same records in batches as one by one, for importers with and without readBatches", async () => {
    const paths = [SHARED_PROJECTS, MINI_SWE_AGENT];
    const single = readLogs(paths, { prices: flatPrices });
    const one: unknown[] = [];
    for await (const record of single.records) one.push(record);
    const batched = readLogs(paths, { prices: flatPrices });
    const sizes: number[] = [];
    const all: unknown[] = [];
    for await (const batch of batched.batches) {
      sizes.push(batch.length);
      all.push(...batch);
    }
    expect(all).toEqual(one);
    expect(batched.stats).toEqual(single.stats);
    // Claude Code settles a file's records together; mini-swe-agent yields one at a time.
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(sizes.filter((size) => size === 1).length).toBeGreaterThan(100);
  });

  it("reads a single transcript file too, and counts a file named twice once", async () => {
    const file = join(SHARED_PROJECTS, "-home-user-spotter", "4d5611e5-241a-462a-8d15-5122611a9569.jsonl");
    const { count, stats } = await drain([file, file]);
    expect(count).toBe(139);
    expect(stats.files).toBe(1);
  });

  it("fails clearly on a missing path or one no importer recognizes", async () => {
    await expect(drain([join(scratch, "missing")])).rejects.toThrow(/log path not found/);
    writeFileSync(join(scratch, "notes.txt"), "hello\n");
    const failure = await drain([scratch]).catch((error: unknown) => error);
    expect(TokenomyError.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/no known log format found at .* \(looked for: Claude Code/);
  });
});
