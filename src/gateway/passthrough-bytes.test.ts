import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallContext } from "../core/call-context.js";
import { definePolicy } from "../core/pipeline.js";
import { startGateway, type RunningGateway } from "./index.js";

/** A real recorded Chat Completions answer (OpenAI's documented example). */
const recordedAnswer = JSON.stringify({
  id: "chatcmpl-123",
  object: "chat.completion",
  created: 1677652288,
  model: "gpt-4o-mini-2024-07-18",
  choices: [{ index: 0, message: { role: "assistant", content: "Hello there, how may I assist you today?" }, logprobs: null, finish_reason: "stop" }],
  usage: { prompt_tokens: 9, completion_tokens: 12, total_tokens: 21 },
});

// Formatting and values a parse-and-serialize round trip would change: spacing, key order,
// escapes, a number past 2^53, a float written with an exponent, fields tokenomy does not know.
const clientBody = Buffer.from(
  '{ "messages" : [ {"role":"user","content":"caf\\u00e9 \\/ \\ud83d\\ude00 ✓"} ],\n' +
    '  "model":"gpt-4o-mini", "seed": 12345678901234567891, "temperature": 1.0e0,\n' +
    '  "x_vendor_extension": {"nested": [1, 2.50, {"deep": null}]}, "metadata": {"k": "v"} }\n',
);

let upstream: Server;
let received: Buffer[] = [];
let directory: string;

function start(policy?: ReturnType<typeof definePolicy<CallContext>>): Promise<RunningGateway> {
  const { port } = upstream.address() as AddressInfo;
  return startGateway({
    port: 0,
    db: join(directory, `ledger-${Math.random()}.db`),
    upstreams: { openai: `http://127.0.0.1:${port}/v1` },
    env: {},
    ...(policy ? { policies: [policy] } : {}),
  });
}

async function send(gateway: RunningGateway): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-client" },
    body: clientBody,
  });
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "tokenomy-bytes-"));
  upstream = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push(Buffer.concat(chunks));
      response.writeHead(200, { "content-type": "application/json" });
      response.end(recordedAnswer);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
  rmSync(directory, { recursive: true, force: true });
});

describe("request bodies reach the upstream untouched", () => {
  it("forwards the client's exact bytes when no policy changed the body", async () => {
    received = [];
    const gateway = await start();
    try {
      const answer = await send(gateway);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe(recordedAnswer);
      expect(received).toHaveLength(1);
      expect(received[0]!.equals(clientBody)).toBe(true);
    } finally {
      await gateway.close();
    }
  });

  it("forwards the client's exact bytes when a policy only counted the prompt", async () => {
    received = [];
    const reader = definePolicy<CallContext>("reader", async (context, next) => {
      void context.promptTokens;
      await next();
    });
    const gateway = await start(reader);
    try {
      await send(gateway);
      expect(received[0]!.equals(clientBody)).toBe(true);
    } finally {
      await gateway.close();
    }
  });

  it("keeps every field it does not know when a policy changed the body", async () => {
    received = [];
    const editor = definePolicy<CallContext>("editor", async (context, next) => {
      context.body.max_tokens = 64;
      await next();
    });
    const gateway = await start(editor);
    try {
      expect((await send(gateway)).status).toBe(200);
      const sent = JSON.parse(received[0]!.toString("utf8")) as Record<string, unknown>;
      expect(sent).toEqual({ ...(JSON.parse(clientBody.toString("utf8")) as object), max_tokens: 64 });
      expect(sent.x_vendor_extension).toEqual({ nested: [1, 2.5, { deep: null }] });
      expect(sent.metadata).toEqual({ k: "v" });
      expect((sent.messages as { content: string }[])[0]!.content).toBe("café / 😀 ✓");
    } finally {
      await gateway.close();
    }
  });
});
