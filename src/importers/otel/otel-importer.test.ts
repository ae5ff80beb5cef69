import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../../core/call-record.js";
import { ImportStats } from "../../core/importer.js";
import type { ModelPrice, PriceBook } from "../../core/pricing.js";
import { otelImporter } from "./otel-importer.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__");
const AGENT_TRACE = join(FIXTURES, "agent-trace.json");
const LEGACY = join(FIXTURES, "legacy-spans.jsonl");
const TRACE = "5b8efff798038103d269b633813fc60c";

// $3 input, $0.30 cache read, $3.75 cache write, $15 output per million tokens.
const sonnet: ModelPrice = {
  provider: "anthropic",
  model: "claude-sonnet-4-5",
  source: "test",
  base: { input: 3_000_000, cacheRead: 300_000, cacheWrite5m: 3_750_000, output: 15_000_000 },
};
const mini: ModelPrice = { provider: "openai", model: "gpt-4o-mini", source: "test", base: { input: 150_000, output: 600_000 } };
const prices: PriceBook = {
  lookup: (model) => (model.startsWith("claude-sonnet-4-5") ? sonnet : model.startsWith("gpt-4o-mini") ? mini : undefined),
};

async function importAll(path: string): Promise<{ records: CallRecord[]; stats: ImportStats }> {
  const stats = new ImportStats();
  const records: CallRecord[] = [];
  for await (const record of otelImporter.read(await otelImporter.discover(path), { prices, stats })) records.push(record);
  return { records, stats };
}

const scratch = await mkdtemp(join(tmpdir(), "tokenomy-otel-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("otel importer", () => {
  it("detects OTLP JSON exports and nothing else", async () => {
    expect(await otelImporter.discover(FIXTURES)).toEqual([AGENT_TRACE, LEGACY]);
    const other = join(scratch, "config.json");
    await writeFile(other, JSON.stringify({ name: "x", resourceSpans: "mentioned later" }));
    expect(await otelImporter.discover(other)).toEqual([]);
  });

  it("keeps model-call spans, skips the agent span that sums them and spans without usage", async () => {
    const { records, stats } = await importAll(AGENT_TRACE);
    expect(records.map((record) => record.usage)).toEqual([
      { inputNoCache: 114, cacheWrite5m: 4096, output: 310 },
      { inputNoCache: 234, cacheRead: 4096, cacheWrite5m: 1980, output: 145 },
      { inputNoCache: 996, cacheRead: 1024, output: 88, reasoning: 64 },
    ]);
    expect(stats.skipped).toEqual({ aggregate_span: 1, no_usage: 3 });
    expect(stats.linesRead).toBe(7);
    expect(stats.linesUsed + stats.skippedTotal).toBe(stats.linesRead);
  });

  it("maps trace, span, parent span, agent and conversation ids", async () => {
    const { records } = await importAll(AGENT_TRACE);
    expect(records[0]).toMatchObject({
      id: `otel:${TRACE}:a1b2c3d4e5f60718`,
      runId: TRACE,
      hopId: "a1b2c3d4e5f60718",
      parentHopId: "eee19b7ec3c1b174",
      sessionId: "conv_6f1d2a",
      agentId: "agent_triage_01",
      agentName: "support-triage",
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      servedModel: "claude-sonnet-4-5-20250929",
      responseId: "msg_01XFDUDYJgAACzvnptvVoYEL",
      stopReason: "tool_use",
      project: "support-bot",
      latencyMs: 2400,
      timestamp: 1_760_000_000_005,
      status: "ok",
      tags: { operation: "chat", spanName: "chat claude-sonnet-4-5" },
    });
    expect(records[2]).toMatchObject({ parentHopId: "d4e5f60718293a4b", agentId: "agent_refund_07", agentName: "refund-checker" });
    expect(records[0]!.costPico).toBe(114 * 3_000_000 + 4096 * 3_750_000 + 310 * 15_000_000);
    expect(records[2]!.costPico).toBeUndefined();
  });

  it("reads older attribute names, gen_ai.system, and integers given as strings or numbers", async () => {
    const { records } = await importAll(LEGACY);
    expect(records.map((record) => [record.provider, record.model, record.usage])).toEqual([
      ["openai", "gpt-4o-mini", { inputNoCache: 1200, output: 210 }],
      ["openai", "gpt-4o-mini", { inputNoCache: 980, output: 144 }],
    ]);
    expect(records[0]!.costPico).toBe(1200 * 150_000 + 210 * 600_000);
  });

  it("keeps a standalone agent span whose model calls were not exported", async () => {
    const document = JSON.parse(await readFile(AGENT_TRACE, "utf8"));
    const spans = document.resourceSpans[0].scopeSpans[0].spans;
    document.resourceSpans[0].scopeSpans[0].spans = spans.filter((span: { name: string }) => span.name.startsWith("invoke_agent"));
    const lone = join(scratch, "agent-only.json");
    await writeFile(lone, JSON.stringify(document, null, 2));
    const { records } = await importAll(lone);
    expect(records.map((record) => record.usage)).toEqual([{ inputNoCache: 12540, output: 543 }]);
  });

  it("counts bad documents, resent spans and broken spans without losing the rest", async () => {
    const legacy = (await readFile(LEGACY, "utf8")).trim().split("\n");
    const noSpanId = legacy[0]!.replace('"spanId":"00f067aa0ba902b7",', "");
    const noStart = legacy[1]!.replace(/"startTimeUnixNano":"\d+",/, "");
    const bad = join(scratch, "bad.jsonl");
    await writeFile(bad, [legacy[0], "{not json", legacy[0], '{"resourceSpans":[]}', noSpanId, noStart, legacy[1]!.slice(0, 120)].join("\n"));
    const { records, stats } = await importAll(bad);
    expect(records).toHaveLength(1);
    expect(stats.skipped).toEqual({ invalid_json: 2, duplicate: 1, no_spans: 1, missing_span_id: 1, missing_timestamp: 1 });
    expect(stats.linesUsed + stats.skippedTotal).toBe(stats.linesRead);
  });

  it("yields the same ids on a second import", async () => {
    const first = await importAll(FIXTURES);
    const second = await importAll(FIXTURES);
    expect(second.records.map((record) => record.id)).toEqual(first.records.map((record) => record.id));
    expect(first.records).toHaveLength(5);
  });
});
