import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallContext } from "../core/call-context.js";
import { TokenomyError } from "../core/errors/index.js";
import { definePolicy } from "../core/pipeline.js";
import { startEmulator, type RunningEmulator } from "../emulator/index.js";
import { startHarness, type Harness } from "./test-harness.js";

const seen: { promptTokens?: number; recordStatus?: string; maxOutputTokens?: number | undefined } = {};

const capOutput = definePolicy<CallContext>("cap-output", async (context, next) => {
  if (context.body.max_tokens === undefined) context.body.max_tokens = 7;
  seen.promptTokens = context.promptTokens;
  await next();
  seen.recordStatus = context.record?.status;
});
const refuseBlocked = definePolicy<CallContext>("refuse-blocked", async (context, next) => {
  if (context.attribution.agentName === "blocked") throw new TokenomyError("budget_exceeded", "run r1 has $0 left", { details: { scope: "run" } });
  if (context.attribution.agentName === "cached") {
    context.shortCircuit = { status: 200, body: { id: "cached", object: "chat.completion", choices: [], model: context.model }, headers: { "x-cache": "hit" } };
    return;
  }
  context.responseHeaders["x-tokenomy-budget-remaining-usd"] = "1.5";
  await next();
});

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({
    config: {
      providers: { local: { kind: "openai-compatible", baseUrl: "http://127.0.0.1:1/v1" } },
      models: [{ match: "local-*", provider: "local" }],
      policies: [{ name: "price-defaults", options: { valueUsd: 2, riskUsd: 1 } }],
    },
    policies: [capOutput, refuseBlocked],
  });
});
afterAll(() => harness.close());

describe("policies around the upstream call", () => {
  it("lets a policy edit the body (re-serialized), read prompt tokens, add headers and see the record", async () => {
    const client = new OpenAI({ apiKey: "sk", baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
    const { data, response } = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Write a long poem about the sea" }] }, { headers: { "x-tokenomy-value-usd": "3" } })
      .withResponse();
    expect(data.usage!.completion_tokens).toBeLessThanOrEqual(7);
    expect(seen.promptTokens).toBeGreaterThan(0);
    expect(seen.recordStatus).toBe("ok");
    expect(response.headers.get("x-tokenomy-budget-remaining-usd")).toBe("1.5");
    const [record] = (await harness.records()).slice(-1);
    expect(record!.decision?.vector).toEqual({ valueUsd: 3, riskUsd: 1 });
  });

  it("sends a policy's refusal in the caller's shape and writes no call record", async () => {
    const before = (await harness.records()).length;
    const client = new OpenAI({ apiKey: "sk", baseURL: `${harness.gateway.url}/v1`, maxRetries: 2 });
    const error = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }, { headers: { "x-tokenomy-agent": "blocked" } })
      .catch((caught) => caught);
    expect(error.status).toBe(402);
    expect(error.code).toBe("budget_exceeded");
    expect((await harness.records()).length).toBe(before);
  });

  it("answers a short-circuit without calling upstream", async () => {
    const response = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-tokenomy-agent": "cached" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-cache")).toBe("hit");
    expect(((await response.json()) as { id: string }).id).toBe("cached");
  });

  it("routes a configured OpenAI-compatible provider and reports an unreachable one in the caller's shape", async () => {
    const client = new OpenAI({ apiKey: "sk", baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
    const error = await client.chat.completions.create({ model: "local-llama", messages: [{ role: "user", content: "hi" }] }).catch((caught) => caught);
    expect(error.status).toBe(502);
    expect(error.code).toBe("upstream_unreachable");
    const [record] = (await harness.records()).slice(-1);
    expect(record).toMatchObject({ provider: "local", model: "local-llama", status: "error", errorClass: "upstream_unreachable" });
  });
});

describe("an OpenAI-compatible server declared by base URL", () => {
  let compatible: Harness;
  let server: RunningEmulator;
  beforeAll(async () => {
    server = await startEmulator({ seed: 2 });
    compatible = await startHarness({
      config: { providers: { vllm: { kind: "openai-compatible", baseUrl: `${server.url}/v1` } }, models: [{ match: "qwen-*", provider: "vllm" }] },
    });
  });
  afterAll(async () => {
    await compatible.close();
    await server.close();
  });

  it("meters it; an unpriced model reports `unpriced`, never $0", async () => {
    const client = new OpenAI({ apiKey: "sk", baseURL: `${compatible.gateway.url}/v1`, maxRetries: 0 });
    const { response } = await client.chat.completions.create({ model: "qwen-mystery-7b", messages: [{ role: "user", content: "hi" }] }).withResponse();
    expect(response.headers.get("x-tokenomy-cost-usd")).toBe("unpriced");
    const [record] = (await compatible.records()).slice(-1);
    expect(record).toMatchObject({ provider: "vllm", status: "ok" });
    expect(record!.costPico).toBeUndefined();
    expect(record!.usage.output).toBeGreaterThan(0);
  });
});
