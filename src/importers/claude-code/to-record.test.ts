import { describe, expect, it } from "vitest";
import type { ModelPrice, PriceBook } from "../../core/pricing.js";
import type { ClaudeUsageLine } from "./parse-line.js";
import { describeFile } from "./paths.js";
import { dedupKey, scanCall, toCallRecord } from "./to-record.js";

const line: ClaudeUsageLine = {
  messageId: "msg_1",
  requestId: "req_1",
  model: "claude-x",
  timestamp: Date.UTC(2026, 1, 12, 23, 59),
  usage: { input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 50, cache_creation: { ephemeral_5m_input_tokens: 20, ephemeral_1h_input_tokens: 30 }, output_tokens: 7 },
  isSidechain: false,
};
const file = describeFile("/p/-proj/s1/subagents/agent-a1.jsonl");

describe("toCallRecord", () => {
  it("prices at the price in effect on the call's UTC day, and keeps the cache-write split", () => {
    const days: (string | undefined)[] = [];
    const book = {
      lookup(model: string, _provider?: string, options?: { at?: string }): ModelPrice | undefined {
        days.push(options?.at);
        const input = options?.at! < "2026-03-01" ? 1_000_000 : 2_000_000;
        return { provider: "anthropic", model, source: "test", base: { input, output: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 } };
      },
    } satisfies PriceBook;
    const record = toCallRecord(scanCall(line, file, 0), file, book);
    expect(days).toEqual(["2026-02-12"]);
    expect(record.costPico).toBe(10 * 1_000_000);
    expect(record.usage).toEqual({ inputNoCache: 10, cacheRead: 100, cacheWrite5m: 20, cacheWrite1h: 30, output: 7 });
    expect(record).toMatchObject({ id: "claude-code:msg_1:req_1", sessionId: "s1", agentId: "a1", agentKind: "subagent", requestId: "req_1", responseId: "msg_1" });
  });

  it("leaves an unknown model unpriced", () => {
    const record = toCallRecord(scanCall(line, file, 0), file, { lookup: () => undefined });
    expect(record.costPico).toBeUndefined();
    expect("costPico" in record).toBe(false);
  });
});

describe("scanCall", () => {
  it("names a record without a message id by its uuid, else by agent and byte offset", () => {
    expect(scanCall({ ...line, messageId: undefined, uuid: "u-9" }, file, 77).identity).toBe("s1:u-9");
    expect(scanCall({ ...line, messageId: undefined }, file, 77).identity).toBe("s1:a1@77");
    expect(scanCall({ ...line, isSidechain: true }, file, 0)).toMatchObject({ preferred: false, tokens: 167 });
  });
});

describe("dedupKey", () => {
  it("is (message id, request id) when both exist; otherwise per session, and per timestamp for non-msg_ ids", () => {
    expect(dedupKey(line, file)).toBe("msg_1\u0000req_1");
    const noRequest = { ...line, requestId: undefined };
    expect(dedupKey(noRequest, file)).toBe("msg_1\u0000\u0000s1\u0000");
    expect(dedupKey({ ...noRequest, messageId: "gw-1" }, file)).toBe(`gw-1\u0000\u0000s1\u0000${line.timestamp}`);
    expect(dedupKey({ ...line, messageId: undefined }, file)).toBeUndefined();
  });
});
