import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { costOf } from "../../src/core/pricing.js";
import { OUTPUT_TOKENS_HEADER } from "../../src/emulator/index.js";
import { startHarness, type Harness } from "../../src/gateway/test-harness.js";
import { toolInteractions } from "../../src/policies/loop-guard/tool-interactions.js";
import { createPriceBook } from "../../src/pricing/index.js";
import { openLedger } from "../../src/stores/registry.js";

/**
 * Replays the real mini-swe-agent trajectories through the gateway against the emulator: each
 * assistant turn becomes one call carrying the conversation that preceded it (its real prompt)
 * and asking for as many output tokens as the real turn produced. Every loop rule only annotates
 * here, so a run is replayed to its end and each finding is seen where it first fires.
 */
const directory = new URL("../../../shared/data/mini-swe-agent/trajs/", import.meta.url).pathname;
const adminKey = "admin-secret-for-replay";
let harness: Harness;
let key: string;

interface Trajectory {
  instance_id: string;
  messages: { role: string; content: string; extra?: { response?: { usage?: { completion_tokens?: number } } } }[];
}

beforeAll(async () => {
  harness = await startHarness({
    adminKey,
    config: {
      policies: [
        {
          name: "loop-guard",
          options: { exactRepeat: { action: "annotate" }, toolErrorRepeat: { action: "annotate" }, noProgress: { action: "annotate" }, hopCycle: { action: "annotate" } },
        },
      ],
    },
  });
  const response = await fetch(`${harness.gateway.url}/admin/keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: JSON.stringify({ tenant: "swe-bench" }),
  });
  key = ((await response.json()) as { key: string }).key;
}, 60_000);
afterAll(() => harness.close());

async function replay(trajectory: Trajectory): Promise<number> {
  let calls = 0;
  for (let index = 0; index < trajectory.messages.length; index++) {
    const message = trajectory.messages[index]!;
    if (message.role !== "assistant") continue;
    const output = message.extra?.response?.usage?.completion_tokens ?? 100;
    const response = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-tokenomy-run-id": trajectory.instance_id, [OUTPUT_TOKENS_HEADER]: String(output) },
      body: JSON.stringify({ model: "gpt-4o-mini", max_tokens: Math.max(1, output), messages: trajectory.messages.slice(0, index).map(({ role, content }) => ({ role, content })) }),
    });
    await response.arrayBuffer();
    expect(response.status).toBe(200);
    calls += 1;
  }
  return calls;
}

describe("replay of real agent trajectories through the loop guard", () => {
  it("meters every turn and lists the loop guard's findings", async () => {
    const files = readdirSync(directory).filter((name) => name.endsWith(".traj.json")).sort();
    const trajectories = files.map((name) => JSON.parse(readFileSync(join(directory, name), "utf8")) as Trajectory);
    const before = harness.emulator.billed().models["gpt-4o-mini"];
    let calls = 0;
    for (let start = 0; start < trajectories.length; start += 4) {
      const counts = await Promise.all(trajectories.slice(start, start + 4).map(replay));
      calls += counts.reduce((sum, count) => sum + count, 0);
    }
    const records = await harness.records();
    expect(records.filter((record) => record.source === "gateway" && record.status === "ok")).toHaveLength(calls);
    const billed = harness.emulator.billed().models["gpt-4o-mini"]!;
    expect(before).toBeUndefined();
    const price = createPriceBook().lookup("gpt-4o-mini", "openai")!;
    const ledgerCost = records.reduce((sum, record) => sum + BigInt(record.costPico ?? 0), 0n);
    expect(ledgerCost).toBe(BigInt(costOf(billed, price).total));

    const ledger = await openLedger(harness.dbPath);
    const events = await ledger.events({ kind: "loop-detected" });
    await ledger.close();
    const first = new Map<string, { run: string; rule: string; turn: number; detail: Record<string, unknown> }>();
    const turnOf = new Map(records.map((record) => [record.requestId, record]));
    for (const event of events) {
      const detail = event.detail ?? {};
      const id = `${event.runId}|${String(detail.rule)}|${String(detail.signature)}`;
      if (first.has(id)) continue;
      const record = turnOf.get(event.requestId);
      const turn = records.filter((candidate) => candidate.runId === event.runId && record && candidate.timestamp <= record.timestamp).length;
      first.set(id, { run: event.runId!, rule: String(detail.rule), turn, detail });
    }
    const findings = [...first.values()];
    const report = join(tmpdir(), "tokenomy-loop-findings.json");
    writeFileSync(report, JSON.stringify({ calls, runs: trajectories.length, findings }, null, 2));
    const byRule = findings.reduce<Record<string, number>>((counts, finding) => ({ ...counts, [finding.rule]: (counts[finding.rule] ?? 0) + 1 }), {});
    // How close each run came to the thresholds, from the same extraction the guard uses.
    const margins = trajectories.map((trajectory) => {
      const interactions = toolInteractions("openai-chat", { messages: trajectory.messages });
      const failures = new Map<string, number>();
      for (const interaction of interactions.filter((item) => item.error)) failures.set(`${interaction.signature}>${interaction.resultHash}`, (failures.get(`${interaction.signature}>${interaction.resultHash}`) ?? 0) + 1);
      let fewestDistinct = Number.POSITIVE_INFINITY;
      for (let end = 8; end <= interactions.length; end++) fewestDistinct = Math.min(fewestDistinct, new Set(interactions.slice(end - 8, end).map((item) => item.signature)).size);
      return { actions: interactions.length, failed: interactions.filter((item) => item.error).length, sameFailure: Math.max(0, ...failures.values()), fewestDistinct };
    });
    const actions = margins.reduce((sum, margin) => sum + margin.actions, 0);
    const failed = margins.reduce((sum, margin) => sum + margin.failed, 0);
    const sameFailure = Math.max(...margins.map((margin) => margin.sameFailure));
    const fewestDistinct = Math.min(...margins.map((margin) => margin.fewestDistinct));
    process.stdout.write(
      `[guard replay] ${trajectories.length} trajectories, ${calls} calls, ${events.length} annotated calls; distinct findings by rule ${JSON.stringify(byRule)}; ` +
        `${actions} shell actions read, ${failed} failed; most repeats of one identical failure in a run: ${sameFailure} (stop threshold 3); ` +
        `fewest distinct actions in any 8 consecutive: ${fewestDistinct} (no-progress threshold 2); details in ${report}\n`,
    );
    expect(calls).toBeGreaterThan(1_000);
    expect(actions).toBeGreaterThan(1_000);
    // These healthy runs hold no loop by the rules' definitions: any finding here would be a false alarm.
    expect(sameFailure).toBeLessThan(3);
    expect(fewestDistinct).toBeGreaterThan(2);
    expect(findings).toEqual([]);
  }, 600_000);
});
