import { describe, expect, it } from "vitest";
import type { CallRecord } from "../core/call-record.js";
import { decodeRecords, encodeRecords, transferList } from "./record-batch-codec.js";

/** Encodes, moves through a structured clone with the typed arrays transferred (as postMessage does), decodes. */
function roundTrip(records: CallRecord[]): CallRecord[] {
  const batch = encodeRecords(records);
  return decodeRecords(structuredClone(batch, { transfer: transferList(batch) }));
}

const full: CallRecord = {
  id: "019aa3c2-7f10-7000-9b1c-4e2f0a6d8c11",
  timestamp: 1_795_363_314_000,
  source: "gateway",
  provider: "openai",
  model: "gpt-4o-mini",
  servedModel: "gpt-4o-mini-2024-07-18",
  requestId: "019aa3c2-7f10-7000-9b1c-4e2f0a6d8c11",
  responseId: "chatcmpl-6oC6uwascWJGL74gqlXML7Yk9Pdla",
  tenantId: "t1",
  userId: "u1",
  keyId: "k1",
  project: "p",
  sessionId: "s1",
  runId: "r1",
  hopId: "h2",
  parentHopId: "h1",
  agentId: "a1",
  agentName: "reviewer",
  agentKind: "subagent",
  usage: { inputNoCache: 86, cacheRead: 1920, cacheWrite5m: 0, cacheWrite1h: 7, output: 300, reasoning: 256, webSearchRequests: 1 },
  costPico: 9_007_199_254_740_991,
  reportedCostPico: 0,
  latencyMs: 12.345678901234,
  ttftMs: 0.5,
  status: "cut",
  errorClass: "client_closed",
  cacheOutcome: "miss",
  stopReason: "tool_calls",
  fingerprints: { systemHash: "abcdef0123456789", systemTokens: 4, toolsHash: "0123", toolsTokens: 0, prefixHash: "9876", prefixTokens: 12 },
  toolNames: ["search", "read_file"],
  decision: { vector: { valueUsd: 0.01, latencyUsdPerSecond: 0, riskUsd: 2 }, options: [{ id: "gpt-4o", score: -0.5 }], chosen: "gpt-4o-mini", expostBest: "gpt-4o" },
  tags: { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", team: "search" },
};

describe("record batch codec", () => {
  it("carries every field of a record, nested ones included", () => {
    expect(roundTrip([full])).toStrictEqual([full]);
  });

  it("keeps absent fields absent and zeros, empty strings and empty objects as they are", () => {
    const minimal: CallRecord = { id: "r1", timestamp: 0, source: "gateway", model: "", usage: {}, status: "ok" };
    const zeros: CallRecord = {
      ...minimal,
      id: "r2",
      usage: { inputNoCache: 0, output: 0 },
      costPico: 0,
      fingerprints: {},
      decision: { vector: {}, options: [], chosen: "m" },
      tags: {},
    };
    expect(roundTrip([minimal, zeros, full, minimal])).toStrictEqual([minimal, zeros, full, minimal]);
  });

  it("sends a text that repeats across a batch once", () => {
    const records = Array.from({ length: 100 }, (_, index): CallRecord => ({ ...full, id: `r${index}`, requestId: `r${index}` }));
    const batch = encodeRecords(records);
    expect(batch.strings.filter((text) => text === "reviewer")).toHaveLength(1);
    expect(decodeRecords(batch)).toStrictEqual(records);
  });

  it("encodes an empty batch", () => {
    expect(roundTrip([])).toStrictEqual([]);
  });
});
