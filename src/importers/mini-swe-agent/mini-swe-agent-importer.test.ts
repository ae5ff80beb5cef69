import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../../core/call-record.js";
import { ImportStats } from "../../core/importer.js";
import { usdToPico } from "../../core/money.js";
import { createPriceBook } from "../../pricing/price-book.js";
import { miniSweAgentImporter } from "./mini-swe-agent-importer.js";

const TRAJECTORIES = resolve(import.meta.dirname, "../../../../shared/data/mini-swe-agent/trajs");
const prices = createPriceBook({ overrides: false, userCatalog: false });

async function importAll(path: string): Promise<{ records: CallRecord[]; stats: ImportStats }> {
  const stats = new ImportStats();
  const records: CallRecord[] = [];
  for await (const record of miniSweAgentImporter.read(await miniSweAgentImporter.discover(path), { prices, stats })) records.push(record);
  return { records, stats };
}

interface Expected {
  calls: number;
  inputNoCache: number;
  cacheRead: number;
  output: number;
  reasoning: number;
  callCostsPico: bigint[];
  instanceCostPico: bigint;
}

/**
 * Totals read straight from the JSON, without the importer: prompt tokens include cached ones;
 * completion tokens include reasoning, except through the Portkey gateway (model_type
 * PortkeyModel), where Gemini's thoughts are reported apart from the completion.
 */
function expectedTotals(file: string): Expected {
  const trajectory = JSON.parse(readFileSync(join(TRAJECTORIES, file), "utf8"));
  const reasoningApart = String(trajectory.info.config.model_type).endsWith("PortkeyModel");
  const expected: Expected = { calls: 0, inputNoCache: 0, cacheRead: 0, output: 0, reasoning: 0, callCostsPico: [], instanceCostPico: usdToPico(trajectory.info.model_stats.instance_cost) };
  for (const message of trajectory.messages) {
    if (message.role !== "assistant") continue;
    const usage = message.extra.response.usage;
    const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
    const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
    expected.calls += 1;
    expected.inputNoCache += usage.prompt_tokens - cached;
    expected.cacheRead += cached;
    expected.output += usage.completion_tokens + (reasoningApart ? reasoning : 0);
    expected.reasoning += reasoning;
    expected.callCostsPico.push(usdToPico(usage.cost ?? message.extra.cost));
  }
  return expected;
}

