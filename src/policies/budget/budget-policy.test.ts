import { describe, expect, it } from "vitest";
import type { CallContext } from "../../core/call-context.js";
import { TokenomyError } from "../../core/errors/index.js";
import { compose } from "../../core/pipeline.js";
import type { BudgetDefinition } from "../../core/virtual-key.js";
import { memoryCounterStore } from "../../stores/counters-memory/memory-counter-store.js";
import { recordFor, testContext } from "../shared/test-context.js";
import { budget, REMAINING_HEADER } from "./budget-policy.js";
import { staticBudgets } from "./budget-source.js";

/** Prompt of the default test context (its `promptTokens`). */
const PROMPT = 1_000;
/** Worst case of the default test context: the prompt at $1/M plus 500 output tokens at $4/M. */
const WORST = 3_000_000_000;

function definition(fields: Partial<BudgetDefinition> & Pick<BudgetDefinition, "scope" | "scopeId">): BudgetDefinition {
  return { id: `${fields.scope}-${fields.scopeId}-${fields.agentName ?? ""}`, window: "total", createdAt: 0, ...fields };
}

function setup(definitions: BudgetDefinition[], extra: Partial<Parameters<typeof budget>[0]> = {}) {
  const counters = memoryCounterStore();
  const run = compose([budget({ counters, budgets: staticBudgets(definitions), ...extra })]);
  const call = (context: CallContext, usage = { inputNoCache: PROMPT, output: 200 }, status: "ok" | "cut" = "ok") =>
    run(context, async () => {
      context.record = recordFor(context, usage, status);
    });
  return { counters, run, call };
}

async function refusal(promise: Promise<unknown>): Promise<TokenomyError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!TokenomyError.isInstance(error)) throw new Error(`expected a TokenomyError, got ${String(error)}`);
  return error;
}

