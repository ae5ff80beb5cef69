import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "./index.js";
import { shapeDifferences, type ShapeOptions } from "./testing/compare-shape.js";
import { parseSse, type SseEvent } from "./testing/parse-sse.js";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");
const fixtureJson = (name: string) => JSON.parse(fixture(name)) as unknown;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 3 });
});
afterAll(() => emulator.close());

async function post(path: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${emulator.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

const weatherTool = { name: "get_weather", description: "Weather of a city", input_schema: { type: "object", properties: { location: { type: "string" } }, required: ["location"] } };

/** The kind of an event for sequence comparison: Anthropic and Responses by type, chat chunks by role. */
function eventKind(event: SseEvent): string {
  const data = event.data as Record<string, any>;
  if (typeof data !== "object" || data === null) return String(data);
  if (data.object === "chat.completion.chunk") {
    const choice = data.choices?.[0];
    if (!choice) return "usage";
    if (choice.finish_reason) return "finish";
    if (choice.delta?.role) return "role";
    return choice.delta?.tool_calls ? "tool-arguments" : "content";
  }
  const subtype = data.delta?.type ?? data.content_block?.type;
  return subtype ? `${data.type}:${subtype}` : String(data.type);
}

function collapsed(events: SseEvent[]): string[] {
  return events.map(eventKind).filter((kind, index, kinds) => kind !== kinds[index - 1]);
}

function isSubsequence(needle: string[], haystack: string[]): boolean {
  let position = 0;
  for (const item of haystack) if (item === needle[position]) position++;
  return position === needle.length;
}

/** Shape of each recorded event against the emulator's first event of the same kind. */
function streamShapeDifferences(recorded: SseEvent[], emulated: SseEvent[], options: ShapeOptions): string[] {
  const differences: string[] = [];
  for (const event of recorded) {
    const kind = eventKind(event);
    const match = emulated.find((candidate) => eventKind(candidate) === kind);
    if (!match) differences.push(`${kind}: no such event`);
    else differences.push(...shapeDifferences(event.data, match.data, options).map((difference) => `${kind}: ${difference}`));
    if (event.event !== undefined && match && match.event !== event.event) differences.push(`${kind}: event line ${String(match.event)} instead of ${event.event}`);
  }
  return [...new Set(differences)];
}

describe("emulator payloads match recorded real responses", () => {
  it("Anthropic message with a tool call (recorded by the official SDK)", async () => {
    const { text } = await post("/v1/messages", { model: "claude-sonnet-4-0", max_tokens: 1000, tools: [weatherTool], tool_choice: { type: "tool", name: "get_weather" }, messages: [{ role: "user", content: "Weather in Paris?" }] });
    expect(shapeDifferences(fixtureJson("anthropic/message-tool-use.json"), JSON.parse(text), { opaque: ["content[].input"] })).toEqual([]);
  });

  it("Anthropic text message (recorded by the official SDK)", async () => {
    const { text } = await post("/v1/messages", { model: "claude-sonnet-4-0", max_tokens: 1000, messages: [{ role: "user", content: "Hello" }] });
    expect(shapeDifferences(fixtureJson("anthropic/message-text.json"), JSON.parse(text))).toEqual([]);
  });

  it("Anthropic text stream: same event sequence and event shapes", async () => {
    const recorded = parseSse(fixture("anthropic/stream-text.sse"));
    const emulated = parseSse((await post("/v1/messages", { model: "claude-3-opus-20240229", max_tokens: 1024, stream: true, messages: [{ role: "user", content: "Say hello there!" }] })).text);
    expect(collapsed(emulated)).toEqual(collapsed(recorded));
    // The 2024 recording predates the cache fields and service_tier now in message_start.
    const newer = ["message.usage.cache_creation_input_tokens", "message.usage.cache_read_input_tokens", "message.usage.cache_creation", "message.usage.service_tier"];
    expect(streamShapeDifferences(recorded, emulated, { allowExtra: newer })).toEqual([]);
  });

  it("Anthropic tool-use stream: text block, then tool_use with input_json_delta", async () => {
    const recorded = parseSse(fixture("anthropic/stream-tool-use.sse"));
    const emulated = parseSse(
      (await post("/v1/messages", { model: "claude-opus-4-1", max_tokens: 1024, stream: true, tools: [weatherTool], tool_choice: { type: "any" }, messages: [{ role: "user", content: "Weather in Paris?" }] })).text,
    );
    expect(collapsed(emulated)).toEqual(collapsed(recorded));
    expect(streamShapeDifferences(recorded, emulated, { allowExtra: ["message.usage.cache_creation"] })).toEqual([]);
  });

  it("OpenAI chat completion (API reference example)", async () => {
    const { text } = await post("/v1/chat/completions", { model: "gpt-4.1", messages: [{ role: "user", content: "Hello!" }] });
    expect(shapeDifferences(fixtureJson("openai/chat-completion.json"), JSON.parse(text), { allowExtra: ["system_fingerprint"] })).toEqual([]);
  });

  it("OpenAI chat stream with include_usage (recorded by the official SDK)", async () => {
    const recorded = parseSse(fixture("openai/chat-completion-stream.sse"));
    const emulated = parseSse((await post("/v1/chat/completions", { model: "gpt-4o", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "Hello" }] })).text);
    expect(collapsed(emulated)).toEqual(collapsed(recorded));
    // Documented since the recording: `usage: null` on every chunk but the last, refusal, service_tier, usage details.
    const newer = ["usage", "service_tier", "choices[].delta.refusal", "usage.prompt_tokens_details", "usage.completion_tokens_details"];
    expect(streamShapeDifferences(recorded, emulated, { allowExtra: newer })).toEqual([]);
  });

  it("OpenAI chat stream of a tool call (recorded real stream)", async () => {
    const recorded = parseSse(fixture("openai/chat-completion-stream-tool-call.sse"));
    const tool = { type: "function", function: { name: "wobbler", parameters: { type: "object", properties: { towobble: { type: "string" } }, required: ["towobble"] } } };
    const emulated = parseSse((await post("/v1/chat/completions", { model: "gpt-4o-mini", stream: true, tools: [tool], tool_choice: "required", messages: [{ role: "user", content: "wobble hi" }] })).text);
    expect(collapsed(emulated)).toEqual(collapsed(recorded));
    expect(streamShapeDifferences(recorded, emulated, { allowExtra: ["service_tier"] })).toEqual([]);
  });

  it("OpenAI response object (API reference example)", async () => {
    const { text } = await post("/v1/responses", { model: "gpt-4.1", input: "Tell me a three sentence bedtime story about a unicorn." });
    expect(shapeDifferences(fixtureJson("openai/response.json"), JSON.parse(text), { allowExtra: ["output[].content[].logprobs"] })).toEqual([]);
  });

  it("OpenAI Responses stream: the recorded event sequence, typed events, same shapes", async () => {
    const recorded = parseSse(fixture("openai/response-stream.sse"));
    const emulated = parseSse((await post("/v1/responses", { model: "gpt-4o", input: "Hello", stream: true })).text);
    // The snapshot omits response.in_progress and response.content_part.done, which the API sends; it also ends with [DONE], which the Responses API does not.
    expect(isSubsequence(collapsed(recorded).filter((kind) => kind !== "[DONE]"), collapsed(emulated))).toBe(true);
    const emulatedOnly = ["response.output[].content[].logprobs", "response.previous_response_id", "response.reasoning", "response.store", "response.text", "response.tool_choice", "response.truncation", "response.user", "response.max_output_tokens", "item.content[].logprobs", "part.logprobs"];
    const sdkOnly = ["response.output_text"];
    expect(streamShapeDifferences(recorded.filter((event) => event.data !== "[DONE]"), emulated, { allowExtra: emulatedOnly, allowMissing: sdkOnly })).toEqual([]);
    expect(emulated.every((event) => event.event === (event.data as { type: string }).type)).toBe(true);
  });

  it("error bodies have each provider's shape", async () => {
    const openAiError = JSON.parse((await post("/v1/chat/completions", {})).text);
    expect(shapeDifferences(fixtureJson("openai/error.json"), openAiError)).toEqual([]);
    const anthropicResponse = await fetch(`${emulator.url}/v1/messages/nope`, { method: "POST", body: "{}" });
    expect(anthropicResponse.status).toBe(404);
    expect(shapeDifferences(fixtureJson("anthropic/error.json"), await anthropicResponse.json())).toEqual([]);
  });
});
