import { describe, expect, it } from "vitest";
import type { CallRecord } from "../../core/call-record.js";
import { callColumnNames, recordToValues, rowToRecord } from "./call-columns.js";

/** Every field set, each to a value no other field has, so a value in the wrong column shows. */
const full: CallRecord = {
  id: "id-1",
  timestamp: 1,
  source: "source-1",
  provider: "provider-1",
  model: "model-1",
  servedModel: "served-1",
  requestId: "request-1",
  responseId: "response-1",
  tenantId: "tenant-1",
  userId: "user-1",
  keyId: "key-1",
  project: "project-1",
  sessionId: "session-1",
  runId: "run-1",
  hopId: "hop-1",
  parentHopId: "parent-1",
  agentId: "agent-1",
  agentName: "name-1",
  agentKind: "subagent",
  usage: { inputNoCache: 2, cacheRead: 3, cacheWrite5m: 4, cacheWrite1h: 5, output: 6, reasoning: 7, webSearchRequests: 8 },
  costPico: 9,
  reportedCostPico: 10,
  latencyMs: 11.5,
  ttftMs: 12.5,
  status: "error",
  errorClass: "class-1",
  cacheOutcome: "miss",
  stopReason: "stop-1",
  fingerprints: { systemHash: "s", systemTokens: 13 },
  toolNames: ["tool-1"],
  decision: { vector: { valueUsd: 0.5 }, options: [{ id: "model-2", score: 1 }], chosen: "model-2" },
  tags: { team: "t" },
};

const row = (values: unknown[]) => Object.fromEntries(callColumnNames.map((name, index) => [name, values[index]]));

describe("recordToValues", () => {
  it("writes every field to its own column, in callColumns order", () => {
    const values = recordToValues(full);
    expect(values).toHaveLength(callColumnNames.length);
    expect(rowToRecord(row(values))).toEqual(full);
    expect(row(values)).toMatchObject({ session_id: "session-1", cache_write_1h: 5, ttft_ms: 12.5, tags: '{"team":"t"}' });
  });

  it("stores absent fields as null and keeps zero and empty values", () => {
    const values = recordToValues({ id: "x", timestamp: 0, source: "", model: "m", usage: { output: 0 }, status: "ok", project: "" });
    expect(row(values)).toMatchObject({ timestamp: 0, source: "", project: "", output: 0, input_no_cache: null, fingerprints: null, tags: null });
    expect(values.filter((value) => value === undefined)).toEqual([]);
  });
});
