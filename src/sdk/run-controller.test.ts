import { describe, expect, it } from "vitest";
import { TokenomyError } from "../core/errors/index.js";
import { testPrice } from "../policies/shared/test-context.js";
import { createRunController } from "./run-controller.js";

const words = (text: string) => (text.trim() === "" ? 0 : text.trim().split(/\s+/).length);
const messages = [{ role: "user", content: "please do the thing" }]; // 8 tokens with overhead
/** Worst case per call: 4 words + 7 framing tokens at $1/M plus 100 output tokens at $4/M = 411,000,000 pUSD. */
const WORST_USD = 0.000411;
const answer = (output: number) => async () => ({ usage: { inputNoCache: 8, output }, value: `answer with ${output} tokens` });

describe("run controller", () => {
  it("admits calls while the run's budget holds and settles their actual cost", async () => {
    const run = createRunController({ budgetUsd: WORST_USD * 2, price: testPrice, countTokens: words });
    const hop = run.hop({ agentName: "main" });
    expect(await hop.call({ model: "test-model", messages, maxOutputTokens: 100 }, answer(50))).toBe("answer with 50 tokens");
    expect(await hop.call({ model: "test-model", messages, maxOutputTokens: 100 }, answer(50))).toBe("answer with 50 tokens");
    // Spent 2 x (8 + 200) = 416 pUSD x 10^6; left 406 x 10^6, less than one worst case.
    const refused = await hop.call({ model: "test-model", messages, maxOutputTokens: 100 }, answer(50)).catch((error: unknown) => error);
    expect(TokenomyError.isInstance(refused) && refused.code).toBe("budget_exceeded");
    expect(await run.spent()).toMatchObject({ spentPico: 416_000_000n, reservedPico: 0n });
    expect(run.events.map((event) => event.kind)).toEqual(["budget-reserved", "budget-settled", "budget-reserved", "budget-settled", "budget-exceeded"]);
  });

  it("keeps a sub-agent within what its parent hop has left", async () => {
    const run = createRunController({ price: testPrice, countTokens: words, agents: { planner: { budgetUsd: WORST_USD * 1.5 } } });
    const planner = run.hop({ agentName: "planner" });
    await planner.call({ model: "test-model", messages, maxOutputTokens: 100 }, answer(100));
    const child = run.hop({ agentName: "coder", parentHopId: planner.hopId });
    const refused = await child.call({ model: "test-model", messages, maxOutputTokens: 100 }, answer(10)).catch((error: unknown) => error);
    expect(TokenomyError.isInstance(refused) && refused.details).toMatchObject({ scope: `hop:${run.runId}/${planner.hopId}` });
    expect(await child.call({ model: "test-model", messages, maxOutputTokens: 40 }, answer(40))).toBe("answer with 40 tokens");
    expect((await run.hopSpent(planner.hopId)).spentPico).toBe(408_000_000n + 168_000_000n);
  });

  it("trims a hop's context to its agent's token budget before sending", async () => {
    const run = createRunController({ price: testPrice, countTokens: words, agents: { summariser: { contextTokens: 20 } } });
    const hop = run.hop({ agentName: "summariser" });
    const long = [
      { role: "system", content: "summarise" },
      { role: "user", content: "a b c d e f g h i j" },
      { role: "assistant", content: "ok" },
      { role: "user", content: "and now this" },
    ];
    let sent: unknown[] = [];
    await hop.call({ model: "test-model", messages: long, maxOutputTokens: 10 }, async (fitted) => {
      sent = fitted;
      return { usage: { inputNoCache: 17, output: 3 }, value: null };
    });
    expect(sent).toEqual([long[0], long[2], long[3]]);
  });
});
