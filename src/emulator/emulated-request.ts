/**
 * The provider-neutral view of one generation request. Each API adapter (chat completions,
 * responses, messages) converts its body into this; the engine only ever sees this shape.
 */
export interface PromptSegment {
  /** Text the segment contributes to the prompt, as the tokenizer sees it. */
  text: string;
  /** Tokens that are not in `text`: message framing, image estimates. */
  extraTokens: number;
  /** Hashed with `text` to identify the segment (an image's bytes, say) without being tokenized. */
  identity?: string;
  /** An Anthropic `cache_control` breakpoint on this block, with its TTL. */
  cacheTtl?: "5m" | "1h";
}

export interface ToolSpec {
  name: string;
  /** JSON schema of the arguments (`parameters` / `input_schema`). */
  schema: unknown;
}

export type ToolChoice = { kind: "auto" } | { kind: "none" } | { kind: "required" } | { kind: "tool"; name: string };

export type ReasoningRequest =
  | { kind: "none" }
  /** OpenAI reasoning models: `reasoning_effort` / `reasoning.effort`. */
  | { kind: "effort"; effort: string }
  /** Anthropic extended thinking: `thinking.budget_tokens`. */
  | { kind: "budget"; budgetTokens: number };

export interface EmulatedRequest {
  provider: "openai" | "anthropic";
  model: string;
  segments: PromptSegment[];
  tools: ToolSpec[];
  toolChoice: ToolChoice;
  /** Cap on generated tokens (reasoning included), when the request sets one. */
  maxOutputTokens: number | undefined;
  /** The last turn hands back a tool result: the emulator then answers in text unless a tool is forced. */
  lastTurnIsToolResult: boolean;
  reasoning: ReasoningRequest;
  /** Stable hash of everything that defines the answer: same request, same answer. */
  answerKey: number;
  /** OpenAI `prompt_cache_key`: separates cache buckets. */
  promptCacheKey?: string;
  /** OpenAI `prompt_cache_retention: "24h"`. */
  extendedCacheRetention?: boolean;
  /** `x-emulator-output-tokens`: length of the text answer, for tests that need a given size. */
  forcedOutputTokens?: number;
}

/** Drops the fields that only change the transport, so a streamed and a plain request share an answer. */
export function answerDefiningBody(body: Record<string, unknown>): Record<string, unknown> {
  const { stream: _stream, stream_options: _streamOptions, ...rest } = body;
  return rest;
}
