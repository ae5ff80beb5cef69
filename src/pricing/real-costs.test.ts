import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { usdToPico } from "../core/money.js";
import { costOf } from "../core/pricing.js";
import { createPriceBook } from "./price-book.js";

const trajectories = "../shared/data/mini-swe-agent/trajs";

interface ReportedUsage {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
  cost?: number;
}

describe("the catalog against provider-reported costs (real mini-swe-agent runs, Gemini 3 Pro via OpenRouter)", () => {
  it("prices every call to the picodollar the provider billed", () => {
    const book = createPriceBook({ overrides: false, userCatalog: false });
    let calls = 0;
    for (const file of readdirSync(trajectories).filter((name) => name.endsWith(".traj.json"))) {
      const trajectory = JSON.parse(readFileSync(join(trajectories, file), "utf8")) as { info?: { config?: { model?: { model_name?: string } } }; messages: { extra?: { response?: { model?: string; usage?: ReportedUsage } } }[] };
      for (const message of trajectory.messages) {
        const response = message.extra?.response;
        const usage = response?.usage;
        if (!usage || usage.cost === undefined || !response.model) continue;
        const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
        const price = book.lookup(response.model, "openrouter");
        expect(price?.model, response.model).toBe("gemini-3-pro-preview");
        const cost = costOf({ inputNoCache: usage.prompt_tokens - cached, cacheRead: cached, output: usage.completion_tokens }, price!);
        expect(BigInt(cost.total), `${file}: ${JSON.stringify(usage)}`).toBe(usdToPico(usage.cost));
        calls += 1;
      }
    }
    expect(calls).toBeGreaterThan(1_000);
  });
});
