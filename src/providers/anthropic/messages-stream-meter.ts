import { ScanningStreamMeter } from "../scanning-stream-meter.js";
import { eventTypeOf, parseJsonOrUndefined, parseSseEvent } from "../sse-splitter.js";
import { mergeAnthropicStreamUsage } from "./convert-usage.js";
import { readMessageInto } from "./messages-response.js";

const parsedEvents = new Set(["message_start", "message_delta", "content_block_start", "error"]);
const knownEvents = [...parsedEvents, "message_stop"];

/**
 * Meters a Messages stream: prompt usage from `message_start`, output and stop reason from
 * `message_delta` (cumulative), tool names from `content_block_start`. Deltas are not parsed.
 */
export class MessagesStreamMeter extends ScanningStreamMeter {
  private finalOutput = false;

  constructor() {
    super(false);
  }

  /** `message_start` reports the input and a provisional output count; only `message_delta` gives the final output. */
  override get outputReported(): boolean {
    return this.finalOutput;
  }

  protected observe(raw: string): boolean {
    const { event, data } = parseSseEvent(raw);
    const type = eventTypeOf(event, data, knownEvents);
    if (type === "message_stop") {
      this.complete = true;
      return true;
    }
    if (type === undefined || !parsedEvents.has(type)) return true;
    if (type === "content_block_start" && !data.includes('"tool_use"') && !data.includes('"server_tool_use"')) return true;
    const parsed = parseJsonOrUndefined(data) as Record<string, unknown> | undefined;
    if (!parsed || (event === undefined && parsed.type !== type)) return true;
    if (type === "message_start" && parsed.message && typeof parsed.message === "object") {
      readMessageInto(this.facts, parsed.message as Record<string, unknown>);
    } else if (type === "message_delta") {
      this.facts.usage = mergeAnthropicStreamUsage(this.facts.usage, parsed);
      this.facts.usageReported = true;
      this.finalOutput = true;
      const stop = (parsed.delta as Record<string, unknown> | undefined)?.stop_reason;
      if (typeof stop === "string") this.facts.stopReason = stop;
    } else if (type === "content_block_start") {
      const name = (parsed.content_block as Record<string, unknown> | undefined)?.name;
      if (typeof name === "string") this.facts.toolNames.push(name);
    } else if (type === "error") {
      this.facts.streamError = String((parsed.error as Record<string, unknown> | undefined)?.type ?? "error");
    }
    return true;
  }

  /** `content_block_delta` text, thinking and tool input JSON (signatures are not billed output). */
  protected generatedText(raw: string): string {
    const { event, data } = parseSseEvent(raw);
    if (event !== undefined && event !== "content_block_delta") return "";
    if (event === undefined && !data.includes('"content_block_delta"')) return "";
    const delta = (parseJsonOrUndefined(data) as { delta?: Record<string, unknown> } | undefined)?.delta;
    if (!delta || typeof delta !== "object") return "";
    for (const field of ["text", "thinking", "partial_json"]) if (typeof delta[field] === "string") return delta[field] as string;
    return "";
  }
}