const files = readdirSync(TRAJECTORIES).filter((name) => name.endsWith(".traj.json")).sort();
const all = await importAll(TRAJECTORIES);
const scratch = await mkdtemp(join(tmpdir(), "tokenomy-mini-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("mini-swe-agent importer on the shared trajectories", () => {
  it("finds all 40 trajectories and uses every assistant message", () => {
    expect(files).toHaveLength(40);
    expect(all.stats.files).toBe(40);
    expect(all.stats.linesRead).toBe(1501);
    expect(all.stats.linesUsed).toBe(1501);
    expect(all.stats.skipped).toEqual({});
  });

  it("matches the token totals of every trajectory exactly", () => {
    for (const file of files) {
      const instance = file.replace(/\.traj\.json$/, "");
      const expected = expectedTotals(file);
      const records = all.records.filter((record) => record.sessionId === instance);
      const sum = (pick: (record: CallRecord) => number | undefined) => records.reduce((total, record) => total + (pick(record) ?? 0), 0);
      expect({
        calls: records.length,
        inputNoCache: sum((record) => record.usage.inputNoCache),
        cacheRead: sum((record) => record.usage.cacheRead),
        output: sum((record) => record.usage.output),
        reasoning: sum((record) => record.usage.reasoning),
      }, instance).toEqual({ calls: expected.calls, inputNoCache: expected.inputNoCache, cacheRead: expected.cacheRead, output: expected.output, reasoning: expected.reasoning });
    }
  });

  it("matches the grand totals computed once by hand from the JSON", () => {
    const sum = (pick: (record: CallRecord) => number | undefined) => all.records.reduce((total, record) => total + (pick(record) ?? 0), 0);
    expect(all.records).toHaveLength(1501);
    expect(sum((record) => record.usage.inputNoCache)).toBe(4_090_995);
    expect(sum((record) => record.usage.cacheRead)).toBe(16_917_116);
    expect(sum((record) => record.usage.output)).toBe(416_125);
    expect(sum((record) => record.usage.reasoning)).toBe(8_642);
  });

  it("keeps each call's reported cost, and they sum exactly to the trajectory's instance_cost", () => {
    // instance_cost is a float sum in the data (0.23051419999999997 for 0.2305142); its error is
    // below 1e-15 USD, so rounded to whole picodollars it equals the exact decimal sum.
    for (const file of files) {
      const instance = file.replace(/\.traj\.json$/, "");
      const expected = expectedTotals(file);
      const records = all.records.filter((record) => record.sessionId === instance);
      expect(records.map((record) => BigInt(record.reportedCostPico!)), instance).toEqual(expected.callCostsPico);
      const total = records.reduce((sum, record) => sum + BigInt(record.reportedCostPico!), 0n);
      expect(total, instance).toBe(expected.instanceCostPico);
    }
  });

  it("prices every call from the catalog: exactly OpenRouter's bill, and the agent's own estimate explained", () => {
    expect(all.records.every((record) => record.costPico !== undefined)).toBe(true);
    expect(new Set(all.records.map((record) => record.model))).toEqual(new Set(["google/gemini-3-pro-preview", "gemini-3-pro-preview"]));
    const openRouter = all.records.filter((record) => record.tags?.costSource === "provider");
    expect(openRouter).toHaveLength(1452);
    expect(openRouter.filter((record) => record.costPico !== record.reportedCostPico)).toEqual([]);
    // The Portkey runs carry mini-swe-agent's own LiteLLM estimate, which bills cache reads at
    // $0.125/M (Google lists $0.20/M) and leaves Gemini's thoughts ($12/M) out.
    const agent = all.records.filter((record) => record.tags?.costSource === "agent");
    expect(agent).toHaveLength(49);
    for (const record of agent) {
      const gap = (record.usage.reasoning ?? 0) * 12_000_000 + (record.usage.cacheRead ?? 0) * 75_000;
      expect(record.costPico! - record.reportedCostPico!, record.id).toBe(gap);
    }
  });

  it("attributes calls to the instance and keeps stable ids", async () => {
    const first = all.records[0]!;
    expect(first).toMatchObject({
      id: "mini-swe-agent:astropy__astropy-12907:0",
      sessionId: "astropy__astropy-12907",
      source: "mini-swe-agent",
      provider: "google",
      responseId: "gen-1763510516-q2qLQlCJZ4rY0grQoaXv",
      timestamp: 1_763_510_516_000,
      usage: { inputNoCache: 1662, cacheRead: 0, output: 106, reasoning: 68 },
      reportedCostPico: 4_596_000_000,
      tags: { costSource: "provider", gateway: "OpenRouterModel", exitStatus: "Submitted" },
    });
    const again = await importAll(join(TRAJECTORIES, files[0]!));
    expect(again.records.map((record) => record.id)).toEqual(all.records.filter((record) => record.sessionId === "astropy__astropy-12907").map((record) => record.id));
  });

  it("counts Gemini thoughts reported apart from the completion as output (Portkey trajectories)", () => {
    const portkey = all.records.filter((record) => record.sessionId === "django__django-12143");
    expect(portkey[0]!.usage).toEqual({ inputNoCache: 1963, cacheRead: 0, output: 283, reasoning: 244 });
    expect(portkey[0]!.tags).toMatchObject({ costSource: "agent", gateway: "PortkeyModel", reasoningOutsideCompletion: "true" });
  });
});

describe("mini-swe-agent importer on bad input", () => {
  it("counts unreadable files and calls without usage, and keeps an unknown model unpriced", async () => {
    const good = JSON.parse(readFileSync(join(TRAJECTORIES, files[0]!), "utf8"));
    const assistant = good.messages.find((message: { role: string }) => message.role === "assistant");
    const unknown = structuredClone(assistant);
    unknown.extra.response.model = "acme/unreleased-model";
    const noUsage = structuredClone(assistant);
    delete noUsage.extra.response.usage;
    const noTime = structuredClone(assistant);
    delete noTime.extra.response.created;
    await writeFile(join(scratch, "mixed.traj.json"), JSON.stringify({ ...good, instance_id: "mixed", messages: [good.messages[0], unknown, noUsage, noTime] }));
    await writeFile(join(scratch, "truncated.traj.json"), readFileSync(join(TRAJECTORIES, files[0]!), "utf8").slice(0, 5000));
    await writeFile(join(scratch, "other.traj.json"), JSON.stringify({ history: [] }));
    const { records, stats } = await importAll(scratch);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ model: "acme/unreleased-model", sessionId: "mixed" });
    expect(records[0]!.costPico).toBeUndefined();
    expect(records[0]!.reportedCostPico).toBe(4_596_000_000);
    expect(stats.skipped).toEqual({ no_usage: 1, missing_timestamp: 1, invalid_json: 1, not_a_trajectory: 1 });
    expect(stats.linesUsed + stats.skippedTotal).toBe(stats.linesRead);
  });
});
