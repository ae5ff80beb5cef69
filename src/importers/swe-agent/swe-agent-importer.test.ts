import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../../core/call-record.js";
import { ImportStats } from "../../core/importer.js";
import type { PriceBook } from "../../core/pricing.js";
import { createPriceBook } from "../../pricing/price-book.js";
import { sweAgentImporter } from "./swe-agent-importer.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__");
const TRAJECTORY = join(FIXTURES, "marshmallow-code__marshmallow-1359.traj");
const INSTANCE = "marshmallow-code__marshmallow-1359";
const catalog = createPriceBook({ overrides: false, userCatalog: false });

async function importAll(path: string, prices: PriceBook = catalog): Promise<{ records: CallRecord[]; stats: ImportStats }> {
  const stats = new ImportStats();
  const records: CallRecord[] = [];
  for await (const record of sweAgentImporter.read(await sweAgentImporter.discover(path), { prices, stats })) records.push(record);
  return { records, stats };
}

const scratch = await mkdtemp(join(tmpdir(), "tokenomy-swe-agent-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function variant(name: string, change: (trajectory: Record<string, any>) => void): Promise<string> {
  const trajectory = JSON.parse(await readFile(TRAJECTORY, "utf8"));
  change(trajectory);
  const file = join(scratch, name);
  await writeFile(file, JSON.stringify(trajectory));
  return file;
}

describe("swe-agent importer", () => {
  it("detects .traj files only", async () => {
    expect(await sweAgentImporter.discover(FIXTURES)).toEqual([TRAJECTORY]);
    await writeFile(join(scratch, "notes.traj"), "plain text, not a trajectory\n");
    expect(await sweAgentImporter.discover(join(scratch, "notes.traj"))).toEqual([]);
  });

  it("turns the instance totals into one record covering its calls, priced as SWE-agent charged", async () => {
    const { records, stats } = await importAll(TRAJECTORY);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      id: `swe-agent:${INSTANCE}`,
      source: "swe-agent",
      sessionId: INSTANCE,
      runId: INSTANCE,
      model: "claude-3-5-sonnet-20241022",
      usage: { inputNoCache: 22950, output: 545 },
      reportedCostPico: 77_025_000_000,
      tags: { granularity: "trajectory", calls: "3", exitStatus: "submitted" },
    });
    // $3 / $15 per million: 22,950 x 3 + 545 x 15 micro-dollars, the instance_cost.
    expect(records[0]!.costPico).toBe(77_025_000_000);
    expect(stats).toMatchObject({ files: 1, linesRead: 1, linesUsed: 1, skipped: {} });
  });

  it("uses the file's modification time, and yields the same id on a second import", async () => {
    const copy = await variant(`${INSTANCE}.traj`, () => {});
    await utimes(copy, new Date("2025-03-01T10:00:00Z"), new Date("2025-03-01T10:00:00Z"));
    const { records } = await importAll(copy);
    expect(records[0]!.timestamp).toBe(Date.parse("2025-03-01T10:00:00Z"));
    expect((await importAll(TRAJECTORY)).records[0]!.id).toBe(records[0]!.id);
    const both = await importAll(scratch);
    expect(both.records).toHaveLength(1);
  });

  it("makes one record per step when every step carries its usage", async () => {
    const file = await variant("per-step.traj", (trajectory) => {
      trajectory.trajectory.forEach((step: Record<string, any>, index: number) => {
        step.extra_info = { usage: { prompt_tokens: 7000 + index * 900, completion_tokens: 150 + index * 20, prompt_tokens_details: { cached_tokens: index === 0 ? 0 : 6500 } } };
      });
    });
    const { records } = await importAll(file);
    expect(records.map((record) => [record.id, record.usage])).toEqual([
      [`swe-agent:${INSTANCE}:0`, { inputNoCache: 7000, cacheRead: 0, output: 150 }],
      [`swe-agent:${INSTANCE}:1`, { inputNoCache: 1400, cacheRead: 6500, output: 170 }],
      [`swe-agent:${INSTANCE}:2`, { inputNoCache: 2300, cacheRead: 6500, output: 190 }],
    ]);
    expect(records.every((record) => record.tags?.granularity === "step")).toBe(true);
  });

  it("reads a retry agent's model and total over attempts", async () => {
    const file = await variant("retry.traj", (trajectory) => {
      const config = JSON.parse(trajectory.replay_config);
      config.agent = { type: "retry", agent_configs: [{ model: { name: "gpt-4o-2024-08-06" } }] };
      trajectory.replay_config = JSON.stringify(config);
      trajectory.attempts = [{ info: { model_stats: { instance_cost: 0.01, tokens_sent: 2000, tokens_received: 100, api_calls: 1 } } }];
      trajectory.info.model_stats = { instance_cost: 0.07, tokens_sent: 20000, tokens_received: 2000, api_calls: 4 };
    });
    const { records } = await importAll(file);
    expect(records[0]).toMatchObject({ model: "gpt-4o-2024-08-06", usage: { inputNoCache: 20000, output: 2000 }, reportedCostPico: 70_000_000_000 });
  });

  it("counts truncated, foreign and usage-less files, and keeps an unknown model unpriced", async () => {
    const bad = join(scratch, "bad");
    await rm(bad, { recursive: true, force: true });
    await mkdir(bad);
    await writeFile(join(bad, "truncated.traj"), (await readFile(TRAJECTORY, "utf8")).slice(0, 700));
    await writeFile(join(bad, "foreign.traj"), JSON.stringify({ hello: "world" }));
    const noStats = JSON.parse(await readFile(TRAJECTORY, "utf8"));
    delete noStats.info.model_stats;
    await writeFile(join(bad, "no-stats.traj"), JSON.stringify(noStats));
    const unknown = JSON.parse(await readFile(TRAJECTORY, "utf8"));
    unknown.replay_config = JSON.stringify({ agent: { model: { name: "acme/secret-model" } }, problem_statement: { id: "unknown-model" } });
    await writeFile(join(bad, "unknown.traj"), JSON.stringify(unknown));
    const { records, stats } = await importAll(bad);
    expect(records.map((record) => [record.sessionId, record.model, record.costPico])).toEqual([["unknown-model", "acme/secret-model", undefined]]);
    expect(records[0]!.reportedCostPico).toBe(77_025_000_000);
    expect(stats.skipped).toEqual({ not_a_trajectory: 1, no_usage: 1, invalid_json: 1 });
    expect(stats.linesUsed + stats.skippedTotal).toBe(stats.linesRead);
  });
});
