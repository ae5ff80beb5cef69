import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { messagesAdapter } from "./anthropic/messages-adapter.js";
import { chatCompletionsAdapter } from "./openai/chat-adapter.js";
import { responsesAdapter } from "./openai/responses-adapter.js";
import type { ApiAdapter, StreamMeter } from "./response-facts.js";
import { parseSseEvent, SseSplitter } from "./sse-splitter.js";

// Recorded real streams (the official SDKs' test snapshots), kept by the emulator.
const fixtures = join(import.meta.dirname, "../emulator/__fixtures__");
const read = (path: string) => readFileSync(join(fixtures, path));

/** Feeds a stream in chunks of awkward sizes (splitting events, lines and UTF-8) and returns what the client would get. */
function feed(meter: StreamMeter, bytes: Buffer, sizes: number[]): string {
  const out: Buffer[] = [];
  let offset = 0;
  let turn = 0;
  while (offset < bytes.length) {
    const size = sizes[turn++ % sizes.length]!;
    const piece = meter.push(bytes.subarray(offset, offset + size));
    out.push(typeof piece === "string" ? Buffer.from(piece) : piece);
    offset += size;
  }
  out.push(Buffer.from(meter.finish()));
  return Buffer.concat(out).toString("utf8");
}

function meter(adapter: ApiAdapter, hideUsage = false): StreamMeter {
  return adapter.createStreamMeter({ hideUsage });
}

describe("SSE splitting", () => {
  it("finds whole events across chunk boundaries and CRLF line endings", () => {
    const splitter = new SseSplitter();
    const events: string[] = [];
    for (const piece of ["event: a\r\nda", "ta: 1\r\n\r", "\n", "data: 2\n\ndata: 3"]) splitter.push(piece, (raw) => events.push(raw));
    expect(events).toEqual(["event: a\ndata: 1", "data: 2"]);
    expect(splitter.rest()).toBe("data: 3");
    expect(parseSseEvent("event: x\ndata: a\ndata: b\n: comment")).toEqual({ event: "x", data: "a\nb" });
  });
});

describe("stream meters on recorded streams", () => {
  const chat = read("openai/chat-completion-stream.sse");

  for (const sizes of [[1], [7, 13], [4096]]) {
    it(`chat completions, chunks of ${sizes.join("/")} bytes: usage, ids, stop reason; bytes unchanged`, () => {
      const chatMeter = meter(chatCompletionsAdapter);
      expect(feed(chatMeter, chat, sizes)).toBe(chat.toString("utf8"));
      expect(chatMeter.complete).toBe(true);
      expect(chatMeter.facts).toMatchObject({
        usage: { inputNoCache: 71, output: 10 },
        usageReported: true,
        responseId: "chatcmpl-9rnyXoOvZN6Ec33DKStiqSdEB76Ba",
        servedModel: "gpt-4o-so",
        stopReason: "stop",
      });
    });
  }

  it("chat completions: hides the usage-only chunk from a client that did not ask for it", () => {
    const chatMeter = meter(chatCompletionsAdapter, true);
    const forwarded = feed(chatMeter, chat, [11]);
    expect(forwarded).not.toContain('"usage":{');
    expect(forwarded).toContain("data: [DONE]");
    expect(forwarded.split("\n\n").length).toBe(chat.toString("utf8").split("\n\n").length - 1);
    expect(chatMeter.facts.usage).toEqual({ inputNoCache: 71, output: 10 });
  });

  it("chat completions: asks upstream for usage without dropping the client's stream options", () => {
    const body: Record<string, unknown> = { stream: true, stream_options: { include_obfuscation: false } };
    expect(chatCompletionsAdapter.prepareStream(body)).toEqual({ changed: true, hideUsage: true });
    expect(body.stream_options).toEqual({ include_obfuscation: false, include_usage: true });
    expect(chatCompletionsAdapter.prepareStream({ stream_options: { include_usage: true } })).toEqual({ changed: false, hideUsage: false });
  });

  it("anthropic messages: usage from message_start and message_delta, tool names", () => {
    const bytes = read("anthropic/stream-tool-use.sse");
    const messagesMeter = meter(messagesAdapter);
    expect(feed(messagesMeter, bytes, [5, 17])).toBe(bytes.toString("utf8"));
    expect(messagesMeter.complete).toBe(true);
    expect(messagesMeter.facts).toMatchObject({
      usage: { inputNoCache: 377, cacheRead: 0, cacheWrite5m: 0, output: 65 },
      responseId: "msg_019Q1hrJbZG26Fb9BQhrkHEr",
      stopReason: "tool_use",
      toolNames: ["get_weather"],
    });
  });

  it("responses: usage from response.completed", () => {
    const bytes = read("openai/response-stream.sse");
    const responsesMeter = meter(responsesAdapter);
    feed(responsesMeter, bytes, [9]);
    const completed = bytes
      .toString("utf8")
      .split("\n\n")
      .map(parseSseEvent)
      .find((event) => event.event === "response.completed" || event.data.includes('"response.completed"'))!;
    const usage = JSON.parse(completed.data).response.usage;
    expect(responsesMeter.complete).toBe(true);
    expect(responsesMeter.facts.usage.output).toBe(usage.output_tokens);
    expect(responsesMeter.facts.usageReported).toBe(true);
  });

  it("a stream cut halfway is not complete and keeps what was reported", () => {
    const bytes = read("anthropic/stream-text.sse");
    const messagesMeter = meter(messagesAdapter);
    feed(messagesMeter, bytes.subarray(0, Math.floor(bytes.length / 2)), [64]);
    expect(messagesMeter.complete).toBe(false);
    expect(messagesMeter.facts.usage.inputNoCache).toBeGreaterThan(0);
  });
});

describe("whole responses", () => {
  it("reads recorded chat, responses and messages bodies", () => {
    const chatBody = JSON.parse(read("openai/chat-completion.json").toString());
    expect(chatCompletionsAdapter.readResponse(chatBody).usageReported).toBe(true);
    const messageBody = JSON.parse(read("anthropic/message-tool-use.json").toString());
    expect(messagesAdapter.readResponse(messageBody).toolNames.length).toBeGreaterThan(0);
    const responseBody = JSON.parse(read("openai/response.json").toString());
    expect(responsesAdapter.readResponse(responseBody).usage.output).toBe(responseBody.usage.output_tokens);
  });

  it("finds system prompts and output caps per API", () => {
    expect(chatCompletionsAdapter.systemText({ messages: [{ role: "developer", content: [{ type: "text", text: "a" }] }, { role: "user", content: "b" }] })).toBe("a");
    expect(messagesAdapter.systemText({ system: [{ type: "text", text: "s1" }, { type: "text", text: "s2" }] })).toBe("s1s2");
    expect(responsesAdapter.systemText({ instructions: "i" })).toBe("i");
    expect(chatCompletionsAdapter.maxOutputTokens({ max_tokens: 5, max_completion_tokens: 9 })).toBe(9);
    expect(messagesAdapter.maxOutputTokens({ max_tokens: 0 })).toBeUndefined();
  });
});