describe("budget policy", () => {
  it("reserves the worst case, then settles the actual cost", async () => {
    const { counters, run } = setup([definition({ scope: "key", scopeId: "k1", limitPico: 10 * WORST })]);
    const context = testContext();
    await run(context, async () => {
      expect((await counters.usage("t1", "key:k1", "total")).reservedPico).toBe(BigInt(WORST));
      context.record = recordFor(context, { inputNoCache: PROMPT, output: 200 });
    });
    expect(await counters.usage("t1", "key:k1", "total")).toMatchObject({ spentPico: 1_800_000_000n, reservedPico: 0n, spentTokens: 1_200 });
    expect(context.events.map((event) => [event.kind, event.scope, event.amountPico])).toEqual([
      ["budget-reserved", "key:k1", WORST],
      ["budget-settled", "key:k1", 1_800_000_000],
    ]);
  });

  it("refuses with budget_exceeded (402) naming the scope and what is left", async () => {
    const { call } = setup([
      definition({ scope: "tenant", scopeId: "t1", limitPico: 100 * WORST }),
      definition({ scope: "key", scopeId: "k1", limitPico: WORST + 1_000 }),
    ]);
    await call(testContext(), { inputNoCache: PROMPT, output: 500 });
    const context = testContext();
    const error = await refusal(call(context));
    expect(error.code).toBe("budget_exceeded");
    expect(error.spec.status).toBe(402);
    expect(error.details).toMatchObject({ scope: "key:k1", window: "total", remainingUsd: "0.000000", neededUsd: "0.003000" });
    expect(error.message).toContain("key:k1");
    expect(context.events.map((event) => event.kind)).toEqual(["budget-exceeded"]);
  });

  it("admits no more than the limit allows under 1,000 concurrent calls", async () => {
    const { counters, call } = setup([definition({ scope: "key", scopeId: "k1", limitPico: 100 * WORST })]);
    const outcomes = await Promise.allSettled(Array.from({ length: 1_000 }, () => call(testContext(), { inputNoCache: PROMPT, output: 500 })));
    const admitted = outcomes.filter((outcome) => outcome.status === "fulfilled").length;
    expect(admitted).toBe(100);
    for (const outcome of outcomes) if (outcome.status === "rejected") expect((outcome.reason as TokenomyError).code).toBe("budget_exceeded");
    expect(await counters.usage("t1", "key:k1", "total")).toMatchObject({ spentPico: BigInt(100 * WORST), reservedPico: 0n });
  });

  it("enforces a $50,000 monthly budget (beyond a JS number of picodollars) to the nanodollar", async () => {
    const limitPico = 50_000n * 1_000_000_000_000n;
    const { counters, call } = setup([definition({ scope: "tenant", scopeId: "t1", window: "month", limitUsd: "50000" })]);
    const spent = limitPico - BigInt(WORST) + 1_000n;
    await counters.reconcile("t1", "tenant:t1", "month", { amountPico: spent, tokens: 0 });
    const refused = await refusal(call(testContext()));
    expect(refused.details).toMatchObject({ scope: "tenant:t1", window: "month", limitUsd: "50000.000000" });
    await counters.reconcile("t1", "tenant:t1", "month", { amountPico: spent - 1_000n, tokens: 0 });
    await call(testContext(), { inputNoCache: PROMPT, output: 500 });
    expect((await counters.usage("t1", "tenant:t1", "month")).spentPico).toBe(limitPico);
  });

  it("releases the reservation when the upstream call fails before any usage", async () => {
    const { counters, run } = setup([definition({ scope: "key", scopeId: "k1", limitPico: 10 * WORST })]);
    const context = testContext();
    await expect(run(context, async () => Promise.reject(new Error("connection refused")))).rejects.toThrow("connection refused");
    expect(await counters.usage("t1", "key:k1", "total")).toMatchObject({ spentPico: 0n, reservedPico: 0n, openReservations: 0 });
    expect(context.events.map((event) => event.kind)).toEqual(["budget-reserved", "budget-released"]);
  });

  it("settles what a cut stream metered", async () => {
    const { counters, call } = setup([definition({ scope: "key", scopeId: "k1", limitPico: 10 * WORST })]);
    const context = testContext();
    await call(context, { inputNoCache: PROMPT, output: 37 }, "cut");
    expect((await counters.usage("t1", "key:k1", "total")).spentPico).toBe(1_000_000_000n + 37n * 4_000_000n);
    expect(context.events.at(-1)?.detail).toMatchObject({ status: "cut", outcome: "settled" });
  });

  it("refuses an unpriced model only when a budget applies", async () => {
    const { call } = setup([definition({ scope: "key", scopeId: "k1", limitPico: 10 * WORST })]);
    const error = await refusal(call(testContext({ price: undefined, model: "mystery" })));
    expect(error.code).toBe("unpriced_model");
    const unbudgeted = setup([definition({ scope: "key", scopeId: "other", limitPico: 1 })]);
    await expect(unbudgeted.call(testContext({ price: undefined }))).resolves.toBeUndefined();
  });

  it("never lets a sub-agent spend more than its parent hop has left, and applies per-agent limits", async () => {
    const { counters, call } = setup([
      definition({ scope: "agent", scopeId: "", agentName: "planner", limitPico: 3 * WORST }),
      definition({ scope: "agent", scopeId: "", agentName: "coder", limitPico: 2 * WORST }),
    ]);
    const planner = { runId: "r1", hopId: "h1", agentName: "planner" };
    await call(testContext({ attribution: planner }), { inputNoCache: PROMPT, output: 500 });
    const coder = { runId: "r1", hopId: "h2", parentHopId: "h1", agentName: "coder" };
    await call(testContext({ attribution: coder }), { inputNoCache: PROMPT, output: 500 });
    // The coder has a whole call left of its own limit, but the planner (its parent) has exactly one: the first fits.
    await call(testContext({ attribution: coder }), { inputNoCache: PROMPT, output: 500 });
    const parentEmpty = await refusal(call(testContext({ attribution: { runId: "r1", hopId: "h3", parentHopId: "h2", agentName: "tester" } })));
    expect(parentEmpty.details).toMatchObject({ scope: "hop:r1/h1" });
    expect((await counters.usage("t1", "hop:r1/h1", "total")).spentPico).toBe(BigInt(3 * WORST));

    const second = setup([definition({ scope: "agent", scopeId: "r2", agentName: "coder", limitPico: WORST })]);
    const child = { runId: "r2", hopId: "c1", parentHopId: "p1", agentName: "coder" };
    await second.call(testContext({ attribution: child }), { inputNoCache: PROMPT, output: 100 });
    expect((await refusal(second.call(testContext({ attribution: child })))).details).toMatchObject({ scope: "hop:r2/c1" });
  });

  it("injects a per-key max_tokens cap when the client sent none and reserves against it", async () => {
    const { counters, run } = setup([definition({ scope: "key", scopeId: "k1", limitPico: 10 * WORST })], { maxOutputTokens: 100 });
    const context = testContext({ maxOutputTokens: undefined, identity: { keyId: "k1", tenantId: "t1", metadata: { maxOutputTokens: "50" } } });
    await run(context, async () => {
      expect((await counters.usage("t1", "key:k1", "total")).reservedPico).toBe(1_000_000_000n + 50n * 4_000_000n);
    });
    expect(context.body.max_completion_tokens).toBe(50);
    expect(context.responseHeaders["x-tokenomy-max-tokens"]).toBe("50");
  });

  it("assumes the model's output cap when nothing bounds the output", async () => {
    const { counters, run } = setup([definition({ scope: "key", scopeId: "k1", limitPico: 1_000 * WORST })], { modelOutputCap: () => 8_000 });
    await run(testContext({ maxOutputTokens: undefined }), async () => {
      expect((await counters.usage("t1", "key:k1", "total")).reservedPico).toBe(1_000_000_000n + 8_000n * 4_000_000n);
    });
  });

  it("widens the prompt estimate by the configured margins", async () => {
    const { counters, run } = setup([definition({ scope: "key", scopeId: "k1", limitPico: 10 * WORST })], { promptMargin: 1.2, promptMarginTokens: 5 });
    await run(testContext(), async () => {
      expect((await counters.usage("t1", "key:k1", "total")).reservedPico).toBe(1_205_000_000n + 500n * 4_000_000n);
    });
  });

  it("refuses a prompt above the key's cap", async () => {
    const { call } = setup([], { maxPromptTokens: 999 });
    expect((await refusal(call(testContext()))).code).toBe("prompt_too_large");
  });

  it("says what remains near a limit", async () => {
    const { call } = setup([definition({ scope: "run", scopeId: "", limitPico: 3.5 * WORST })]);
    const far = testContext({ attribution: { runId: "r1" } });
    await call(far, { inputNoCache: PROMPT, output: 500 });
    expect(far.responseHeaders[REMAINING_HEADER]).toBeUndefined();
    await call(testContext({ attribution: { runId: "r1" } }), { inputNoCache: PROMPT, output: 500 });
    const near = testContext({ attribution: { runId: "r1" } });
    await call(near, { inputNoCache: PROMPT, output: 500 });
    expect(near.responseHeaders).toMatchObject({ [REMAINING_HEADER]: "0.001500", "x-tokenomy-budget-scope": "run:r1" });
  });
});
