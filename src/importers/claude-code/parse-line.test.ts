import { describe, expect, it } from "vitest";
import { classifyClaudeLine } from "./classify-line.js";
import { parseClaudeLine, parseClaudeLineBytes } from "./parse-line.js";
import { asImporterSees, sharedLines } from "./test-helpers.js";

function bytesOf(text: string): [Buffer, number, number] {
  const padded = Buffer.from(`xx${text}yy`);
  return [padded, 2, padded.length - 2];
}

describe("parseClaudeLineBytes", () => {
  it("reads every real line from bytes as from text, finding 666 usage lines", () => {
    const lines = sharedLines();
    expect(lines.length).toBe(3737);
    let usageLines = 0;
    for (const line of lines) {
      const parsed = parseClaudeLineBytes(...bytesOf(line));
      expect(asImporterSees(parsed)).toEqual(asImporterSees(parseClaudeLine(line)));
      if ("line" in parsed) usageLines += 1;
    }
    expect(usageLines).toBe(666);
  });

  it("reads only the top-level message's usage, whatever else carries a usage key", () => {
    const lines = [
      '{"message":{"model":"claude-x","id":"msg_2","content":[],"usage":{"input_tokens":1}},"type":"assistant","extra":{"usage":{"input_tokens":99}},"timestamp":"2026-01-01T00:00:00Z"}',
      '{"message":{"role":"user","content":"x"},"type":"user","toolUseResult":{"usage":{"input_tokens":5}},"timestamp":"2026-01-01T00:00:00Z"}',
      '{"type":"progress","data":{"message":{"message":{"model":"claude-x","usage":{"input_tokens":5}}}},"timestamp":"2026-01-01T00:00:00Z"}',
      '{"message":{"model":"claude-x","id":"msg_3","content":[{"text":"a"]]],"usage":{"input_tokens":1}},"type":"assistant","timestamp":"2026-01-01T00:00:00Z"}',
    ];
    expect(lines.map((line) => parseClaudeLineBytes(...bytesOf(line)))).toEqual([
      { line: expect.objectContaining({ messageId: "msg_2", usage: { input_tokens: 1 } }) },
      { skip: "no_usage" },
      { skip: "no_usage" },
      { skip: "invalid_json" },
    ]);
  });
});

describe("classifyClaudeLine", () => {
  const classify = (text: string) => classifyClaudeLine(...bytesOf(text));

  it("skips lines whose top-level type never carries usage, without decoding them", () => {
    expect(classify('{"parentUuid":null,"type":"user","message":{"role":"user"}}')).toBe("no_usage");
    expect(classify('{"a":"b","type":"progress","data":{"message":{"usage":{}}}}')).toBe("no_usage");
    expect(classify('{"subtype":"x","type":"system","content":"y"}')).toBe("no_usage");
  });

  it("leaves everything uncertain to the parser", () => {
    expect(classify('{"message":{"type":"message","usage":{}},"type":"assistant"}')).toBeUndefined();
    expect(classify('{"nested":{"type":"user"},"type":"assistant"}')).toBeUndefined();
    expect(classify('{"type":"user","message":{"role":"user"')).toBeUndefined();
    expect(classify('{"type":"assistant","message":{}}')).toBeUndefined();
    expect(classify('{"subtype":"user","message":{"usage":{}}}')).toBeUndefined();
  });
});

describe("parseClaudeLineBytes and non-ASCII text", () => {
  it("keeps ids and model names exact when they are not ASCII, and garbles nothing it keeps", () => {
    const line = (model: string) =>
      JSON.stringify({ type: "assistant", timestamp: "2026-01-01T00:00:00Z", requestId: "req_1", message: { model, id: "msg_1", content: [{ type: "text", text: "héllo → 世界" }], usage: { input_tokens: 1 } } });
    expect(parseClaudeLineBytes(...bytesOf(line("claude-x")))).toMatchObject({ line: { model: "claude-x" } });
    expect(parseClaudeLineBytes(...bytesOf(line("modèle-é")))).toMatchObject({ line: { model: "modèle-é" } });
  });
});
