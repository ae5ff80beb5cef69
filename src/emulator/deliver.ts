import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { UsageCharge } from "./billing-ledger.js";
import type { Generation } from "./engine.js";
import type { EmulatorState } from "./emulator-state.js";
import { sleep } from "./http-io.js";

/** One server-sent event, serialized, with the generated tokens it carries (for pacing and partial billing). */
export interface SseFrame {
  text: string;
  outputTokens: number;
}

export type DeliveryFault = "cut" | "malformed" | undefined;

function delayFor(state: EmulatorState, tokens: number): number {
  const { tokensPerSecond } = state.latency;
  return tokensPerSecond > 0 ? (tokens * 1000) / tokensPerSecond : 0;
}

/** Lets the bytes already written reach the client before the socket dies, as when a real connection drops mid-stream. */
async function destroyAfterFlush(response: ServerResponse, text: string): Promise<void> {
  if (text !== "") await new Promise<void>((resolve) => response.write(text, () => resolve()));
  await sleep(CUT_DELAY_MS);
  response.socket?.destroy();
}

const CUT_DELAY_MS = 25;

function partialUsage(usage: UsageCharge, outputSent: number): UsageCharge {
  const output = Math.min(usage.output, outputSent);
  return { ...usage, output, reasoning: Math.min(usage.reasoning, output) };
}

function bill(state: EmulatorState, generation: Generation, outcome: "complete" | "cut" | "malformed" | "aborted", outputSent: number): void {
  const { provider, model } = generation.request;
  if (outcome === "complete") state.ledger.charge(provider, model, generation.usage);
  else state.ledger.chargePartial(outcome, partialUsage(generation.usage, outputSent));
}

/** Sends a whole JSON body after the latency model's delay; `cut` and `malformed` break it on purpose. */
export async function deliverJson(
  response: ServerResponse,
  state: EmulatorState,
  generation: Generation,
  body: unknown,
  headers: OutgoingHttpHeaders,
  fault: DeliveryFault,
): Promise<void> {
  const wait = state.latency.timeToFirstTokenMs + delayFor(state, generation.usage.output);
  if (wait > 0) {
    await sleep(wait);
    if (response.destroyed) return bill(state, generation, "aborted", 0);
  }
  const text = JSON.stringify(body);
  if (fault === "malformed") {
    const broken = `${text.slice(0, Math.floor(text.length / 2))}<<emulator: malformed>>`;
    response.writeHead(200, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(broken) });
    response.end(broken);
    return bill(state, generation, "malformed", generation.usage.output);
  }
  response.writeHead(200, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  if (fault === "cut") {
    bill(state, generation, "cut", generation.usage.output);
    return destroyAfterFlush(response, text.slice(0, Math.floor(text.length / 2)));
  }
  response.end(text);
  bill(state, generation, "complete", generation.usage.output);
}

/**
 * Streams SSE frames: headers at once, the first frame after the time to first token, the rest
 * paced by tokens per second. With zero latency everything goes out in one write. `cut` destroys
 * the socket after about half of the frames; `malformed` sends a frame that is not JSON and ends.
 */
export async function deliverStream(
  response: ServerResponse,
  state: EmulatorState,
  generation: Generation,
  frames: SseFrame[],
  headers: OutgoingHttpHeaders,
  fault: DeliveryFault,
): Promise<void> {
  response.writeHead(200, { ...headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
  const stopAt = fault ? Math.max(2, Math.floor(frames.length / 2)) : frames.length;
  const paced = state.latency.timeToFirstTokenMs > 0 || state.latency.tokensPerSecond > 0;
  let outputSent = 0;
  let text = "";
  if (!paced) {
    for (let index = 0; index < stopAt; index++) {
      const frame = frames[index] as SseFrame;
      text += frame.text;
      outputSent += frame.outputTokens;
    }
  } else {
    await sleep(state.latency.timeToFirstTokenMs);
    for (let index = 0; index < stopAt; index++) {
      if (response.destroyed) return bill(state, generation, "aborted", outputSent);
      const frame = frames[index] as SseFrame;
      await sleep(delayFor(state, frame.outputTokens));
      if (response.destroyed) return bill(state, generation, "aborted", outputSent);
      response.write(frame.text);
      outputSent += frame.outputTokens;
    }
  }
  if (fault === "cut") {
    bill(state, generation, "cut", outputSent);
    return destroyAfterFlush(response, text);
  }
  if (fault === "malformed") {
    response.end(`${text}data: {"emulator": malformed\n\n`);
    return bill(state, generation, "malformed", outputSent);
  }
  response.end(text);
  bill(state, generation, "complete", outputSent);
}

/** Serializes one SSE event; `event:` lines are sent by Anthropic and the Responses API, not by chat completions. */
export function sseFrame(data: unknown, outputTokens = 0, event?: string): SseFrame {
  const json = typeof data === "string" ? data : JSON.stringify(data);
  return { text: event ? `event: ${event}\ndata: ${json}\n\n` : `data: ${json}\n\n`, outputTokens };
}
