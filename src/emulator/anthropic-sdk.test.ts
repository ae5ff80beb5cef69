import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "./index.js";

let emulator: RunningEmulator;
let client: Anthropic;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 5, retryAfterSeconds: 0.01 });
  client = new Anthropic({ apiKey: "sk-ant-test", baseURL: emulator.url, maxRetries: 2 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const LONG_SYSTEM = "You are a careful agent that prices every token and explains its choices plainly. ".repeat(90);
const weatherTool = { name: "get_weather", description: "Weather of a city", input_schema: { type: "object" as const, properties: { location: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } }, required: ["location"] } };

describe("Anthropic SDK against the emulator", () => {
  it("answers deterministically, streamed or not, with the same usage", async () => {
    const request = { model: "claude-sonnet-4-6", max_tokens: 1024, messages: [{ role: "user" as const, content: "Say hello" }] };
    const message = await client.messages.create(request);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.content[0]?.type).toBe("text");
    expect(message._request_id).toMatch(/^req_/);
    const stream = client.messages.stream(request);
    const texts: string[] = [];
    stream.on("text", (text) => texts.push(text));
    const final = await stream.finalMessage();
    expect(texts.length).toBeGreaterThan(1);
    expect(final.content).toEqual(message.content);
    expect(final.usage).toEqual(message.usage);
    expect(emulator.billed().models["claude-sonnet-4-6"]).toMatchObject({ provider: "anthropic", requests: 2, inputNoCache: 2 * message.usage.input_tokens, output: 2 * message.usage.output_tokens });
  });

  it("calls a tool with a text preamble and schema-valid input, streamed as input_json_delta", async () => {
    const request = { model: "claude-sonnet-4-6", max_tokens: 1024, tools: [weatherTool], tool_choice: { type: "any" as const }, messages: [{ role: "user" as const, content: "Weather in Paris?" }] };
    const message = await client.messages.create(request);
    expect(message.stop_reason).toBe("tool_use");
    const toolUse = message.content.find((block) => block.type === "tool_use");
    expect(toolUse?.type === "tool_use" && toolUse.name).toBe("get_weather");
    expect(typeof (toolUse?.type === "tool_use" && (toolUse.input as Record<string, unknown>).location)).toBe("string");
    const streamed = await client.messages.stream(request).finalMessage();
    const streamedToolUse = streamed.content.find((block) => block.type === "tool_use");
    expect(streamedToolUse?.type === "tool_use" && streamedToolUse.input).toEqual(toolUse?.type === "tool_use" && toolUse.input);
    const afterResult = await client.messages.create({
      ...request,
      tool_choice: { type: "auto" },
      messages: [...request.messages, { role: "assistant", content: message.content }, { role: "user", content: [{ type: "tool_result", tool_use_id: toolUse!.id, content: "18 degrees" }] }],
    });
    expect(afterResult.stop_reason).toBe("end_turn");
  });

  it("stops at max_tokens, and bills extended thinking as output", async () => {
    const short = await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 7, messages: [{ role: "user", content: "Write an essay" }] });
    expect(short.stop_reason).toBe("max_tokens");
    expect(short.usage.output_tokens).toBe(7);
    const thinking = await client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 4000, thinking: { type: "enabled", budget_tokens: 2048 }, messages: [{ role: "user", content: "Think hard" }] });
    expect(thinking.content[0]?.type).toBe("thinking");
    const streamed = await client.messages.stream({ model: "claude-sonnet-4-6", max_tokens: 4000, thinking: { type: "enabled", budget_tokens: 2048 }, messages: [{ role: "user", content: "Think hard" }] }).finalMessage();
    expect(streamed.content).toEqual(thinking.content);
    const billed = emulator.billed().models["claude-sonnet-4-6"]!;
    expect(billed.reasoning).toBeGreaterThan(0);
    expect(billed.output).toBe(2 * thinking.usage.output_tokens);
  });

  it("caches at cache_control breakpoints: a write, then a read of the same prefix, with 5-minute and 1-hour splits", async () => {
    const system = [{ type: "text" as const, text: LONG_SYSTEM, cache_control: { type: "ephemeral" as const } }];
    const request = { model: "claude-sonnet-4-6", max_tokens: 256, system, messages: [{ role: "user" as const, content: "Summarize" }] };
    const first = await client.messages.create(request);
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(first.usage.cache_creation?.ephemeral_5m_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    const second = await client.messages.create({ ...request, messages: [{ role: "user", content: "Now list three points" }] });
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    const oneHour = await client.messages.create({ ...request, model: "claude-opus-4-1", system: [{ ...system[0]!, cache_control: { type: "ephemeral", ttl: "1h" } }] });
    expect(oneHour.usage.cache_creation?.ephemeral_1h_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(oneHour.usage.cache_creation?.ephemeral_5m_input_tokens).toBe(0);
    const totals = emulator.billed().totals;
    expect(totals.cacheRead).toBe(second.usage.cache_read_input_tokens);
    expect(totals.cacheWrite5m).toBe(first.usage.cache_creation_input_tokens);
    expect(totals.cacheWrite1h).toBe(oneHour.usage.cache_creation_input_tokens);
  });

  it("does not cache below the model's minimum cacheable length", async () => {
    const system = [{ type: "text" as const, text: "Short system prompt.", cache_control: { type: "ephemeral" as const } }];
    const message = await client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 64, system, messages: [{ role: "user", content: "Hi" }] });
    expect(message.usage.cache_creation_input_tokens).toBe(0);
    // 1,500 tokens pass Sonnet's 1,024 minimum but not Haiku 4.5's 4,096.
    const haiku = await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 64, system: [{ ...system[0]!, text: LONG_SYSTEM }], messages: [{ role: "user", content: "Hi" }] });
    expect(haiku.usage.cache_creation_input_tokens).toBe(0);
  });

  it("counts tokens like the input of a call", async () => {
    const request = { model: "claude-sonnet-4-6", messages: [{ role: "user" as const, content: "How many tokens is this?" }], tools: [weatherTool] };
    const counted = await client.messages.countTokens(request);
    const message = await client.messages.create({ ...request, max_tokens: 64 });
    expect(counted.input_tokens).toBe(message.usage.input_tokens);
    expect(counted.input_tokens).toBeGreaterThan(346);
  });

  it("retries an injected 529 overloaded error and succeeds; errors have Anthropic's shape", async () => {
    const request = { model: "claude-sonnet-4-6", max_tokens: 64, messages: [{ role: "user" as const, content: "retry me" }] };
    const message = await client.messages.create(request, { headers: { "x-emulator-fault": "529;count=1" } });
    expect(message.content.length).toBeGreaterThan(0);
    expect(emulator.billed().faults).toEqual({ "529": 1 });
    const overloaded = await client.messages.create(request, { headers: { "x-emulator-fault": "529" }, maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(overloaded).toBeInstanceOf(Anthropic.APIError);
    expect((overloaded as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((overloaded as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: "error", error: { type: "overloaded_error" } });
    const limited = await client.messages.create(request, { headers: { "x-emulator-fault": "429" }, maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get("anthropic-ratelimit-requests-remaining")).toBe("0");
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).requestID).toMatch(/^req_/);
    const invalid = await client.messages.create({ model: "claude-sonnet-4-6", messages: [] } as never).catch((caught: unknown) => caught);
    expect(invalid).toBeInstanceOf(Anthropic.BadRequestError);
    expect(emulator.billed().totals.requests).toBe(1);
  });

  it("lists models in Anthropic's shape", async () => {
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toContain("claude-sonnet-4-6");
    expect(page.data[0]?.type).toBe("model");
  });
});
