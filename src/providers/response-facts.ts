import type { ClientApi } from "../core/call-context.js";
import type { Usage } from "../core/usage.js";

/** What the gateway reads from an upstream answer, whole or streamed. */
export interface ResponseFacts {
  /** Normalized usage; `{}` until the provider reports any. */
  usage: Usage;
  usageReported: boolean;
  responseId?: string;
  servedModel?: string;
  stopReason?: string;
  /** Names of the tools the model called, in order. */
  toolNames: string[];
  /** Error type an upstream reported inside a 200 stream (`event: error`). */
  streamError?: string;
}

export function emptyFacts(): ResponseFacts {
  return { usage: {}, usageReported: false, toolNames: [] };
}

/** Meters one streamed answer while it is forwarded. */
export interface StreamMeter {
  /**
   * Feeds upstream bytes; answers what to send on to the client: the same buffer when the stream
   * passes unchanged, or text when the meter removed an event the client did not ask for.
   */
  push(chunk: Buffer): Buffer | string;
  /** Text still held back when the upstream ended. */
  finish(): string;
  readonly facts: ResponseFacts;
  /** True once the stream's final event arrived (`[DONE]`, `message_stop`, `response.completed`). */
  readonly complete: boolean;
  /** True once the provider reported the final output token count. */
  readonly outputReported: boolean;
  /**
   * Output tokens of the generated text forwarded so far (content, reasoning text, tool
   * arguments), counted with `count`: the estimate for a stream cut before its usage report.
   */
  receivedOutputTokens(count: (text: string) => number): number;
}

/** How the gateway handles one client wire API. */
export interface ApiAdapter {
  readonly api: ClientApi;
  /** Path under the provider's base URL. */
  readonly upstreamPath: string;
  /**
   * Makes a streamed request report usage. Returns whether the body was changed and whether the
   * extra usage event must be hidden from the client (who did not ask for it).
   */
  prepareStream(body: Record<string, unknown>): { changed: boolean; hideUsage: boolean };
  readResponse(body: unknown): ResponseFacts;
  createStreamMeter(options: { hideUsage: boolean }): StreamMeter;
  /** The system prompt as text, for fingerprints; undefined when there is none. */
  systemText(body: Record<string, unknown>): string | undefined;
  /** The output cap the client set, if any. */
  maxOutputTokens(body: Record<string, unknown>): number | undefined;
}

/** Concatenated text of a string or a list of `{type:"text", text}` blocks. */
export function textOf(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return undefined;
  let text = "";
  for (const part of content) {
    if (part && typeof part === "object" && typeof (part as { text?: unknown }).text === "string") {
      text += (part as { text: string }).text;
    }
  }
  return text;
}

export function positiveInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
