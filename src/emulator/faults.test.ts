import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "./index.js";
import { parseSse } from "./testing/parse-sse.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 9, maxBodyBytes: 64 * 1024 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const chat = { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello" }] };
const messages = { model: "claude-sonnet-4-6", max_tokens: 200, messages: [{ role: "user", content: "Hello" }] };

function post(path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${emulator.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body), signal });
}

describe("bad input gets errors in the caller's API shape", () => {
  it("malformed JSON: 400 with OpenAI's or Anthropic's error body and a request id", async () => {
    const openAi = await post("/v1/chat/completions", '{"model": "gpt-4o", "messages": [');
    expect(openAi.status).toBe(400);
    expect(openAi.headers.get("x-request-id")).toMatch(/^req_/);
    expect(await openAi.json()).toMatchObject({ error: { type: "invalid_request_error", param: null, code: null, message: expect.stringContaining("could not parse the JSON body") } });
    const anthropic = await post("/v1/messages", "{nope");
    expect(anthropic.status).toBe(400);
    expect(anthropic.headers.get("request-id")).toMatch(/^req_/);
    expect(await anthropic.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" }, request_id: expect.stringMatching(/^req_/) });
  });

  it("oversized bodies, unknown routes, wrong methods, missing fields, unknown faults", async () => {
    expect((await post("/v1/messages", { ...messages, padding: "x".repeat(70_000) })).status).toBe(413);
    const unknown = await post("/v1/embeddings", {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { message: expect.stringContaining("/v1/embeddings") } });
    expect((await fetch(`${emulator.url}/v1/chat/completions`)).status).toBe(405);
    const noMaxTokens = await post("/v1/messages", { model: "claude-sonnet-4-6", messages: [] });
    expect(await noMaxTokens.json()).toMatchObject({ error: { type: "invalid_request_error", message: "max_tokens: Field required" } });
    const badFault = await post("/v1/chat/completions", chat, { "x-emulator-fault": "418" });
    expect(badFault.status).toBe(400);
    expect(emulator.billed().totals.requests).toBe(0);
  });

  it("counts pathological prompts (a 500 KB run without spaces) in linear time", async () => {
    const big = await startEmulator();
    try {
      const started = Date.now();
      const response = await fetch(`${big.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "a".repeat(500_000) }] }) });
      expect(((await response.json()) as { usage: { prompt_tokens: number } }).usage.prompt_tokens).toBeGreaterThan(50_000);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await big.close();
    }
  });

  it("keeps serving after a burst of malformed requests", async () => {
    const garbage = ["", "null", "[]", "{", '{"messages": 3}', '{"model": 1}', "\u0000\u0001", '{"model":"m","messages":[{"role":"robot"}]}'];
    const statuses = await Promise.all(Array.from({ length: 400 }, (_, index) => post(index % 2 ? "/v1/messages" : "/v1/chat/completions", garbage[index % garbage.length]!).then((response) => response.status)));
    expect(statuses.every((status) => status === 400)).toBe(true);
    expect((await post("/v1/chat/completions", chat)).status).toBe(200);
  });
});

describe("injected faults", () => {
  it("429 carries retry-after and each provider's rate-limit headers; 500 and 529 have their shapes", async () => {
    const openAi = await post("/v1/chat/completions", chat, { "x-emulator-fault": "429" });
    expect(openAi.status).toBe(429);
    expect(openAi.headers.get("retry-after")).toBe("1");
    expect(openAi.headers.get("x-ratelimit-limit-requests")).toBeTruthy();
    const anthropic = await post("/v1/messages", messages, { "x-emulator-fault": "429" });
    expect(anthropic.headers.get("anthropic-ratelimit-tokens-reset")).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await anthropic.json()).toMatchObject({ error: { type: "rate_limit_error" } });
    expect((await post("/v1/messages", messages, { "x-emulator-fault": "500" })).status).toBe(500);
    const overloaded = await post("/v1/messages", messages, { "x-emulator-fault": "529" });
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toMatchObject({ type: "error", error: { type: "overloaded_error" } });
    expect((await post("/v1/chat/completions", chat, { "x-emulator-fault": "529" })).status).toBe(503);
    expect(emulator.billed()).toMatchObject({ faults: { "429": 2, "500": 1, "529": 2 }, totals: { requests: 0 } });
  });

  it("timeout: the request hangs until the client gives up, and the emulator keeps serving", async () => {
    const started = Date.now();
    const hung = await post("/v1/chat/completions", chat, { "x-emulator-fault": "timeout" }, AbortSignal.timeout(300)).catch((error: Error) => error);
    expect((hung as Error).name).toBe("TimeoutError");
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect((await post("/v1/chat/completions", chat)).status).toBe(200);
  });

  it("cut: a stream stops after some chunks with the socket destroyed; billed apart as partial", async () => {
    const response = await post("/v1/messages", { ...messages, stream: true }, { "x-emulator-fault": "cut" });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = "";
    const failure = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        received += decoder.decode(value);
      }
    })().catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    const events = parseSse(received);
    expect(events[0]?.event).toBe("message_start");
    expect(events.some((event) => event.event === "message_stop")).toBe(false);
    const nonStream = await post("/v1/chat/completions", chat, { "x-emulator-fault": "cut" });
    await expect(nonStream.text()).rejects.toThrow();
    const billed = emulator.billed();
    expect(billed.totals.requests).toBe(0);
    expect(billed.partial.cut?.requests).toBe(2);
    expect(billed.partial.cut?.inputNoCache).toBeGreaterThan(0);
  });

  it("malformed: a 200 whose body (or one SSE frame) is not JSON", async () => {
    const whole = await post("/v1/chat/completions", chat, { "x-emulator-fault": "malformed" });
    expect(whole.status).toBe(200);
    await expect(whole.json()).rejects.toThrow();
    const stream = await post("/v1/chat/completions", { ...chat, stream: true }, { "x-emulator-fault": "malformed" });
    const events = parseSse(await stream.text());
    expect(events.some((event) => typeof event.data === "string" && event.data !== "[DONE]")).toBe(true);
    expect(emulator.billed().partial.malformed?.requests).toBe(2);
  });

  it("count=N fails the first N identical requests, then lets them through", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await post("/v1/chat/completions", chat, { "x-emulator-fault": "500;count=2" })).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
  });

  it("fault rates draw deterministically from the seed", async () => {
    const run = async () => {
      const instance = await startEmulator({ seed: 21, faultRates: { "500": 0.3, "429": 0.2 } });
      const statuses: number[] = [];
      for (let index = 0; index < 40; index++) {
        const response = await fetch(`${instance.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify(chat) });
        statuses.push(response.status);
        await response.arrayBuffer();
      }
      await instance.close();
      return statuses;
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([200, 429, 500]));
    expect(await run()).toEqual(first);
  });
});

