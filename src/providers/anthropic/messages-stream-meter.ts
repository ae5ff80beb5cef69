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
  constructor() {
    super(false);
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
}
