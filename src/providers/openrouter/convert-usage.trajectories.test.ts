import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { usdToPico } from "../../core/money.js";
import { inputTotal, usageProblems } from "../../core/usage.js";
import { fromOpenRouterUsage } from "./convert-usage.js";

// Real mini-swe-agent trajectories (Gemini 3 Pro via OpenRouter), read in place from ../shared/data.
const trajectories = fileURLToPath(new URL("../../../../shared/data/mini-swe-agent/trajs", import.meta.url));

interface RawUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cost?: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
}
interface Trajectory {
  info: { model_stats: { instance_cost: number; api_calls: number } };
  messages: { role: string; extra?: { response?: { usage?: RawUsage } } }[];
}

const runs = readdirSync(trajectories)
  .filter((file) => file.endsWith(".traj.json"))
  .map((file) => JSON.parse(readFileSync(join(trajectories, file), "utf8")) as Trajectory);
const callsOf = (run: Trajectory) =>
  run.messages.filter((message) => message.role === "assistant").map((message) => message.extra!.response!.usage!);

describe("fromOpenRouterUsage on real mini-swe-agent trajectories", () => {
  it("reads every call's tokens the OpenAI-chat way", () => {
    const calls = runs.flatMap(callsOf);
    expect(calls.length).toBe(runs.reduce((sum, run) => sum + run.info.model_stats.api_calls, 0));
    for (const raw of calls) {
      const { usage } = fromOpenRouterUsage(raw);
      expect(usageProblems(usage)).toEqual([]);
      expect(inputTotal(usage)).toBe(raw.prompt_tokens);
      expect(usage.cacheRead).toBe(raw.prompt_tokens_details?.cached_tokens);
      const reasoning = raw.completion_tokens_details?.reasoning_tokens ?? 0;
      // Two runs reached Gemini through Portkey, whose completion count leaves reasoning out.
      const output = reasoning > raw.completion_tokens ? raw.completion_tokens + reasoning : raw.completion_tokens;
      expect(usage.output).toBe(output);
      expect(usage.reasoning).toBe(raw.completion_tokens_details?.reasoning_tokens);
    }
  });

  it("sums the per-call costs to each run's reported total, to the picodollar", () => {
    const priced = runs.filter((run) => callsOf(run).every((raw) => raw.cost !== undefined));
    expect(priced.length).toBe(38);
    for (const run of priced) {
      const sum = callsOf(run).reduce((total, raw) => total + BigInt(fromOpenRouterUsage(raw).reportedCostPico!), 0n);
      const reported = usdToPico(run.info.model_stats.instance_cost);
      const difference = sum > reported ? sum - reported : reported - sum;
      // instance_cost is a float sum; past 12 decimals it can be off by float rounding only.
      expect(difference).toBeLessThanOrEqual(1n);
    }
  });

  it("reports no cost for calls whose usage has none", () => {
    const unpriced = runs.flatMap(callsOf).filter((raw) => raw.cost === undefined);
    expect(unpriced.length).toBe(49);
    for (const raw of unpriced) expect(fromOpenRouterUsage(raw).reportedCostPico).toBeUndefined();
  });
});
