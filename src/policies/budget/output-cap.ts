import type { CallContext } from "../../core/call-context.js";

/** The body field that carries the output cap in each API the client may call. */
export function outputCapField(context: Pick<CallContext, "api" | "provider" | "body">): string {
  switch (context.api) {
    case "anthropic-messages":
      return "max_tokens";
    case "openai-responses":
      return "max_output_tokens";
    case "openai-chat":
      if ("max_completion_tokens" in context.body) return "max_completion_tokens";
      if ("max_tokens" in context.body) return "max_tokens";
      // OpenAI's reasoning models refuse `max_tokens`; compatible servers (vLLM, Ollama) know only it.
      return context.provider === "openai" ? "max_completion_tokens" : "max_tokens";
  }
}

/**
 * Sets the call's output cap to `cap` when the client sent none or a larger one (a per-key
 * denial-of-wallet cap). Returns the cap now in force and whether the body was changed.
 */
export function enforceOutputCap(context: CallContext, cap: number | undefined): { maxOutputTokens: number | undefined; changed: boolean } {
  if (cap === undefined) return { maxOutputTokens: context.maxOutputTokens, changed: false };
  if (context.maxOutputTokens !== undefined && context.maxOutputTokens <= cap) return { maxOutputTokens: context.maxOutputTokens, changed: false };
  context.body[outputCapField(context)] = cap;
  context.maxOutputTokens = cap;
  return { maxOutputTokens: cap, changed: true };
}