describe("latency model and control routes", () => {
  it("waits the time to first token, then paces tokens", async () => {
    const slow = await startEmulator({ latency: { timeToFirstTokenMs: 150, tokensPerSecond: 200 } });
    try {
      const started = Date.now();
      const response = await fetch(`${slow.url}/v1/chat/completions`, { method: "POST", headers: { "x-emulator-output-tokens": "40" }, body: JSON.stringify({ ...chat, stream: true }) });
      const reader = response.body!.getReader();
      await reader.read();
      const firstChunk = Date.now() - started;
      while (!(await reader.read()).done);
      const total = Date.now() - started;
      expect(firstChunk).toBeGreaterThanOrEqual(140);
      expect(total).toBeGreaterThanOrEqual(140 + 180);
    } finally {
      await slow.close();
    }
  });

  it("bills a stream the client abandons as aborted, and closes with a request still hanging", async () => {
    const slow = await startEmulator({ latency: { timeToFirstTokenMs: 10, tokensPerSecond: 100 } });
    const controller = new AbortController();
    const response = await fetch(`${slow.url}/v1/messages`, { method: "POST", headers: { "x-emulator-output-tokens": "200" }, body: JSON.stringify({ ...messages, max_tokens: 500, stream: true }), signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const billed = slow.billed();
    expect(billed.totals.requests).toBe(0);
    expect(billed.partial.aborted?.requests).toBe(1);
    expect(billed.partial.aborted?.output).toBeLessThan(200);
    void fetch(`${slow.url}/v1/messages`, { method: "POST", headers: { "x-emulator-fault": "timeout" }, body: JSON.stringify(messages) }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await slow.close();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("serves the ledger over HTTP and resets it", async () => {
    const completion = (await (await post("/v1/chat/completions", chat)).json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
    const billed = await (await fetch(`${emulator.url}/emulator/billed`)).json();
    expect(billed).toMatchObject({ totals: { requests: 1, inputNoCache: completion.usage.prompt_tokens, output: completion.usage.completion_tokens }, models: { "gpt-4o-mini": { requests: 1 } } });
    expect((await post("/emulator/reset", "")).status).toBe(200);
    expect(emulator.billed().totals.requests).toBe(0);
  });

  it("counts images with the documented estimates", async () => {
    const png = (width: number, height: number) => {
      const header = Buffer.alloc(33);
      header.writeUInt32BE(0x89504e47, 0);
      header.writeUInt32BE(0x0d0a1a0a, 4);
      header.writeUInt32BE(13, 8);
      header.write("IHDR", 12, "latin1");
      header.writeUInt32BE(width, 16);
      header.writeUInt32BE(height, 20);
      return header.toString("base64");
    };
    const promptTokens = async (content: unknown[]) =>
      ((await (await post("/v1/chat/completions", { model: "gpt-4o", messages: [{ role: "user", content }] })).json()) as { usage: { prompt_tokens: number } }).usage.prompt_tokens;
    const textOnly = await promptTokens([{ type: "text", text: "What is this?" }]);
    const low = await promptTokens([{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "low" } }]);
    const high = await promptTokens([{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url: `data:image/png;base64,${png(512, 512)}` } }]);
    expect([low - textOnly, high - textOnly]).toEqual([85, 255]);
    const inputTokens = async (content: unknown[]) =>
      ((await (await post("/v1/messages", { ...messages, messages: [{ role: "user", content }] })).json()) as { usage: { input_tokens: number } }).usage.input_tokens;
    const anthropicText = await inputTokens([{ type: "text", text: "What is this?" }]);
    const anthropicImage = await inputTokens([{ type: "image", source: { type: "base64", media_type: "image/png", data: png(1000, 1000) } }, { type: "text", text: "What is this?" }]);
    expect(anthropicImage - anthropicText).toBe(Math.ceil((1000 * 1000) / 750));
  });
});
