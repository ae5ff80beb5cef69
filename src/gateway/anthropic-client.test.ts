import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromAnthropicUsage } from "../providers/anthropic/convert-usage.js";
import { startHarness, type Harness } from "./test-harness.js";

let harness: Harness;
let client: Anthropic;

beforeAll(async () => {
  harness = await startHarness({}, { retryAfterSeconds: 0 });
  client = new Anthropic({ apiKey: "sk-ant-client-own-key", baseURL: harness.gateway.url, maxRetries: 2 });
});
afterAll(() => harness.close());

const tools: Anthropic.Tool[] = [
  { name: "get_weather", description: "Weather in a city", input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
];

describe("gateway with the official Anthropic client", () => {
  it("meters a message exactly as the client saw it, cache fields included", async () => {
    const before = (await harness.records()).length;
    const system: Anthropic.TextBlockParam[] = [{ type: "text", text: "You are a careful assistant. ".repeat(400), cache_control: { type: "ephemeral" } }];
    const first = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 200, system, messages: [{ role: "user", content: "Hi" }] });
    const second = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 200, system, messages: [{ role: "user", content: "Hi again" }] });
    const records = (await harness.records()).slice(before);
    expect(records.map((record) => record.usage)).toEqual([fromAnthropicUsage(first.usage), fromAnthropicUsage(second.usage)]);
    expect(records[0]!.usage.cacheWrite5m).toBeGreaterThan(0);
    expect(records[1]!.usage.cacheRead).toBeGreaterThan(0);
    expect(records[0]).toMatchObject({ provider: "anthropic", model: "claude-sonnet-4-5", status: "ok", responseId: first.id, stopReason: first.stop_reason });
    expect(records[0]!.fingerprints?.systemHash).toBe(records[1]!.fingerprints?.systemHash);
    expect(records[0]!.costPico).toBeGreaterThan(0);
  });

  it("meters a stream from message_start and message_delta", async () => {
    const before = (await harness.records()).length;
    const stream = client.messages.stream({ model: "claude-haiku-4-5", max_tokens: 300, messages: [{ role: "user", content: "Tell me a story" }] });
    const final = await stream.finalMessage();
    const [record] = (await harness.records()).slice(before);
    expect(record!.usage).toEqual(fromAnthropicUsage(final.usage));
    expect(record!.status).toBe("ok");
    expect(record!.stopReason).toBe(final.stop_reason);
  });

  it("records tool use, streamed and not", async () => {
    const before = (await harness.records()).length;
    const request = {
      model: "claude-sonnet-4-5",
      max_tokens: 300,
      tools,
      tool_choice: { type: "tool" as const, name: "get_weather" },
      messages: [{ role: "user" as const, content: "Weather in Oslo?" }],
    };
    const whole = await client.messages.create(request);
    expect(whole.content.some((block) => block.type === "tool_use")).toBe(true);
    await client.messages.stream(request).finalMessage();
    const records = (await harness.records()).slice(before);
    expect(records.map((record) => record.toolNames)).toEqual([["get_weather"], ["get_weather"]]);
    expect(records[0]!.fingerprints?.toolsTokens).toBeGreaterThan(0);
  });

  it("retries 529 overloaded through the gateway; every attempt is in the ledger", async () => {
    const before = (await harness.records()).length;
    const answer = await client.messages.create(
      { model: "claude-haiku-4-5", max_tokens: 50, messages: [{ role: "user", content: "retry" }] },
      { headers: { "x-emulator-fault": "529;count=2" } },
    );
    const records = (await harness.records()).slice(before);
    expect(records.map((record) => record.errorClass ?? record.status)).toEqual(["http_529", "http_529", "ok"]);
    expect(records[2]!.usage).toEqual(fromAnthropicUsage(answer.usage));
  });

  it("records a malformed upstream body as an error and passes it on", async () => {
    const strict = new Anthropic({ apiKey: "sk-ant", baseURL: harness.gateway.url, maxRetries: 0 });
    const before = (await harness.records()).length;
    const failed = await strict.messages
      .create({ model: "claude-haiku-4-5", max_tokens: 50, messages: [{ role: "user", content: "x" }] }, { headers: { "x-emulator-fault": "malformed" } })
      .then(() => false)
      .catch(() => true);
    expect(failed).toBe(true);
    const [record] = (await harness.records()).slice(before);
    expect(record).toMatchObject({ status: "error", errorClass: "upstream_bad_response" });
  });

  it("counts tokens through the gateway without metering", async () => {
    const before = (await harness.records()).length;
    const counted = await client.messages.countTokens({ model: "claude-sonnet-4-5", messages: [{ role: "user", content: "How many tokens?" }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect((await harness.records()).length).toBe(before);
  });

  it("lists models from the upstream", async () => {
    const page = await client.models.list();
    expect(page.data.some((model) => model.id.startsWith("claude"))).toBe(true);
  });
});
