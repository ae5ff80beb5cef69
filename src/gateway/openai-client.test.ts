import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fromOpenAIChatUsage } from "../providers/openai/convert-chat-usage.js";
import { fromOpenAIResponsesUsage } from "../providers/openai/convert-responses-usage.js";
import { startHarness, type Harness } from "./test-harness.js";

let harness: Harness;
let client: OpenAI;

beforeAll(async () => {
  harness = await startHarness();
  client = new OpenAI({ apiKey: "sk-client-own-key", baseURL: `${harness.gateway.url}/v1`, maxRetries: 2 });
});
afterAll(() => harness.close());
beforeEach(() => harness.emulator.reset());

const weather = {
  type: "function" as const,
  function: { name: "get_weather", description: "Weather in a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
};

describe("gateway with the official openai client", () => {
  it("meters a non-streamed chat completion exactly as the client saw it", async () => {
    const before = (await harness.records()).length;
    const { data, response } = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Say hi" }] })
      .withResponse();
    const records = (await harness.records()).slice(before);
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record.usage).toEqual(fromOpenAIChatUsage(data.usage));
    expect(record).toMatchObject({ source: "gateway", provider: "openai", model: "gpt-4o-mini", status: "ok", responseId: data.id });
    expect(record.fingerprints?.systemHash).toMatch(/^[0-9a-f]{16}$/);
    expect(record.fingerprints?.systemTokens).toBeGreaterThan(0);
    expect(response.headers.get("x-tokenomy-input-tokens")).toBe(String(data.usage!.prompt_tokens));
    expect(response.headers.get("x-tokenomy-output-tokens")).toBe(String(data.usage!.completion_tokens));
    expect(response.headers.get("x-tokenomy-request-id")).toBe(record.id);
  });

  it("meters a stream and hides the usage chunk the client did not ask for", async () => {
    const before = (await harness.records()).length;
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Tell a story" }], stream: true });
    let sawUsage = false;
    let text = "";
    for await (const chunk of stream) {
      if (chunk.usage) sawUsage = true;
      text += chunk.choices[0]?.delta?.content ?? "";
    }
    expect(sawUsage).toBe(false);
    expect(text.length).toBeGreaterThan(0);
    const [record] = (await harness.records()).slice(before);
    const billed = harness.emulator.billed().totals;
    expect(record!.status).toBe("ok");
    expect(record!.usage.output).toBe(billed.output);
    expect((record!.usage.inputNoCache ?? 0) + (record!.usage.cacheRead ?? 0)).toBe(billed.inputNoCache + billed.cacheRead);
    expect(record!.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it("passes the usage chunk through when the client asked for it", async () => {
    const before = (await harness.records()).length;
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Count to five" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    expect(usage).toBeDefined();
    const [record] = (await harness.records()).slice(before);
    expect(record!.usage).toEqual(fromOpenAIChatUsage(usage));
  });

  it("records the tools the model called, streamed and not", async () => {
    const before = (await harness.records()).length;
    const whole = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Weather in Paris?" }],
      tools: [weather],
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    expect(whole.choices[0]!.message.tool_calls?.[0]).toBeDefined();
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Weather in Rome?" }],
      tools: [weather],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      stream: true,
    });
    for await (const _chunk of stream) void _chunk;
    const records = (await harness.records()).slice(before);
    expect(records.map((record) => record.toolNames)).toEqual([["get_weather"], ["get_weather"]]);
    expect(records[0]!.fingerprints?.toolsHash).toBe(records[1]!.fingerprints?.toolsHash);
    expect(records[0]!.stopReason).toBe("tool_calls");
  });

  it("meters the Responses API, streamed and not", async () => {
    const before = (await harness.records()).length;
    const whole = await client.responses.create({ model: "gpt-4o-mini", input: "Say hi", instructions: "Be brief." });
    const stream = await client.responses.create({ model: "gpt-4o-mini", input: "Say hello", stream: true });
    let completedUsage: unknown;
    for await (const event of stream) if (event.type === "response.completed") completedUsage = event.response.usage;
    const records = (await harness.records()).slice(before);
    expect(records.map((record) => record.status)).toEqual(["ok", "ok"]);
    expect(records[0]!.usage).toEqual(fromOpenAIResponsesUsage(whole.usage));
    expect(records[1]!.usage).toEqual(fromOpenAIResponsesUsage(completedUsage));
  });

  it("retries a 429 through the gateway and records every attempt", async () => {
    const before = (await harness.records()).length;
    const answer = await client.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "retry me" }] },
      { headers: { "x-emulator-fault": "429;count=1" } },
    );
    expect(answer.usage).toBeDefined();
    const records = (await harness.records()).slice(before);
    expect(records.map((record) => [record.status, record.errorClass])).toEqual([
      ["error", "http_429"],
      ["ok", undefined],
    ]);
    expect(records[0]!.usage).toEqual({});
    expect(records[1]!.usage).toEqual(fromOpenAIChatUsage(answer.usage));
  });

  it("keeps an upstream error's status and body", async () => {
    const failing = new OpenAI({ apiKey: "sk-client", baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
    const error = await failing.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "fail" }] }, { headers: { "x-emulator-fault": "500" } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(500);
  });
});

describe("gateway with the official openai client, paced upstream", () => {
  // A paced emulator flushes frames before it cuts; unpaced, its cut lands before any byte.
  let paced: Harness;
  beforeAll(async () => {
    paced = await startHarness({}, { latency: { tokensPerSecond: 5_000 } });
  });
  afterAll(() => paced.close());

  it("records a stream the upstream cut as cut, with the usage received, and breaks the client's stream", async () => {
    const failing = new OpenAI({ apiKey: "sk-client", baseURL: `${paced.gateway.url}/v1`, maxRetries: 0 });
    let chunks = 0;
    const outcome = await (async () => {
      const stream = await failing.chat.completions.create(
        { model: "gpt-4o-mini", messages: [{ role: "user", content: "A long story please" }], stream: true, stream_options: { include_usage: true } },
        { headers: { "x-emulator-fault": "cut" } },
      );
      for await (const _chunk of stream) chunks += 1;
      return "completed";
    })().catch(() => "failed");
    expect(outcome).toBe("failed");
    expect(chunks).toBeGreaterThan(0);
    const [record] = await paced.records();
    expect(record).toMatchObject({ status: "cut", errorClass: "upstream_cut" });
  });

  it("records a stream the client abandoned as cut", async () => {
    const before = (await paced.records()).length;
    const direct = new OpenAI({ apiKey: "sk-client", baseURL: `${paced.gateway.url}/v1`, maxRetries: 0 });
    const controller = new AbortController();
    const abandoned = await direct.chat.completions.create(
      { model: "gpt-4o-mini", messages: [{ role: "user", content: "Write a long essay on tokens" }], stream: true },
      { signal: controller.signal },
    );
    for await (const _chunk of abandoned) {
      controller.abort();
      break;
    }
    await waitFor(async () => (await paced.records()).length > before);
    const records = (await paced.records()).slice(before);
    expect(records.at(-1)).toMatchObject({ status: "cut", errorClass: "client_closed" });
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
