import { describe, expect, it } from "vitest";
import type { CallContext } from "../../core/call-context.js";
import { TokenomyError } from "../../core/errors/index.js";
import { compose } from "../../core/pipeline.js";
import { memoryCounterStore } from "../../stores/counters-memory/memory-counter-store.js";
import { recordFor, testContext } from "../shared/test-context.js";
import { LOOP_HEADER, loopGuard, type LoopGuardOptions } from "./loop-guard-policy.js";

function setup(options: Omit<LoopGuardOptions, "counters"> = {}) {
  const counters = memoryCounterStore();
  const run = compose([loopGuard({ counters, ...options })]);
  let upstreamCalls = 0;
  const call = (context: CallContext) =>
    run(context, async () => {
      upstreamCalls += 1;
      context.record = recordFor(context, { inputNoCache: 10, output: 5 });
      context.response = { status: 200, body: { id: `answer-${upstreamCalls}` } };
    }).then(
      () => context,
      (error: unknown) => {
        if (!TokenomyError.isInstance(error)) throw error;
        return error;
      },
    );
  return { call, upstreamCalls: () => upstreamCalls };
}

/** An OpenAI chat conversation in which `read_file` failed the same way `failures` times. */
function failingToolConversation(failures: number): Record<string, unknown> {
  const messages: unknown[] = [{ role: "user", content: "fix the bug" }];
  for (let index = 0; index < failures; index++) {
    messages.push({ role: "assistant", content: null, tool_calls: [{ id: `call-${index}`, type: "function", function: { name: "read_file", arguments: '{"path":"src/missing.ts"}' } }] });
    messages.push({ role: "tool", tool_call_id: `call-${index}`, content: "Error: ENOENT: no such file" });
  }
  return { model: "test-model", messages };
}

const run1 = { runId: "r1" };

