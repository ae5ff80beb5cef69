import { describe, expect, it } from "vitest";
import { TokenomyError } from "../core/errors/index.js";
import { fitMessages } from "./fit-messages.js";
import type { ChatMessage } from "./message-tokens.js";

/** One token per word keeps the arithmetic visible: a message costs 4 + its words. */
const words = (text: string) => (text.trim() === "" ? 0 : text.trim().split(/\s+/).length);

const history: ChatMessage[] = [
  { role: "system", content: "be brief" }, // 6
  { role: "user", content: "one two three four five six" }, // 10
  { role: "assistant", content: "", tool_calls: [{ id: "c1", function: { name: "ls", arguments: "{}" } }] }, // 4 + 1
  { role: "tool", tool_call_id: "c1", content: "a b c d e f" }, // 10
  { role: "assistant", content: "done with ls" }, // 7
  { role: "user", content: "now fix it" }, // 7
];

describe("fitMessages", () => {
  it("keeps everything that fits", () => {
    const fitted = fitMessages(history, 1_000, words);
    expect(fitted).toMatchObject({ dropped: 0, promptTokens: 45 });
  });

  it("drops the oldest turns first, a tool call together with its result, never the system message or the newest turn", () => {
    const fitted = fitMessages(history, 25, words);
    expect(fitted.messages.map((message) => message.role)).toEqual(["system", "assistant", "user"]);
    expect(fitted).toMatchObject({ promptTokens: 20, dropped: 3 });
    expect(fitted.promptTokens).toBeLessThanOrEqual(25);
  });

  it("refuses when even the system message and the newest turn do not fit", () => {
    expect(() => fitMessages(history, 10, words)).toThrow(TokenomyError);
  });
});
