import { describe, expect, it } from "vitest";
import { generateAnswer } from "./answer.js";
import type { EmulatedRequest } from "./emulated-request.js";
import { seededRandom } from "./random.js";
import { sampleFromSchema } from "./schema-arguments.js";
import { countTextTokens } from "./tokens.js";

const base: EmulatedRequest = {
  provider: "openai",
  model: "gpt-4o",
  segments: [{ text: "hi", extraTokens: 4 }],
  tools: [],
  toolChoice: { kind: "auto" },
  maxOutputTokens: undefined,
  lastTurnIsToolResult: false,
  reasoning: { kind: "none" },
  answerKey: 12345,
};

describe("the emulated model", () => {
  it("is a function of the request and the seed", () => {
    expect(generateAnswer(base, 1)).toEqual(generateAnswer(base, 1));
    expect(generateAnswer(base, 2).text).not.toBe(generateAnswer(base, 1).text);
    expect(generateAnswer({ ...base, answerKey: 54321 }, 1).text).not.toBe(generateAnswer(base, 1).text);
  });

  it("reports the tokenizer's count of its text and honours the output cap", () => {
    for (let key = 0; key < 50; key++) {
      const answer = generateAnswer({ ...base, answerKey: key, maxOutputTokens: 20 }, 0);
      expect(answer.textTokens).toBe(countTextTokens(answer.text));
      expect(answer.outputTokens).toBeLessThanOrEqual(20);
      expect(answer.stop === "max_tokens").toBe(answer.outputTokens === 20 && generateAnswer({ ...base, answerKey: key }, 0).outputTokens > 20);
    }
    expect(generateAnswer({ ...base, forcedOutputTokens: 300 }, 0).textTokens).toBe(300);
  });

  it("spends reasoning tokens by effort, within the cap", () => {
    const low = generateAnswer({ ...base, reasoning: { kind: "effort", effort: "low" } }, 0);
    const high = generateAnswer({ ...base, reasoning: { kind: "effort", effort: "high" } }, 0);
    expect(low.reasoningTokens).toBeGreaterThanOrEqual(64);
    expect(high.reasoningTokens).toBeGreaterThanOrEqual(512);
    const capped = generateAnswer({ ...base, reasoning: { kind: "effort", effort: "high" }, maxOutputTokens: 100 }, 0);
    expect(capped).toMatchObject({ reasoningTokens: 100, outputTokens: 100, text: "", stop: "max_tokens" });
    const thinking = generateAnswer({ ...base, provider: "anthropic", reasoning: { kind: "budget", budgetTokens: 4000 } }, 0);
    expect(countTextTokens(thinking.thinkingText)).toBe(thinking.reasoningTokens);
  });

  it("calls tools sometimes when free to, always when forced, never when told not to", () => {
    const tools = [{ name: "lookup", schema: { type: "object", properties: { query: { type: "string" } }, required: ["query"] } }];
    const calls = Array.from({ length: 40 }, (_, key) => generateAnswer({ ...base, tools, answerKey: key }, 0).toolCall !== undefined);
    expect(calls.filter(Boolean).length).toBeGreaterThan(5);
    expect(calls.filter((called) => !called).length).toBeGreaterThan(5);
    expect(generateAnswer({ ...base, tools, toolChoice: { kind: "required" }, lastTurnIsToolResult: true }, 0).stop).toBe("tool_use");
    expect(generateAnswer({ ...base, tools, toolChoice: { kind: "none" } }, 0).toolCall).toBeUndefined();
  });
});

describe("arguments from a JSON schema", () => {
  it("fills required properties with values of the right type, enum and range", () => {
    const schema = {
      type: "object",
      properties: {
        city: { type: "string" },
        unit: { enum: ["c", "f"] },
        days: { type: "integer", minimum: 1, maximum: 7 },
        ratio: { type: ["number", "null"] },
        tags: { type: "array", items: { type: "string" }, minItems: 2 },
        filter: { type: "object", properties: { active: { type: "boolean" }, note: { type: "string" } }, required: ["active"] },
        choice: { anyOf: [{ type: "string", format: "date" }, { type: "integer" }] },
        optional: { type: "string" },
      },
      required: ["city", "unit", "days", "ratio", "tags", "filter", "choice"],
    };
    for (let seed = 0; seed < 20; seed++) {
      const value = sampleFromSchema(schema, seededRandom(seed)) as Record<string, any>;
      expect(typeof value.city).toBe("string");
      expect(["c", "f"]).toContain(value.unit);
      expect(Number.isInteger(value.days) && value.days >= 1 && value.days <= 7).toBe(true);
      expect(typeof value.ratio).toBe("number");
      expect(value.tags).toHaveLength(2);
      expect(Object.keys(value.filter)).toEqual(["active"]);
      expect(value.choice).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect("optional" in value).toBe(false);
    }
  });
});