describe("loop guard", () => {
  it("stops a run whose tool call fails the same way three times, and keeps it stopped", async () => {
    const { call } = setup();
    expect(await call(testContext({ body: failingToolConversation(2), attribution: run1 }))).not.toBeInstanceOf(Error);
    const context = testContext({ body: failingToolConversation(3), attribution: run1 });
    const stopped = await call(context);
    if (!TokenomyError.isInstance(stopped)) throw new Error("expected the run to be stopped");
    expect(stopped.code).toBe("loop_detected");
    expect(stopped.spec.status).toBe(422);
    expect(stopped.details).toMatchObject({ rule: "tool-error-repeat", repeats: 3, tool: "read_file" });
    expect(context.events).toMatchObject([{ kind: "loop-detected", scope: "run:r1", detail: { rule: "tool-error-repeat", action: "stop" } }]);
    const later = await call(testContext({ attribution: run1 }));
    expect(TokenomyError.isInstance(later) && later.details).toMatchObject({ alreadyStopped: true });
    expect(await call(testContext({ body: failingToolConversation(2), attribution: { runId: "r2" } }))).not.toBeInstanceOf(Error);
  });

  it("reads Anthropic tool_result errors and text-action agents (mini-swe-agent style)", async () => {
    const { call } = setup();
    const anthropic: unknown[] = [{ role: "user", content: "go" }];
    for (let index = 0; index < 3; index++) {
      anthropic.push({ role: "assistant", content: [{ type: "tool_use", id: `t${index}`, name: "bash", input: { command: "make" } }] });
      anthropic.push({ role: "user", content: [{ type: "tool_result", tool_use_id: `t${index}`, is_error: true, content: "make: *** No rule" }] });
    }
    const first = await call(testContext({ api: "anthropic-messages", body: { model: "m", messages: anthropic }, attribution: { runId: "a1" } }));
    expect(TokenomyError.isInstance(first) && first.code).toBe("loop_detected");

    const text: unknown[] = [{ role: "system", content: "one bash block per answer" }];
    for (let index = 0; index < 3; index++) {
      text.push({ role: "assistant", content: "THOUGHT: run the tests\n\n```bash\npython -m pytest tests/test_x.py\n```" });
      text.push({ role: "user", content: "<returncode>1</returncode>\n<output>\nE   ImportError: cannot import name 'x'\n</output>" });
    }
    const second = await call(testContext({ body: { model: "m", messages: text }, attribution: { runId: "a2" } }));
    expect(TokenomyError.isInstance(second) && second.details).toMatchObject({ rule: "tool-error-repeat", tool: "shell" });
  });

  it("does not count successful or different results as a failing loop", async () => {
    const { call } = setup();
    const messages: unknown[] = [{ role: "user", content: "go" }];
    for (let index = 0; index < 5; index++) {
      messages.push({ role: "assistant", content: "```bash\npython repro.py\n```" });
      messages.push({ role: "user", content: `<returncode>1</returncode>\n<output>AssertionError at line ${index}</output>` });
    }
    expect(await call(testContext({ body: { model: "m", messages }, attribution: run1 }))).not.toBeInstanceOf(Error);
  });

  it("stops agents that delegate to each other past the configured depth", async () => {
    const { call } = setup();
    const hop = (hopId: string, agentName: string, parentHopId?: string) =>
      testContext({ attribution: { runId: "d1", hopId, agentName, ...(parentHopId ? { parentHopId } : {}) } });
    expect(await call(hop("h1", "planner"))).not.toBeInstanceOf(Error);
    expect(await call(hop("h2", "researcher", "h1"))).not.toBeInstanceOf(Error);
    const third = await call(hop("h3", "planner", "h2"));
    expect(third).not.toBeInstanceOf(Error);
    const fourth = await call(hop("h4", "researcher", "h3"));
    expect(TokenomyError.isInstance(fourth) && fourth.details).toMatchObject({ rule: "hop-cycle", cycle: ["researcher", "planner"], hops: 4 });
  });

  it("annotates the third identical request by default", async () => {
    const { call, upstreamCalls } = setup();
    const body = { model: "test-model", messages: [{ role: "user", content: "same" }] };
    await call(testContext({ body, attribution: run1 }));
    const second = (await call(testContext({ body, attribution: run1 }))) as CallContext;
    expect(second.responseHeaders[LOOP_HEADER]).toBeUndefined();
    const third = (await call(testContext({ body, attribution: run1 }))) as CallContext;
    expect(third.responseHeaders[LOOP_HEADER]).toBe("exact-repeat");
    expect(third.events).toMatchObject([{ kind: "loop-detected", detail: { rule: "exact-repeat", repeats: 3, action: "annotate" } }]);
    expect(upstreamCalls()).toBe(3);
  });

  it("replays the last answer of an exact repeat when configured to cache", async () => {
    const { call, upstreamCalls } = setup({ exactRepeat: { action: "cache" } });
    const body = { model: "test-model", messages: [{ role: "user", content: "same" }] };
    await call(testContext({ body, attribution: run1 }));
    await call(testContext({ body, attribution: run1 }));
    const third = (await call(testContext({ body, attribution: run1 }))) as CallContext;
    expect(upstreamCalls()).toBe(2);
    expect(third.shortCircuit).toEqual({ status: 200, body: { id: "answer-2" }, headers: { [LOOP_HEADER]: "exact-repeat; replayed" } });
    const streamed = (await call(testContext({ body, attribution: run1, stream: true }))) as CallContext;
    expect(streamed.shortCircuit).toBeUndefined();
    expect(upstreamCalls()).toBe(3);
  });

  it("annotates a run whose tool calls keep repeating while the context grows", async () => {
    const { call } = setup();
    const messages: unknown[] = [{ role: "user", content: "wait for the job" }];
    for (let index = 0; index < 8; index++) {
      messages.push({ role: "assistant", content: null, tool_calls: [{ id: `c${index}`, type: "function", function: { name: "job_status", arguments: '{"id":7}' } }] });
      messages.push({ role: "tool", tool_call_id: `c${index}`, content: `running (${index * 10}%)` });
    }
    const context = (await call(testContext({ body: { model: "m", messages }, attribution: run1 }))) as CallContext;
    expect(context.responseHeaders[LOOP_HEADER]).toBe("no-progress");
  });
});
