import { describe, expect, it } from "vitest";
import { compileMatchRule, invalidRegexes } from "./match-rule.js";

describe("compileMatchRule", () => {
  it("implements genai-prices' operators, case-insensitively for literals", () => {
    expect(compileMatchRule({ equals: "GPT-4o" })("gpt-4o")).toBe(true);
    expect(compileMatchRule({ equals: "gpt-4o" })("gpt-4o-mini")).toBe(false);
    expect(compileMatchRule({ starts_with: "claude-sonnet-4-5" })("claude-sonnet-4-5-20250929")).toBe(true);
    expect(compileMatchRule({ ends_with: "gemini-2.0-flash" })("google/gemini-2.0-flash")).toBe(true);
    expect(compileMatchRule({ contains: "claude" })("us.anthropic.claude-3-haiku")).toBe(true);
    expect(compileMatchRule({ regex: "^o[134]" })("o3-mini")).toBe(true);
    expect(compileMatchRule({ regex: "^o[134]" })("gpt-o3")).toBe(false);
  });

  it("combines with or / and", () => {
    const rule = compileMatchRule({ and: [{ starts_with: "gemini-2.5-pro" }, { regex: "^(?!.*-[tT][tT][sS](?:$|-))" }] });
    expect(rule("gemini-2.5-pro-preview-05-06")).toBe(true);
    expect(rule("gemini-2.5-pro-preview-tts")).toBe(false);
    const either = compileMatchRule({ or: [{ equals: "a" }, { equals: "b" }] });
    expect([either("a"), either("b"), either("c")]).toEqual([true, true, false]);
  });

  it("never matches a regex JavaScript cannot compile, and reports it", () => {
    const rule = { or: [{ regex: "(?P<name>x)" }, { equals: "y" }] };
    expect(compileMatchRule(rule)("x")).toBe(false);
    expect(compileMatchRule(rule)("y")).toBe(true);
    expect(invalidRegexes(rule)).toEqual(["(?P<name>x)"]);
  });
});
