import { request as httpRequest } from "node:http";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./test-harness.js";

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ config: { maxBodyBytes: 64 * 1024 } });
});
afterAll(() => harness.close());

async function post(path: string, body: string | Buffer, headers: Record<string, string> = { "content-type": "application/json" }) {
  const response = await fetch(`${harness.gateway.url}${path}`, { method: "POST", headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, any>, headers: response.headers };
}

describe("bad input gets a clear error in the caller's API shape", () => {
  it("malformed JSON: 400 invalid_json, OpenAI shape on OpenAI routes", async () => {
    const answer = await post("/v1/chat/completions", "{not json");
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ type: "invalid_request_error", code: "invalid_json", param: null });
    expect(answer.body.error.message).toMatch(/not valid JSON/);
  });

  it("malformed JSON: Anthropic shape on /v1/messages", async () => {
    const answer = await post("/v1/messages", "[1,2");
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: "error", error: { type: "invalid_request_error", code: "invalid_json" } });
  });

  it("a JSON value that is not an object, or no model: 400 invalid_request", async () => {
    expect((await post("/v1/chat/completions", "[]")).body.error.code).toBe("invalid_request");
    const noModel = await post("/v1/chat/completions", JSON.stringify({ messages: [] }));
    expect(noModel.body.error).toMatchObject({ code: "invalid_request", param: "model" });
  });

  it("wrong content type: 415", async () => {
    const answer = await post("/v1/messages", "model=claude", { "content-type": "application/x-www-form-urlencoded" });
    expect(answer.status).toBe(415);
    expect(answer.body.error).toMatchObject({ code: "unsupported_media_type" });
  });

  it("oversized body: 413, and the gateway keeps serving", async () => {
    const big = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x".repeat(100 * 1024) }] });
    const answer = await post("/v1/chat/completions", big);
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe("body_too_large");
    const chunked = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${harness.gateway.url}/v1/messages`, { method: "POST", headers: { "content-type": "application/json" } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on("error", reject);
      for (let index = 0; index < 100; index++) request.write("x".repeat(1024));
      request.end();
    });
    expect(chunked).toBe(413);
    expect((await post("/v1/chat/completions", JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }))).status).toBe(200);
  });

  it("unknown model: 404 unknown_model through both SDKs", async () => {
    const openai = new OpenAI({ apiKey: "sk", baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
    const error = await openai.chat.completions.create({ model: "mystery-1", messages: [{ role: "user", content: "hi" }] }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe("unknown_model");
    const anthropic = new Anthropic({ apiKey: "sk", baseURL: harness.gateway.url, maxRetries: 0 });
    const anthropicError = await anthropic.messages.create({ model: "mystery-1", max_tokens: 5, messages: [{ role: "user", content: "hi" }] }).catch((caught) => caught);
    expect(anthropicError).toBeInstanceOf(Anthropic.NotFoundError);
    expect(anthropicError.error).toMatchObject({ type: "error", error: { type: "not_found_error", code: "unknown_model" } });
  });

  it("a model on the wrong API: 400 naming the provider", async () => {
    const answer = await post("/v1/messages", JSON.stringify({ model: "gpt-4o", max_tokens: 5, messages: [{ role: "user", content: "hi" }] }));
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/served by openai/);
  });

  it("unknown route: 404, wrong method: 405", async () => {
    const unknown = await fetch(`${harness.gateway.url}/v1/embeddings-nope`, { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error.code).toBe("unknown_route");
    const wrongMethod = await fetch(`${harness.gateway.url}/v1/chat/completions`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
  });

  it("bad attribution headers: 400 naming the header", async () => {
    const answer = await post("/v1/chat/completions", JSON.stringify({ model: "gpt-4o-mini", messages: [] }), {
      "content-type": "application/json",
      "x-tokenomy-value-usd": "lots",
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/x-tokenomy-value-usd/);
  });

  it("survives thousands of malformed requests, then serves a good one", async () => {
    const bodies = [
      "",
      "{",
      "null",
      '"text"',
      "1e999",
      '{"model": 5}',
      '{"model": "gpt-4o-mini", "messages": "nope"',
      "\u0000\u0001\u0002",
      '{"model":"' + "a".repeat(5000) + '"}',
      "[".repeat(10_000),
      '{"model":"claude-x","stream":true,',
    ];
    const paths = ["/v1/chat/completions", "/v1/messages", "/v1/responses", "/v1/messages/count_tokens", "/admin/keys", "/nope"];
    const types = ["application/json", "text/plain", "application/json; charset=utf-8", "multipart/form-data"];
    let sent = 0;
    const statuses = new Map<number, number>();
    for (let round = 0; round < 40; round++) {
      const batch: Promise<void>[] = [];
      for (let index = 0; index < 60; index++) {
        const seed = round * 60 + index;
        const body = bodies[seed % bodies.length]! + (seed % 7 === 0 ? String.fromCharCode(seed % 256) : "");
        batch.push(
          fetch(`${harness.gateway.url}${paths[seed % paths.length]}`, { method: "POST", headers: { "content-type": types[seed % types.length]! }, body })
            .then(async (response) => {
              await response.arrayBuffer();
              statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            }),
        );
        sent += 1;
      }
      await Promise.all(batch);
    }
    expect(sent).toBe(2400);
    for (const status of statuses.keys()) expect(status).toBeGreaterThanOrEqual(400);
    expect(statuses.has(500)).toBe(false);
    const openai = new OpenAI({ apiKey: "sk", baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
    const good = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "still alive?" }] });
    expect(good.choices[0]!.message.content).toBeTruthy();
  });
});
