export interface SseEvent {
  event: string | undefined;
  /** Parsed JSON data, or the raw text when it is not JSON (`[DONE]`). */
  data: unknown;
}

/** Splits an SSE body into events (`event:` and `data:` lines; frames separated by a blank line). */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const frame of text.split(/\r?\n\r?\n/)) {
    if (frame.trim() === "") continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of frame.split(/\r?\n/)) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
    }
    const joined = data.join("\n");
    let parsed: unknown = joined;
    try {
      parsed = JSON.parse(joined);
    } catch {
      // `[DONE]` and malformed frames stay text.
    }
    events.push({ event, data: parsed });
  }
  return events;
}
