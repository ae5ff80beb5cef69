import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../../core/call-record.js";
import { ImportStats } from "../../core/importer.js";
import type { ModelPrice, PriceBook } from "../../core/pricing.js";
import { createPriceBook } from "../../pricing/price-book.js";
import { withDiscoveryCache } from "../shared/list-files.js";
import { liteLLMImporter } from "./litellm-importer.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__");
const JSON_EXPORT = join(FIXTURES, "spend-logs.json");
const CSV_EXPORT = join(FIXTURES, "spend-logs.csv");

// List prices per million tokens: gpt-4o $2.50 / $1.25 cached / $10; Sonnet 4.5 $3 / $0.30 read /
// $3.75 5m write / $6 1h write / $15; text-embedding-3-small $0.02.
const book: Record<string, ModelPrice> = {
  "gpt-4o-2024-08-06": { provider: "openai", model: "gpt-4o", source: "test", base: { input: 2_500_000, cacheRead: 1_250_000, output: 10_000_000 } },
  "claude-sonnet-4-5-20250929": {
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    source: "test",
    base: { input: 3_000_000, cacheRead: 300_000, cacheWrite5m: 3_750_000, cacheWrite1h: 6_000_000, output: 15_000_000 },
  },
  "text-embedding-3-small": { provider: "openai", model: "text-embedding-3-small", source: "test", base: { input: 20_000, output: 0 } },
};
const prices: PriceBook = { lookup: (model) => book[model] };

async function importAll(path: string, priceBook: PriceBook = prices): Promise<{ records: CallRecord[]; stats: ImportStats }> {
  const stats = new ImportStats();
  const records: CallRecord[] = [];
  for await (const record of liteLLMImporter.read(await liteLLMImporter.discover(path), { prices: priceBook, stats })) records.push(record);
  return { records, stats };
}

