import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatUsd } from "../../src/core/money.js";
import { startHarness, type Harness } from "../../src/gateway/test-harness.js";

const adminKey = "admin-secret-for-loop-tests";
let harness: Harness;
let client: OpenAI;

beforeAll(async () => {
  harness = await startHarness({ adminKey, config: { policies: [{ name: "loop-guard" }, { name: "budget" }] } });
  const response = await fetch(`${harness.gateway.url}/admin/keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: JSON.stringify({ tenant: "loops" }),
  });
  const created = (await response.json()) as { key: string };
  client = new OpenAI({ apiKey: created.key, baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
});
afterAll(() => harness.close());

async function runSpend(runId: string): Promise<{ calls: number; costPico: bigint }> {
  const records = (await harness.records()).filter((record) => record.runId === runId);
  return { calls: records.length, costPico: records.reduce((sum, record) => sum + BigInt(record.costPico ?? 0), 0n) };
}

const tools: OpenAI.ChatCompletionTool[] = [
  { type: "function", function: { name: "run_tests", description: "Runs the test suite", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } } },
];

describe("synthetic runaway loops through the gateway", () => {
  it("stops an agent that retries a failing tool forever at the third identical failure", async () => {
    const runId = "retry-forever";
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: "system", content: "You are a coding agent. Use tools." },
      { role: "user", content: "Make the tests pass in tests/test_parser.py." },
    ];
    let turns = 0;
    let stop: unknown;
    for (; turns < 50; turns++) {
      try {
        await client.chat.completions.create({ model: "gpt-4o-mini", messages, tools, max_tokens: 64 }, { headers: { "x-tokenomy-run-id": runId } });
      } catch (error) {
        stop = error;
        break;
      }
      // The scripted agent ignores the answer and retries the same failing call, as a broken agent would.
      messages.push({ role: "assistant", content: null, tool_calls: [{ id: `call_${turns}`, type: "function", function: { name: "run_tests", arguments: '{"path":"tests/test_parser.py"}' } }] });
      messages.push({ role: "tool", tool_call_id: `call_${turns}`, content: "Traceback (most recent call last):\n  File \"tests/test_parser.py\", line 3\nImportError: cannot import name 'parse'" });
    }
    expect(stop).toBeInstanceOf(OpenAI.APIError);
    expect((stop as InstanceType<typeof OpenAI.APIError>).code).toBe("loop_detected");
    expect(turns).toBe(3);
    const spent = await runSpend(runId);
    expect(spent.calls).toBe(3);
    process.stdout.write(`[guard loops] failing-tool retry loop stopped at call ${turns + 1} after ${spent.calls} calls costing $${formatUsd(spent.costPico, 9)}\n`);
  });

  it("stops two agents delegating to each other at the configured depth", async () => {
    const runId = "ping-pong";
    const agents = ["planner", "researcher"];
    let hops = 0;
    let stop: unknown;
    let parent: string | undefined;
    for (; hops < 50; hops++) {
      const hopId = `hop-${hops}`;
      const headers: Record<string, string> = { "x-tokenomy-run-id": runId, "x-tokenomy-hop-id": hopId, "x-tokenomy-agent": agents[hops % 2]! };
      if (parent) headers["x-tokenomy-parent-hop-id"] = parent;
      try {
        await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: `Delegate step ${hops} to the other agent.` }], max_tokens: 32 }, { headers });
      } catch (error) {
        stop = error;
        break;
      }
      parent = hopId;
    }
    expect((stop as InstanceType<typeof OpenAI.APIError>).code).toBe("loop_detected");
    expect(hops).toBe(3);
    const spent = await runSpend(runId);
    process.stdout.write(`[guard loops] delegation cycle planner -> researcher -> ... stopped at hop ${hops + 1} after ${spent.calls} calls costing $${formatUsd(spent.costPico, 9)}\n`);
    expect(spent.calls).toBe(3);
  });

  it("stops, with a run budget, a loop the guard cannot see (every request different)", async () => {
    const runId = "novel-loop";
    await fetch(`${harness.gateway.url}/admin/budgets`, {
      method: "PUT",
      headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ scope: "run", scopeId: runId, window: "run", limitUsd: 0.0002 }),
    });
    let calls = 0;
    let stop: unknown;
    for (; calls < 500; calls++) {
      try {
        await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: `Try idea number ${calls} again.` }], max_tokens: 100 }, { headers: { "x-tokenomy-run-id": runId } });
      } catch (error) {
        stop = error;
        break;
      }
    }
    expect((stop as InstanceType<typeof OpenAI.APIError>).code).toBe("budget_exceeded");
    const spent = await runSpend(runId);
    expect(spent.costPico).toBeLessThanOrEqual(200_000_000n);
    process.stdout.write(`[guard loops] novel-request loop stopped by its $0.0002 run budget after ${spent.calls} calls costing $${formatUsd(spent.costPico, 9)}\n`);
  });
});
