import { ScanningStreamMeter } from "../scanning-stream-meter.js";
import { parseJsonOrUndefined, parseSseEvent } from "../sse-splitter.js";
import { readChatChunkInto } from "./chat-response.js";

const usageObject = /"usage"\s*:\s*\{/;
const finishReason = /"finish_reason"\s*:\s*"/;

/**
 * Meters a Chat Completions stream. Only chunks that can carry facts (the first, usage, finish
 * reason, tool call names) are parsed; content deltas are only scanned. With `hideUsage`, the
 * usage-only chunk the gateway asked for is dropped so the client sees what it asked for.
 */
export class ChatStreamMeter extends ScanningStreamMeter {
  private seenFirst = false;

  constructor(private readonly hideUsage: boolean) {
    super(hideUsage);
  }

  protected observe(raw: string): boolean {
    const { data } = parseSseEvent(raw);
    if (data === "[DONE]") {
      this.complete = true;
      return true;
    }
    const hasUsage = usageObject.test(data);
    const interesting =
      !this.seenFirst ||
      hasUsage ||
      finishReason.test(data) ||
      (data.includes('"tool_calls"') && data.includes('"name"')) ||
      // OpenAI-compatible servers report a failure mid-stream as a chunk with an `error` member.
      data.includes('"error"');
    if (!interesting) return true;
    const chunk = parseJsonOrUndefined(data);
    if (!chunk || typeof chunk !== "object") return true;
    this.seenFirst = true;
    const record = chunk as Record<string, unknown>;
    if (record.error) this.facts.streamError = String((record.error as Record<string, unknown>).type ?? "error");
    readChatChunkInto(this.facts, record);
    if (this.hideUsage && hasUsage && Array.isArray(record.choices) && record.choices.length === 0) return false;
    return true;
  }

  protected generatedText(raw: string): string {
    const chunk = parseJsonOrUndefined(parseSseEvent(raw).data) as { choices?: unknown } | undefined;
    if (!chunk || !Array.isArray(chunk.choices)) return "";
    let text = "";
    for (const choice of chunk.choices as { delta?: Record<string, unknown> }[]) {
      const delta = choice?.delta;
      if (!delta || typeof delta !== "object") continue;
      for (const field of ["content", "refusal", "reasoning_content", "reasoning"]) {
        if (typeof delta[field] === "string") text += delta[field];
      }
      if (!Array.isArray(delta.tool_calls)) continue;
      for (const call of delta.tool_calls as { function?: { name?: unknown; arguments?: unknown } }[]) {
        if (typeof call?.function?.name === "string") text += call.function.name;
        if (typeof call?.function?.arguments === "string") text += call.function.arguments;
      }
    }
    return text;
  }
}
