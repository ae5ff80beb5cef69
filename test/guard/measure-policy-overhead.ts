/**
 * Added latency of each guard policy, measured in-process (no HTTP, no upstream), so that the
 * figure is the policies' own cost and not the noise of a shared machine:
 * `npx tsx test/guard/measure-policy-overhead.ts [redis://127.0.0.1:6379]`.
 * Each configuration runs 20,000 calls, 32 at a time, over contexts like the gateway bench's
 * request (one run, one hop, a two-message prompt), and prints p50 / p99 / mean per call.
 */
import type { CallContext } from "../../src/core/call-context.js";
import type { CounterStore } from "../../src/core/counters.js";
import { compose, type Policy } from "../../src/core/pipeline.js";
import { budget } from "../../src/policies/budget/budget-policy.js";
import { staticBudgets } from "../../src/policies/budget/budget-source.js";
import { loopGuard } from "../../src/policies/loop-guard/loop-guard-policy.js";
import { rateLimit } from "../../src/policies/rate-limit/rate-limit-policy.js";
import { recordFor, testContext } from "../../src/policies/shared/test-context.js";
import { memoryCounterStore } from "../../src/stores/counters-memory/memory-counter-store.js";
import { redisCounterStore } from "../../src/stores/counters-redis/redis-counter-store.js";

const CALLS = Number(process.env.CALLS ?? 20_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);

function policiesFor(name: string, counters: CounterStore): Policy<CallContext>[] {
  const budgetPolicy = budget({ counters, budgets: staticBudgets([{ id: "b", scope: "run", scopeId: "", window: "run", limitPico: 9_000_000_000_000_000, createdAt: 0 }]) });
  const ratePolicy = rateLimit({ counters, perKey: { requestsPerMinute: 100_000_000, tokensPerMinute: 1_000_000_000 } });
  const loopPolicy = loopGuard({ counters });
  switch (name) {
    case "budget":
      return [budgetPolicy];
    case "rate-limit":
      return [ratePolicy];
    case "loop-guard":
      return [loopPolicy];
    case "all":
      return [ratePolicy, loopPolicy, budgetPolicy];
    default:
      return [];
  }
}

async function measure(name: string, counters: CounterStore): Promise<string> {
  const run = compose(policiesFor(name, counters));
  const durations: number[] = [];
  const admissions: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < CALLS) {
      const index = next++;
      const context = testContext({
        promptTokens: 12,
        maxOutputTokens: 16,
        body: { model: "test-model", messages: [{ role: "system", content: "You are terse." }, { role: "user", content: `Say hi ${index % 50}` }], max_tokens: 16 },
        attribution: { runId: `run-${index % 100}`, hopId: `hop-${index % 100}`, agentName: "bench" },
      });
      const started = performance.now();
      await run(context, async () => {
        admissions.push(performance.now() - started);
        context.record = recordFor(context, { inputNoCache: 12, output: 16 });
      });
      durations.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const micro = (values: number[], share: number) => {
    const sorted = [...values].sort((left, right) => left - right);
    return `${(sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]! * 1000).toFixed(0).padStart(6)} us`;
  };
  // Admission is what a client waits for; settlement runs after the gateway has answered.
  return `${name.padEnd(11)} ${counters.kind.padEnd(7)} admission p50 ${micro(admissions, 0.5)} p99 ${micro(admissions, 0.99)} | whole call p50 ${micro(durations, 0.5)} p99 ${micro(durations, 0.99)}`;
}

const redisUrl = process.argv[2];
const prefix = `tokenomy-overhead-${process.pid}:`;
const lines: string[] = [];
for (const kind of redisUrl ? ["memory", "redis"] : ["memory"]) {
  for (const name of ["none", "budget", "rate-limit", "loop-guard", "all"]) {
    const counters = kind === "redis" ? redisCounterStore({ url: redisUrl!, keyPrefix: prefix }) : memoryCounterStore();
    await measure(name, counters); // warm-up
    lines.push(await measure(name, counters));
    if (kind === "redis") {
      const client = (counters as ReturnType<typeof redisCounterStore>).client;
      const keys = await client.keys(`${prefix}*`);
      for (let start = 0; start < keys.length; start += 500) await client.del(...keys.slice(start, start + 500));
    }
    await counters.close();
  }
}
process.stdout.write(`guard policy overhead, ${CALLS} calls, ${CONCURRENCY} concurrent, per call:\n${lines.join("\n")}\n`);