const scratch = await mkdtemp(join(tmpdir(), "tokenomy-litellm-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("litellm importer", () => {
  it("detects JSON and CSV spend-log exports, and not other JSON or CSV", async () => {
    expect(await liteLLMImporter.discover(FIXTURES)).toEqual([CSV_EXPORT, JSON_EXPORT]);
    await writeFile(join(scratch, "prices.csv"), "model,input,output\ngpt-4o,2.5,10\n");
    await writeFile(join(scratch, "trace.json"), '{"resourceSpans":[]}');
    expect(await liteLLMImporter.discover(scratch)).toEqual([]);
  });

  it("reads a JSON array export: usage from usage_object, spend as the reported cost", async () => {
    const { records, stats } = await importAll(JSON_EXPORT);
    expect(records.map((record) => record.usage)).toEqual([
      { inputNoCache: 86, cacheRead: 1920, output: 300, reasoning: 0 },
      { inputNoCache: 12, cacheRead: 9000, cacheWrite5m: 2000, cacheWrite1h: 1000, output: 450, reasoning: 0 },
      { inputNoCache: 812, output: 0 },
      { inputNoCache: 0, output: 0 },
      { inputNoCache: 5000, output: 700 },
    ]);
    expect(records.map((record) => record.reportedCostPico)).toEqual([5_615_000_000, 22_986_000_000, 16_240_000, 0, 0]);
    // The catalog cost agrees with what LiteLLM charged for every priced row.
    expect(records.slice(0, 4).map((record) => record.costPico)).toEqual([5_615_000_000, 22_986_000_000, 16_240_000, 0]);
    expect(records[4]!.costPico).toBeUndefined();
    expect(stats).toMatchObject({ files: 1, linesRead: 5, linesUsed: 5, skipped: {} });
  });

  it("keeps attribution, timing and status", async () => {
    const { records } = await importAll(JSON_EXPORT);
    expect(records[1]).toMatchObject({
      id: "litellm:chatcmpl-3f1e9a0c-5b7d-4a61-9c2e-8d4b6f0a1e27",
      requestId: "chatcmpl-3f1e9a0c-5b7d-4a61-9c2e-8d4b6f0a1e27",
      source: "litellm",
      provider: "anthropic",
      model: "claude-sonnet-4-5-20250929",
      keyId: "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
      userId: "u-7f3a",
      tenantId: "team-platform",
      sessionId: "sess-2025-10-14-a",
      agentId: "agent-planner",
      timestamp: Date.parse("2025-10-14T08:32:10.004Z"),
      latencyMs: 11546,
      ttftMs: 1866,
      status: "ok",
      tags: { callType: "acompletion", modelGroup: "claude-sonnet", endUser: "customer-118", cacheHit: "False" },
    });
    expect(records[3]!.status).toBe("error");
  });

  it("reads a PostgreSQL CSV export (zone-less UTC times, metadata as JSON text) and drops rows already imported", async () => {
    const { records, stats } = await importAll(FIXTURES);
    expect(records).toHaveLength(7);
    expect(stats.skipped).toEqual({ duplicate: 1 });
    const fromCsv = records.filter((record) => record.timestamp >= Date.parse("2025-10-15T00:00:00Z"));
    expect(fromCsv.map((record) => [record.timestamp, record.usage])).toEqual([
      [Date.parse("2025-10-15T09:00:00Z"), { inputNoCache: 12, cacheRead: 9000, cacheWrite5m: 2000, cacheWrite1h: 1000, output: 450, reasoning: 0 }],
      [Date.parse("2025-10-15T09:01:00Z"), { inputNoCache: 812, output: 0 }],
    ]);
    expect(fromCsv.map((record) => record.reportedCostPico)).toEqual([22_986_000_000, 16_240_000]);
    expect(fromCsv[0]!.latencyMs).toBe(9120);
  });

  it("yields the same ids on a second import", async () => {
    const first = await importAll(FIXTURES);
    const second = await importAll(FIXTURES);
    expect(second.records.map((record) => record.id)).toEqual(first.records.map((record) => record.id));
  });

  it("prices the rows from the shipped catalog the way LiteLLM charged them", async () => {
    const { records } = await importAll(JSON_EXPORT, createPriceBook({ overrides: false, userCatalog: false }));
    expect(records.slice(0, 3).map((record) => record.costPico)).toEqual(records.slice(0, 3).map((record) => record.reportedCostPico));
    expect(records[4]!.costPico).toBeUndefined();
  });

  it("counts bad rows by reason without losing the good ones", async () => {
    const rows = JSON.parse(await readFile(JSON_EXPORT, "utf8"));
    const noId = { ...rows[0], request_id: "" };
    const noTime = { ...rows[1], request_id: "r-no-time", startTime: null };
    const badMetadata = { ...rows[2], request_id: "r-bad-metadata", metadata: "{not json" };
    const noTokens = { request_id: "r-empty", startTime: "2025-10-14T09:00:00Z", model: "gpt-4o", spend: 0 };
    const arrayFile = join(scratch, "bad.json");
    const good = JSON.stringify(rows[0]);
    await writeFile(arrayFile, `[${[good, JSON.stringify(noId), JSON.stringify(noTime), JSON.stringify(badMetadata), JSON.stringify(noTokens), '{"request_id": "x", "spend": 1,,}', good.slice(0, 200)].join(",\n")}`);
    const { records, stats } = await importAll(arrayFile);
    expect(records).toHaveLength(1);
    expect(stats.skipped).toEqual({ missing_request_id: 1, missing_timestamp: 1, invalid_metadata: 1, no_usage: 1, invalid_json: 1, truncated_entry: 1 });
    expect(stats.linesUsed + stats.skippedTotal).toBe(stats.linesRead);

    const csvFile = join(scratch, "bad.csv");
    const csv = (await readFile(CSV_EXPORT, "utf8")).trimEnd().split("\n");
    await writeFile(csvFile, [csv[0], csv[1], 'x,"unterminated', csv[2]!.slice(0, 60)].join("\n"));
    const fromCsv = await importAll(csvFile);
    expect(fromCsv.records).toHaveLength(1);
    expect(fromCsv.stats.linesUsed + fromCsv.stats.skippedTotal).toBe(fromCsv.stats.linesRead);
    expect(fromCsv.stats.skippedTotal).toBeGreaterThan(0);
  });

  it("counts a file deleted between discovery and reading as file_vanished, in every format, and reads the others", async () => {
    const rows = JSON.parse(await readFile(JSON_EXPORT, "utf8"));
    const directory = join(scratch, "vanishing");
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, "kept.json"), JSON.stringify(rows.slice(0, 1)));
    await writeFile(join(directory, "gone.json"), JSON.stringify(rows.slice(1, 2)));
    await writeFile(join(directory, "gone.jsonl"), `${JSON.stringify(rows[2])}\n`);
    await writeFile(join(directory, "gone.csv"), await readFile(CSV_EXPORT, "utf8"));
    // Within one discovery, as a report runs: the files' heads, and so their formats, are known.
    const { records, stats } = await withDiscoveryCache(async () => {
      const files = await liteLLMImporter.discover(directory);
      expect(files).toHaveLength(4);
      for (const name of ["gone.json", "gone.jsonl", "gone.csv"]) await rm(join(directory, name));
      const stats = new ImportStats();
      const records: CallRecord[] = [];
      for await (const record of liteLLMImporter.read(files, { prices, stats })) records.push(record);
      return { records, stats };
    });
    expect(records).toHaveLength(1);
    expect(stats.skipped).toEqual({ file_vanished: 3 });
  });

  it("reads JSONL rows and pages of the spend-logs API", async () => {
    const rows = JSON.parse(await readFile(JSON_EXPORT, "utf8"));
    const file = join(scratch, "spend.jsonl");
    await writeFile(file, `${JSON.stringify(rows[0])}\n${JSON.stringify({ data: rows.slice(1, 3), total: 2, page: 1 })}\n`);
    const { records, stats } = await importAll(file);
    expect(records).toHaveLength(3);
    expect(stats.linesUsed).toBe(3);
  });
});
