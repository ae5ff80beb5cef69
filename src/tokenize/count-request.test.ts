import { describe, expect, it } from "vitest";
import { countRequestTokens, TOKENS_PER_IMAGE, TOKENS_PER_MESSAGE, TOKENS_PER_REPLY, TOKENS_PER_TOOL } from "./count-request.js";
import { countTokens } from "./count-tokens.js";

describe("countRequestTokens", () => {
  it("counts an OpenAI chat body: framing per message, text, tool calls and tool definitions", () => {
    const tool = { type: "function", function: { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } } } } };
    const body = {
      model: "gpt-4o",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: [{ type: "text", text: "Weather in Paris?" }, { type: "image_url", image_url: { url: "data:..." } }] },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
        { role: "tool", tool_call_id: "c1", content: "18C, clear" },
      ],
      tools: [tool],
    };
    const estimate = countRequestTokens(body, "gpt-4o");
    expect(estimate.tokenizer).toBe("o200k_base");
    expect(estimate.system).toBe(countTokens("You are terse.", "gpt-4o"));
    expect(estimate.messages).toBe(countTokens(['Weather in Paris?', 'get_weather{"city":"Paris"}', "18C, clear"].join("\n"), "gpt-4o") + 4 * TOKENS_PER_MESSAGE + TOKENS_PER_REPLY);
    expect(estimate.tools).toBe(countTokens(JSON.stringify(tool), "gpt-4o") + TOKENS_PER_TOOL);
    expect(estimate.images).toBe(TOKENS_PER_IMAGE);
    expect(estimate.total).toBe(estimate.system + estimate.messages + estimate.tools + estimate.images);
  });

  it("counts an Anthropic messages body with system blocks, tool_use, tool_result and thinking, as a Claude estimate", () => {
    const body = {
      system: [{ type: "text", text: "You are a coding agent." }],
      messages: [
        { role: "user", content: "Fix the bug in main.ts" },
        { role: "assistant", content: [{ type: "thinking", thinking: "Look at the file first." }, { type: "tool_use", id: "t1", name: "Read", input: { path: "main.ts" } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: [{ type: "text", text: "export const x = 1;" }] }] },
      ],
      tools: [{ name: "Read", description: "Read a file", input_schema: { type: "object" } }],
    };
    const estimate = countRequestTokens(body, "claude-sonnet-4-5");
    expect(estimate.tokenizer).toBe("claude-estimate");
    expect(estimate.system).toBe(countTokens("You are a coding agent.", "claude-sonnet-4-5"));
    const text = ["Fix the bug in main.ts", "Look at the file first.", 'Read{"path":"main.ts"}', "export const x = 1;"].join("\n");
    expect(estimate.messages).toBe(countTokens(text, "claude-sonnet-4-5") + 3 * TOKENS_PER_MESSAGE + TOKENS_PER_REPLY);
    expect(estimate.tools).toBeGreaterThan(TOKENS_PER_TOOL);
  });

  it("counts a Responses body (instructions, string or item input)", () => {
    expect(countRequestTokens({ instructions: "Be brief.", input: "hello" }, "gpt-5")).toMatchObject({
      system: countTokens("Be brief.", "gpt-5"),
      messages: countTokens("hello", "gpt-5") + TOKENS_PER_MESSAGE + TOKENS_PER_REPLY,
    });
    const items = countRequestTokens({ input: [{ role: "user", content: [{ type: "input_text", text: "hi" }] }, { type: "function_call_output", call_id: "c", output: "42" }] }, "gpt-5");
    expect(items.messages).toBe(countTokens("hi\n42", "gpt-5") + 2 * TOKENS_PER_MESSAGE + TOKENS_PER_REPLY);
  });

  it("survives bodies that are not requests", () => {
    for (const body of [null, 42, "text", [], { messages: "x" }, { messages: [null, 1, { content: { nested: true } }] }]) {
      expect(countRequestTokens(body, "gpt-4o").total).toBeGreaterThanOrEqual(0);
    }
    expect(countRequestTokens({}, "gpt-4o").total).toBe(0);
  });
});
