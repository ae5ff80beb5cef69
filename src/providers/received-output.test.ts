import { describe, expect, it } from "vitest";
import { messagesAdapter } from "./anthropic/messages-adapter.js";
import { chatCompletionsAdapter } from "./openai/chat-adapter.js";
import { responsesAdapter } from "./openai/responses-adapter.js";
import type { StreamMeter } from "./response-facts.js";

/** Counts characters, so the assertions read the exact text the meter collected. */
const characters = (text: string) => text.length;

function fed(meter: StreamMeter, events: string[]): StreamMeter {
  const bytes = Buffer.from(events.join(""));
  // Awkward chunking: events split across pushes.
  for (let offset = 0; offset < bytes.length; offset += 7) meter.push(bytes.subarray(offset, offset + 7));
  meter.finish();
  return meter;
}

describe("generated text kept for the estimate of a cut stream", () => {
  it("Chat: content, refusal, reasoning and tool arguments; nothing is reported yet", () => {
    const meter = fed(chatCompletionsAdapter.createStreamMeter({ hideUsage: true }), [
      'data: {"id":"c1","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n',
      'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hello"}}]}\n\n',
      'data: {"id":"c1","choices":[{"index":0,"delta":{"reasoning_content":"hm"}}]}\n\n',
      'data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{\\"a\\""}}]}}]}\n\n',
      'data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":":1}"}}]}}]}\n\n',
    ]);
    expect(meter.receivedOutputTokens(characters)).toBe("Hellohmf{\"a\":1}".length);
    expect(meter.outputReported).toBe(false);
  });

  it("Chat: the usage chunk marks the output as reported", () => {
    const meter = fed(chatCompletionsAdapter.createStreamMeter({ hideUsage: false }), [
      'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}\n\n',
      'data: {"id":"c1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}\n\n',
    ]);
    expect(meter.outputReported).toBe(true);
  });

  it("Responses: every *.delta event with a string delta", () => {
    const meter = fed(responsesAdapter.createStreamMeter({ hideUsage: false }), [
      'event: response.created\ndata: {"type":"response.created","response":{"id":"r1","model":"gpt-4o"}}\n\n',
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"Hel"}\n\n',
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"lo"}\n\n',
      'event: response.function_call_arguments.delta\ndata: {"type":"response.function_call_arguments.delta","delta":"{}"}\n\n',
      'event: response.output_text.done\ndata: {"type":"response.output_text.done","text":"Hello"}\n\n',
    ]);
    expect(meter.receivedOutputTokens(characters)).toBe("Hello{}".length);
    expect(meter.outputReported).toBe(false);
  });

  it("Messages: text, thinking and tool input; message_start's provisional output does not count as reported", () => {
    const meter = fed(messagesAdapter.createStreamMeter({ hideUsage: false }), [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m1","model":"claude-haiku-4-5","usage":{"input_tokens":12,"output_tokens":1}}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"ok"}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"c2ln"}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hi"}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"c\\":2}"}}\n\n',
    ]);
    expect(meter.receivedOutputTokens(characters)).toBe('okHi{"c":2}'.length);
    expect(meter.facts.usage.inputNoCache).toBe(12);
    expect(meter.outputReported).toBe(false);
    fed(meter, ['event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}\n\n']);
    expect(meter.outputReported).toBe(true);
  });
});
