import { describe, expect, it } from "vitest";
import { Aggregator, MAIN_AGENT_KEY, NONE_KEY } from "./aggregate.js";
import type { CallRecord } from "./call-record.js";

function record(overrides: Partial<CallRecord>): CallRecord {
  return { id: Math.random().toString(36), timestamp: Date.UTC(2026, 10, 1, 12), source: "test", model: "m", status: "ok", usage: {}, ...overrides };
}

describe("Aggregator", () => {
  const records = [
    record({ sessionId: "s1", usage: { inputNoCache: 10, cacheRead: 100, cacheWrite5m: 3, cacheWrite1h: 4, output: 20, reasoning: 5 }, costPico: 7 }),
    record({ sessionId: "s1", agentId: "agent-a", usage: { inputNoCache: 1, output: 2 }, costPico: 11 }),
    record({ sessionId: "s2", agentId: "agent-a", model: "mystery", usage: { inputNoCache: 5 } }),
    record({ usage: { output: 1 }, costPico: 1, timestamp: Date.UTC(2026, 10, 2, 1) }),
  ];

  it("sums tokens exactly and keeps unpriced calls out of the cost", () => {
    const aggregator = new Aggregator();
    records.forEach((entry) => aggregator.add(entry));
    const { totals, rows } = aggregator.result();
    expect(rows).toEqual([]);
    expect(totals).toMatchObject({
      calls: 4,
      inputTokens: 16,
      cacheReadTokens: 100,
      cacheWriteTokens: 7,
      cacheWrite5mTokens: 3,
      cacheWrite1hTokens: 4,
      outputTokens: 23,
      reasoningTokens: 5,
      // Only the first call reported reasoning apart; the others' 0 is not known to be 0.
      reasoningReportedCalls: 1,
      costPico: 19n,
      unpricedCalls: 1,
      unpricedModels: ["mystery"],
    });
  });

  it("groups by session, with absent values under (none)", () => {
    const aggregator = new Aggregator({ groupBy: "session" });
    records.forEach((entry) => aggregator.add(entry));
    expect(aggregator.result().rows.map((row) => [row.key, row.totals.calls])).toEqual([
      [NONE_KEY, 1],
      ["s1", 2],
      ["s2", 1],
    ]);
  });

  it("keeps each agent of each session apart, naming its parent session", () => {
    const aggregator = new Aggregator({ groupBy: "agent" });
    records.forEach((entry) => aggregator.add(entry));
    expect(aggregator.result().rows.map((row) => [row.key, row.parentSession, row.totals.calls])).toEqual([
      [MAIN_AGENT_KEY, NONE_KEY, 1],
      [MAIN_AGENT_KEY, "s1", 1],
      ["agent-a", "s1", 1],
      ["agent-a", "s2", 1],
    ]);
  });

  it("buckets by day in a time zone and filters by [since, until)", () => {
    const aggregator = new Aggregator({ bucket: "day", timeZone: "Asia/Tokyo", since: Date.UTC(2026, 10, 1), until: Date.UTC(2026, 10, 2, 1) });
    records.forEach((entry) => aggregator.add(entry));
    const { rows, totals } = aggregator.result();
    expect(totals.calls).toBe(3);
    expect(rows.map((row) => row.key)).toEqual(["2026-11-01"]);
  });

  it("combines a bucket with an attribution key", () => {
    const aggregator = new Aggregator({ bucket: "month", groupBy: "model" });
    records.forEach((entry) => aggregator.add(entry));
    expect(aggregator.result().rows.map((row) => row.key)).toEqual(["2026-11 / m", "2026-11 / mystery"]);
  });
});
