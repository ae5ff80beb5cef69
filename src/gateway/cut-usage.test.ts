import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CallRecord } from "../core/call-record.js";
import { countRequestTokens } from "../tokenize/index.js";
import { startHarness, type Harness } from "./test-harness.js";

// A paced emulator flushes frames before it cuts (unpaced, its cut lands before any byte).
let harness: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  harness = await startHarness({}, { latency: { tokensPerSecond: 5_000 } });
  openai = new OpenAI({ apiKey: "sk-client", baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: "sk-ant-client", baseURL: harness.gateway.url, maxRetries: 0 });
});
afterAll(() => harness.close());
beforeEach(() => harness.emulator.reset());

async function drain(stream: AsyncIterable<unknown>, abortAfter?: () => void): Promise<number> {
  let events = 0;
  try {
    for await (const _event of stream) {
      events += 1;
      if (abortAfter && events === 3) {
        abortAfter();
        break;
      }
    }
  } catch {
    // The cut reaches the client as a broken stream.
  }
  return events;
}

let runs = 0;
/** A run id per call, so a late record of an earlier test cannot be mistaken for this one. */
function run(extra: Record<string, string> = {}): { runId: string; headers: Record<string, string> } {
  const runId = `cut-run-${++runs}`;
  return { runId, headers: { "x-tokenomy-run-id": runId, ...extra } };
}

/** Client aborts settle after the client moved on: wait for the record. */
async function recordOf(runId: string): Promise<CallRecord> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const record = (await harness.records()).find((candidate) => candidate.runId === runId);
    if (record) return record;
    if (Date.now() > deadline) throw new Error(`no record for ${runId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The emulator bills a cut response for the frames it sent; the estimate counts what the gateway forwarded. */
function expectEstimatedLikeBilled(record: CallRecord, parts: string, tolerance = 1.1): void {
  expect(record.status).toBe("cut");
  expect(record.tags?.usageEstimated).toBe(parts);
  expect(record.usage.inputNoCache).toBeGreaterThan(0);
  expect(record.usage.output).toBeGreaterThan(0);
  expect(record.costPico).toBeGreaterThan(0);
  // `partial.cut`, not any partial bill: an earlier test's client abort may be billed (as `aborted`) after the reset.
  const billed = harness.emulator.billed().partial.cut!;
  // Frames after the last one flushed are lost in the cut; text re-tokenized as a whole can differ by a few tokens.
  expect(record.usage.output!).toBeLessThanOrEqual(Math.ceil(billed.output * tolerance) + 3);
  expect(record.usage.output!).toBeGreaterThanOrEqual(Math.floor(billed.output / 2));
}

describe("a stream cut before its usage report is metered with an estimate of what was received", () => {
  const messages = [{ role: "user" as const, content: "A long story about tokens, please" }];
  const cut = { "x-emulator-fault": "cut" };

  it("Chat Completions, cut by the upstream", async () => {
    const { runId, headers } = run(cut);
    const stream = await openai.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true }, { headers });
    expect(await drain(stream)).toBeGreaterThan(0);
    const record = await recordOf(runId);
    expect(record.errorClass).toBe("upstream_cut");
    expectEstimatedLikeBilled(record, "input,output");
    expect(record.usage.inputNoCache).toBe(countRequestTokens({ messages }, "gpt-4o-mini").total);
  });

  it("Chat Completions, abandoned by the client", async () => {
    const { runId, headers } = run();
    const controller = new AbortController();
    const stream = await openai.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true }, { headers, signal: controller.signal });
    await drain(stream, () => controller.abort());
    const record = await recordOf(runId);
    expect(record).toMatchObject({ status: "cut", errorClass: "client_closed", tags: { usageEstimated: "input,output" } });
    expect(record.usage.inputNoCache).toBeGreaterThan(0);
    expect(record.usage.output).toBeGreaterThan(0);
    expect(record.costPico).toBeGreaterThan(0);
  });

  it("Responses, cut by the upstream", async () => {
    const { runId, headers } = run(cut);
    const stream = await openai.responses.create({ model: "gpt-4o-mini", input: "Write a long essay on tokens", stream: true }, { headers });
    expect(await drain(stream)).toBeGreaterThan(0);
    const record = await recordOf(runId);
    expect(record.errorClass).toBe("upstream_cut");
    expectEstimatedLikeBilled(record, "input,output");
  });

  it("Responses, abandoned by the client", async () => {
    const { runId, headers } = run();
    const controller = new AbortController();
    const stream = await openai.responses.create({ model: "gpt-4o-mini", input: "Write a long essay on tokens", stream: true }, { headers, signal: controller.signal });
    await drain(stream, () => controller.abort());
    const record = await recordOf(runId);
    expect(record).toMatchObject({ status: "cut", errorClass: "client_closed", tags: { usageEstimated: "input,output" } });
    expect(record.usage.inputNoCache).toBeGreaterThan(0);
    expect(record.usage.output).toBeGreaterThan(0);
  });

  it("Messages, cut by the upstream: input as reported at message_start, output estimated", async () => {
    const { runId, headers } = run(cut);
    const stream = await anthropic.messages.create({ model: "claude-haiku-4-5", max_tokens: 400, messages, stream: true }, { headers });
    expect(await drain(stream)).toBeGreaterThan(0);
    const record = await recordOf(runId);
    expect(record.errorClass).toBe("upstream_cut");
    // Claude's tokenizer is not public: tokenomy estimates it as 1.15 o200k tokens, the emulator counts o200k.
    expectEstimatedLikeBilled(record, "output", 1.3);
    expect(record.usage.inputNoCache).toBe(harness.emulator.billed().partial.cut!.inputNoCache);
  });

  it("Messages, abandoned by the client", async () => {
    const { runId, headers } = run();
    const controller = new AbortController();
    const stream = await anthropic.messages.create({ model: "claude-haiku-4-5", max_tokens: 400, messages, stream: true }, { headers, signal: controller.signal });
    await drain(stream, () => controller.abort());
    const record = await recordOf(runId);
    expect(record).toMatchObject({ status: "cut", errorClass: "client_closed", tags: { usageEstimated: "output" } });
    expect(record.usage.inputNoCache).toBeGreaterThan(0);
    expect(record.usage.output).toBeGreaterThan(0);
  });

  it("a whole answer broken off mid-body: the prompt is estimated, the output cannot be", async () => {
    const { runId, headers } = run(cut);
    await expect(openai.chat.completions.create({ model: "gpt-4o-mini", messages }, { headers })).rejects.toThrow();
    const record = await recordOf(runId);
    expect(record).toMatchObject({ status: "error", errorClass: "upstream_cut", tags: { usageEstimated: "input" } });
    expect(record.usage.inputNoCache).toBe(countRequestTokens({ messages }, "gpt-4o-mini").total);
    expect(record.usage.output).toBeUndefined();
  });

  it("a complete stream is not flagged", async () => {
    const { runId, headers } = run();
    const stream = await openai.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true }, { headers });
    await drain(stream);
    const record = await recordOf(runId);
    expect(record.status).toBe("ok");
    expect(record.tags?.usageEstimated).toBeUndefined();
  });
});
