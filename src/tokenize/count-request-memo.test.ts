import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { countRequestTokens, TOKENS_PER_MESSAGE, TOKENS_PER_REPLY } from "./count-request.js";
import { countTokens } from "./count-tokens.js";

/** A real agent conversation: mini-swe-agent on astropy-12907, 42 messages. */
const trajectory = JSON.parse(readFileSync(new URL("../../../shared/data/mini-swe-agent/trajs/astropy__astropy-12907.traj.json", import.meta.url), "utf8")) as {
  messages: { role: string; content: string }[];
};

/** The count before memoization: every text of a kind joined by newlines, counted at once. */
function joinedCount(messages: { role: string; content: string }[], model: string): number {
  const system = messages.filter((message) => message.role === "system").map((message) => message.content);
  const rest = messages.filter((message) => message.role !== "system").map((message) => message.content);
  const count = (texts: string[]) => (texts.length === 0 ? 0 : countTokens(texts.join("\n"), model));
  return count(system) + count(rest) + messages.length * TOKENS_PER_MESSAGE + TOKENS_PER_REPLY;
}

describe("countRequestTokens on a growing history", () => {
  it("counts each turn of a real agent run as the joined text does, tokenizing only new messages", () => {
    for (const model of ["gpt-4o", "claude-sonnet-4-5"]) {
      for (let turn = 2; turn <= trajectory.messages.length; turn += 1) {
        const messages = trajectory.messages.slice(0, turn);
        const expected = joinedCount(messages, model);
        const counted = countRequestTokens({ model, messages }, model).total;
        // Equal, except that a message starting with whitespace may count one token more (never fewer).
        const leadingSpace = messages.filter((message) => /^\s/.test(message.content)).length;
        expect(counted).toBeGreaterThanOrEqual(expected);
        expect(counted - expected).toBeLessThanOrEqual(Math.ceil(leadingSpace * 1.15));
        expect(countRequestTokens({ model, messages: messages.map((message) => ({ ...message })) }, model).total).toBe(counted);
      }
    }
  });

  it("is much cheaper on a resent history than on a new one", () => {
    const history = Array.from({ length: 200 }, (_, index) => ({ role: index % 2 ? "assistant" : "user", content: `turn ${index}: ${"the agent ran a command and read its output line by line. ".repeat(40)}` }));
    const time = (body: unknown) => {
      const started = process.hrtime.bigint();
      countRequestTokens(body, "gpt-4o");
      return Number(process.hrtime.bigint() - started);
    };
    const first = time({ messages: history });
    const again = Math.min(...Array.from({ length: 5 }, () => time({ messages: [...history.map((message) => ({ ...message })), { role: "user", content: "one more" }] })));
    expect(again * 5).toBeLessThan(first);
  });
});
