import { ScanningStreamMeter } from "../scanning-stream-meter.js";
import { eventTypeOf, parseJsonOrUndefined, parseSseEvent } from "../sse-splitter.js";
import { readResponseInto } from "./responses-response.js";

const finalEvents = new Set(["response.completed", "response.incomplete", "response.failed"]);
const parsedEvents = [...finalEvents, "response.created", "error"];

/** Meters a Responses API stream: ids from `response.created`, usage from the final event. */
export class ResponsesStreamMeter extends ScanningStreamMeter {
  constructor() {
    super(false);
  }

  protected observe(raw: string): boolean {
    const { event, data } = parseSseEvent(raw);
    const type = eventTypeOf(event, data, parsedEvents);
    if (type === undefined || !parsedEvents.includes(type)) return true;
    const final = finalEvents.has(type);
    const parsed = parseJsonOrUndefined(data) as Record<string, unknown> | undefined;
    if (!parsed || (event === undefined && parsed.type !== type)) return true;
    if (type === "error") {
      this.facts.streamError = String(parsed.code ?? parsed.type ?? "error");
      return true;
    }
    const response = parsed.response as Record<string, unknown> | undefined;
    if (response && typeof response === "object") readResponseInto(this.facts, response);
    if (final) this.complete = true;
    return true;
  }

  /** Every `*.delta` event with a string `delta`: output text, refusals, reasoning text and summaries, tool arguments. */
  protected generatedText(raw: string): string {
    const { event, data } = parseSseEvent(raw);
    if (event !== undefined && !event.endsWith(".delta")) return "";
    const parsed = parseJsonOrUndefined(data) as { type?: unknown; delta?: unknown } | undefined;
    if (!parsed || typeof parsed.delta !== "string" || typeof parsed.type !== "string" || !parsed.type.endsWith(".delta")) return "";
    return parsed.delta;
  }
}
