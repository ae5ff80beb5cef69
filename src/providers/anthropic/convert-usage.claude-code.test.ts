import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { inputTotal, usageProblems } from "../../core/usage.js";
import { fromAnthropicUsage } from "./convert-usage.js";

// Real Claude Code logs (../shared/data/claude-code, see its README), read in place.
const projects = fileURLToPath(new URL("../../../../shared/data/claude-code/projects", import.meta.url));

function usagesIn(directory: string): Record<string, unknown>[] {
  const files = readdirSync(directory, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".jsonl"));
  const usages: Record<string, unknown>[] = [];
  for (const file of files) {
    for (const line of readFileSync(join(directory, file), "utf8").split("\n")) {
      if (!line.trim()) continue;
      const usage = (JSON.parse(line) as { message?: { usage?: Record<string, unknown> } }).message?.usage;
      if (usage && typeof usage === "object") usages.push(usage);
    }
  }
  return usages;
}

describe("fromAnthropicUsage on real Claude Code logs", () => {
  const usages = usagesIn(projects);

  it("finds the usage lines", () => {
    expect(usages.length).toBe(666);
  });

  it("keeps every prompt token and splits writes by TTL exactly as logged", () => {
    for (const raw of usages) {
      const usage = fromAnthropicUsage(raw);
      const split = raw.cache_creation as { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
      const prompt =
        (raw.input_tokens as number) + (raw.cache_read_input_tokens as number) + (raw.cache_creation_input_tokens as number);
      expect(usageProblems(usage)).toEqual([]);
      expect(inputTotal(usage)).toBe(prompt);
      expect(usage.cacheWrite5m).toBe(split.ephemeral_5m_input_tokens);
      expect(usage.cacheWrite1h).toBe(split.ephemeral_1h_input_tokens);
      expect(usage.output).toBe(raw.output_tokens);
    }
  });

  it("reads web search counts where the log has server_tool_use", () => {
    const withTools = usages.filter((raw) => raw.server_tool_use);
    expect(withTools.length).toBeGreaterThan(0);
    for (const raw of withTools) {
      const expected = (raw.server_tool_use as { web_search_requests: number }).web_search_requests;
      expect(fromAnthropicUsage(raw).webSearchRequests).toBe(expected);
    }
  });
});
