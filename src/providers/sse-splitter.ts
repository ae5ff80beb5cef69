/**
 * Splits a server-sent-event stream into whole events as text arrives in arbitrary chunks.
 * Line endings are normalized to `\n`, so an event's raw text can be forwarded as `raw + "\n\n"`.
 */
export class SseSplitter {
  private pending = "";
  private endedWithCarriageReturn = false;

  /** Calls `onEvent` with the raw text (no blank-line terminator) of every event completed by `text`. */
  push(text: string, onEvent: (raw: string) => void): void {
    // A `\r\n` split across chunks: the `\r` already became `\n`, so drop the `\n`.
    if (this.endedWithCarriageReturn && text.startsWith("\n")) text = text.slice(1);
    this.endedWithCarriageReturn = text.endsWith("\r");
    let buffer = this.pending + (text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text);
    let boundary = buffer.indexOf("\n\n");
    while (boundary !== -1) {
      const raw = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      if (raw.length > 0) onEvent(raw);
      boundary = buffer.indexOf("\n\n");
    }
    this.pending = buffer;
  }

  /** Text of an event left unterminated when the stream ended. */
  rest(): string {
    const rest = this.pending;
    this.pending = "";
    return rest;
  }
}

export interface SseEvent {
  event: string | undefined;
  data: string;
}

/**
 * The `event` and `data` fields of one raw event (multi-line data joined with `\n`).
 *
 * @example
 * parseSseEvent('event: message_stop\ndata: {"type":"message_stop"}') // { event: "message_stop", data: '{"type":"message_stop"}' }
 */
export function parseSseEvent(raw: string): SseEvent {
  let event: string | undefined;
  let data: string | undefined;
  let start = 0;
  while (start <= raw.length) {
    let end = raw.indexOf("\n", start);
    if (end === -1) end = raw.length;
    const line = raw.slice(start, end);
    start = end + 1;
    if (line.length === 0 || line.charCodeAt(0) === 58 /* ":" */) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1);
    if (field === "event") event = value;
    else if (field === "data") data = data === undefined ? value : `${data}\n${value}`;
  }
  return { event, data: data ?? "" };
}

/** JSON.parse that answers `undefined` instead of throwing. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The type of an event: its `event:` line, or, for servers that send only `data:`, whichever of
 * `wanted` the data names (a quoted type name cannot occur inside a JSON string value unescaped).
 * Callers confirm with the parsed top-level `type`.
 */
export function eventTypeOf(event: string | undefined, data: string, wanted: readonly string[]): string | undefined {
  if (event !== undefined) return event;
  for (const name of wanted) if (data.includes(`"${name}"`)) return name;
  return undefined;
}
