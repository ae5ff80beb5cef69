import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "./index.js";

// A raw upstream that answers a Chat stream ending in an error event, with or without text first.
const chunk = (delta: object) => `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", model: "gpt-4o-mini", choices: [{ index: 0, delta }] })}\n\n`;
const errorEvent = `data: ${JSON.stringify({ error: { type: "server_error", message: "boom" } })}\n\n`;
const streams: Record<string, string> = {
  late: chunk({ role: "assistant", content: "" }) + chunk({ content: "The quick brown fox jumps over the lazy dog." }) + errorEvent + "data: [DONE]\n\n",
  early: errorEvent + "data: [DONE]\n\n",
};

let upstream: Server;
let gateway: RunningGateway;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "tokenomy-stream-error-"));
  upstream = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(streams[String(request.headers["x-test-stream"])]);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const { port } = upstream.address() as AddressInfo;
  gateway = await startGateway({ port: 0, db: join(directory, "ledger.db"), upstreams: { openai: `http://127.0.0.1:${port}/v1` }, env: {} });
});
afterAll(async () => {
  await gateway.close();
  await new Promise((resolve) => upstream.close(resolve));
  rmSync(directory, { recursive: true, force: true });
});

async function call(stream: string): Promise<Record<string, unknown>> {
  const answer = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-test-stream": stream },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Tell me about foxes" }], stream: true }),
  });
  await answer.text();
  const requestId = answer.headers.get("x-tokenomy-request-id");
  await gateway.runtime.writer.flush();
  for await (const record of gateway.runtime.services.ledger.records()) if (record.id === requestId) return record as unknown as Record<string, unknown>;
  throw new Error("no record");
}

describe("an error event inside a 200 stream", () => {
  it("after generated text: recorded as an error with estimated usage", async () => {
    const record = await call("late");
    expect(record).toMatchObject({ status: "error", errorClass: "server_error", tags: { usageEstimated: "input,output" } });
    expect((record.usage as { output: number }).output).toBe(10);
    expect((record.usage as { inputNoCache: number }).inputNoCache).toBeGreaterThan(0);
  });

  it("before anything was generated: not billed, nothing estimated", async () => {
    const record = await call("early");
    expect(record).toMatchObject({ status: "error", errorClass: "server_error", usage: {} });
    expect(record.tags).toBeUndefined();
  });
});
