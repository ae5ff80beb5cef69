import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "./index.js";

let emulator: RunningEmulator;
let client: OpenAI;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 11, retryAfterSeconds: 0.01 });
  client = new OpenAI({ apiKey: "sk-test", baseURL: `${emulator.url}/v1`, maxRetries: 2 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const LONG_CONTEXT = "The quick brown fox jumps over the lazy dog while the agent counts every token it spends. ".repeat(90);
const weatherTool = {
  type: "function" as const,
  function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] }, days: { type: "integer", minimum: 1, maximum: 7 } }, required: ["city", "unit"] } },
};

describe("OpenAI SDK against the emulator", () => {
  it("answers a chat completion deterministically, with usage the ledger bills", async () => {
    const request = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "Say hello" }] };
    const first = await client.chat.completions.create(request);
    const second = await client.chat.completions.create(request);
    expect(first.choices[0]?.message.content).toMatch(/\w+/);
    expect(second.choices[0]?.message.content).toBe(first.choices[0]?.message.content);
    expect(first.id).not.toBe(second.id);
    expect(first.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(first.usage?.total_tokens).toBe((first.usage?.prompt_tokens ?? 0) + (first.usage?.completion_tokens ?? 0));
    const billed = emulator.billed().models["gpt-4o-mini"];
    expect(billed).toMatchObject({ provider: "openai", requests: 2, inputNoCache: 2 * first.usage!.prompt_tokens, output: 2 * first.usage!.completion_tokens, reasoning: 0 });
  });

  it("streams the same answer in several chunks, with the usage chunk only when asked", async () => {
    const request = { model: "gpt-4o", messages: [{ role: "user" as const, content: "Tell me about budgets" }] };
    const whole = await client.chat.completions.create(request);
    const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
    let text = "";
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
      if (chunk.choices.length === 0) expect(chunk.usage).toBeTruthy();
    }
    expect(text).toBe(whole.choices[0]?.message.content);
    expect(chunks).toBeGreaterThan(5);
    expect(usage).toEqual(whole.usage);
    const withoutUsage = await client.chat.completions.create({ ...request, stream: true });
    for await (const chunk of withoutUsage) {
      expect(chunk.choices).toHaveLength(1);
      expect(chunk.usage).toBeUndefined();
    }
    expect(emulator.billed().totals.requests).toBe(3);
  });

  it("calls a forced tool with arguments valid against the schema, streamed or not", async () => {
    const request = { model: "gpt-4.1", messages: [{ role: "user" as const, content: "Weather in Paris?" }], tools: [weatherTool], tool_choice: "required" as const };
    const completion = await client.chat.completions.create(request);
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" && call.function.name).toBe("get_weather");
    const args = JSON.parse(call?.type === "function" ? call.function.arguments : "{}");
    expect(typeof args.city).toBe("string");
    expect(["c", "f"]).toContain(args.unit);
    const streamed = await client.chat.completions.stream(request).finalChatCompletion();
    const streamedCall = streamed.choices[0]?.message.tool_calls?.[0];
    expect(streamedCall?.type === "function" && JSON.parse(streamedCall.function.arguments)).toEqual(args);
  });

  it("decides by itself whether to call a tool when tool_choice is auto, and answers in text after a tool result", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, index) => client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "user", content: `Question ${index}` }], tools: [weatherTool] })),
    );
    const reasons = new Set(outcomes.map((outcome) => outcome.choices[0]?.finish_reason));
    expect(reasons).toEqual(new Set(["tool_calls", "stop"]));
    const afterResult = await client.chat.completions.create({
      model: "gpt-4.1",
      tools: [weatherTool],
      messages: [
        { role: "user", content: "Weather?" },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris","unit":"c"}' } }] },
        { role: "tool", tool_call_id: "call_1", content: "18 degrees" },
      ],
    });
    expect(afterResult.choices[0]?.finish_reason).toBe("stop");
  });

  it("stops at max_completion_tokens with finish_reason length, and bills reasoning for reasoning models", async () => {
    const short = await client.chat.completions.create({ model: "gpt-4o", max_completion_tokens: 5, messages: [{ role: "user", content: "Write an essay" }] });
    expect(short.choices[0]?.finish_reason).toBe("length");
    expect(short.usage?.completion_tokens).toBe(5);
    const reasoning = await client.chat.completions.create({ model: "o4-mini", reasoning_effort: "low", messages: [{ role: "user", content: "Think" }] });
    const reasoningTokens = reasoning.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoningTokens).toBeGreaterThanOrEqual(64);
    expect(reasoning.usage?.completion_tokens).toBeGreaterThan(reasoningTokens);
    expect(emulator.billed().models["o4-mini"]?.reasoning).toBe(reasoningTokens);
  });

  it("caches a long prompt automatically: the second identical call reads 128-token steps from the cache", async () => {
    const request = { model: "gpt-4o", messages: [{ role: "system" as const, content: LONG_CONTEXT }, { role: "user" as const, content: "Summarize" }] };
    const first = await client.chat.completions.create(request);
    const second = await client.chat.completions.create(request);
    const promptTokens = first.usage!.prompt_tokens;
    expect(promptTokens).toBeGreaterThan(1024);
    expect(first.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const cached = second.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    expect(cached).toBe(1024 + Math.floor((promptTokens - 1024) / 128) * 128);
    expect(emulator.billed().totals).toMatchObject({ cacheRead: cached, inputNoCache: 2 * promptTokens - cached });
  });

  it("retries an injected 429 and succeeds; without retries the error carries retry-after and rate-limit headers", async () => {
    const request = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "retry me" }] };
    const completion = await client.chat.completions.create(request, { headers: { "x-emulator-fault": "429;count=2" } });
    expect(completion.choices[0]?.message.content).toBeTruthy();
    expect(emulator.billed().faults).toEqual({ "429": 2 });
    expect(emulator.billed().totals.requests).toBe(1);
    const error = await client.chat.completions.create(request, { headers: { "x-emulator-fault": "429" }, maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.headers.get("retry-after")).toBe("0.01");
    expect(rateLimit.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(rateLimit.code).toBe("rate_limit_exceeded");
    const serverError = await client.chat.completions.create(request, { headers: { "x-emulator-fault": "500" }, maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(serverError).toBeInstanceOf(OpenAI.InternalServerError);
  });

  it("rejects a bad request with an OpenAI-shaped 400", async () => {
    const error = await client.chat.completions.create({ model: "gpt-4o", messages: [] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("messages");
    expect(emulator.billed().totals.requests).toBe(0);
  });

  it("serves the Responses API whole and streamed, with the same usage", async () => {
    const request = { model: "gpt-5-mini", input: "Explain prompt caching", reasoning: { effort: "low" as const } };
    const response = await client.responses.create(request);
    expect(response.status).toBe("completed");
    expect(response.output_text).toMatch(/\w+/);
    expect(response.output[0]?.type).toBe("reasoning");
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    const stream = client.responses.stream(request);
    const deltas: string[] = [];
    stream.on("response.output_text.delta", (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(deltas.length).toBeGreaterThan(3);
    expect(final.output_text).toBe(response.output_text);
    expect(final.usage).toEqual(response.usage);
    const toolCall = await client.responses.create({ model: "gpt-4.1", input: "Weather?", tools: [{ type: "function", name: "get_weather", parameters: weatherTool.function.parameters, strict: false }], tool_choice: "required" });
    expect(toolCall.output[0]?.type).toBe("function_call");
    const streamedCall = await client.responses
      .stream({ model: "gpt-4.1", input: "Weather?", tools: [{ type: "function", name: "get_weather", parameters: weatherTool.function.parameters, strict: false }], tool_choice: "required" })
      .finalResponse();
    const [item] = streamedCall.output;
    expect(item?.type === "function_call" && JSON.parse(item.arguments)).toEqual(toolCall.output[0]?.type === "function_call" && JSON.parse(toolCall.output[0].arguments));
    const truncated = await client.responses.create({ model: "gpt-4.1", input: "Write a long story", max_output_tokens: 16 }, { headers: { "x-emulator-output-tokens": "100" } });
    expect(truncated.status).toBe("incomplete");
    expect(truncated.incomplete_details?.reason).toBe("max_output_tokens");
    expect(truncated.usage?.output_tokens).toBe(16);
  });

  it("lists models", async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain("gpt-4o");
  });
});
