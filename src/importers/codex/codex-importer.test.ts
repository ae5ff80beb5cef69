import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CallRecord } from "../../core/call-record.js";
import { ImportStats } from "../../core/importer.js";
import type { ModelPrice, PriceBook } from "../../core/pricing.js";
import { codexImporter, codexSessionDirectories } from "./codex-importer.js";

const FIXTURES = join(import.meta.dirname, "__fixtures__", "sessions");
const DAY = join(FIXTURES, "2025", "10", "02");
const PARENT = "0199a433-3bc0-7a41-b3e2-c1f0d9a8b7c6";
const FORK = "0199a496-4c9c-7d77-e6b5-f4c3a2d1e0f9";
const LEGACY_FORK = "5f3c2a1e-8d7b-4c6a-9e0f-1a2b3c4d5e6f";
const SUBAGENT = "0199a478-bc40-7f99-a8d7-b6e5c4f3a2b1";

// gpt-5 list prices: $1.25 input, $0.125 cached input, $10 output per million tokens.
const gpt5: ModelPrice = { provider: "openai", model: "gpt-5", source: "test", base: { input: 1_250_000, cacheRead: 125_000, output: 10_000_000 } };
const prices: PriceBook = { lookup: (model) => (model === "gpt-5" || model === "gpt-5-codex" ? gpt5 : undefined) };

async function importAll(path: string): Promise<{ records: CallRecord[]; stats: ImportStats }> {
  const stats = new ImportStats();
  const records: CallRecord[] = [];
  for await (const record of codexImporter.read(await codexImporter.discover(path), { prices, stats })) records.push(record);
  return { records, stats };
}

function file(session: string): string {
  const times: Record<string, string> = { [PARENT]: "09-14-05", [FORK]: "11-02-17", [LEGACY_FORK]: "10-30-00", [SUBAGENT]: "10-30-00" };
  return join(DAY, `rollout-2025-10-02T${times[session]}-${session}.jsonl`);
}

const scratch = await mkdtemp(join(tmpdir(), "tokenomy-codex-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("codex importer", () => {
  it("discovers rollouts in a sessions tree, and a single rollout file", async () => {
    expect(await codexImporter.discover(FIXTURES)).toHaveLength(4);
    expect(await codexImporter.discover(file(PARENT))).toEqual([file(PARENT)]);
    expect(await codexImporter.discover(join(import.meta.dirname, "missing"))).toEqual([]);
    expect(codexSessionDirectories({ CODEX_HOME: "/opt/codex" })).toEqual(["/opt/codex/sessions", "/opt/codex/archived_sessions"]);
  });

  it("does not claim a JSONL file that is not a Codex rollout", async () => {
    const other = join(scratch, "transcript.jsonl");
    await writeFile(other, `{"type":"user","sessionId":"abc","parentUuid":null}\n`);
    expect(await codexImporter.discover(other)).toEqual([]);
  });

  it("turns cumulative token counts into per-call usage and skips repeated events", async () => {
    const { records, stats } = await importAll(file(PARENT));
    expect(records.map((record) => record.usage)).toEqual([
      { inputNoCache: 8120, cacheRead: 0, output: 412, reasoning: 256 },
      { inputNoCache: 964, cacheRead: 7936, output: 277, reasoning: 128 },
      { inputNoCache: 2446, cacheRead: 8064, output: 821, reasoning: 576 },
    ]);
    expect(records.map((record) => record.model)).toEqual(["gpt-5-codex", "gpt-5-codex", "gpt-5"]);
    expect(records.map((record) => record.hopId)).toEqual([
      "0199a433-42b4-7b55-c4f3-d2a1e0b9c8d7",
      "0199a433-42b4-7b55-c4f3-d2a1e0b9c8d7",
      "0199a434-af97-7c66-d5a4-e3b2f1c0d9e8",
    ]);
    expect(records[0]).toMatchObject({ sessionId: PARENT, provider: "openai", project: "/home/dev/shop-api", agentKind: "main", source: "codex" });
    expect(records[0]!.timestamp).toBe(Date.parse("2025-10-02T09:14:11.501Z"));
    // 8120 x 1.25 + 412 x 10 micro-dollars.
    expect(records[0]!.costPico).toBe(8120 * 1_250_000 + 412 * 10_000_000);
    expect(stats.skipped).toEqual({ no_usage: 8, token_count_without_info: 1, duplicate_token_count: 1 });
    expect(stats.linesRead).toBe(16);
    expect(stats.linesUsed + stats.skippedTotal).toBe(stats.linesRead);
  });

  it("does not count history copied into a fork again (turn ids mark the boundary)", async () => {
    const { records, stats } = await importAll(file(FORK));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      sessionId: FORK,
      model: "gpt-5",
      hopId: "0199a496-c3d4-7e88-f7c6-a5d4b3e2f1a0",
      usage: { inputNoCache: 1178, cacheRead: 11392, output: 478, reasoning: 256 },
      tags: { usageBasis: "delta", forkedFrom: PARENT },
    });
    expect(stats.skipped.fork_replay).toBe(8);
    expect(stats.linesUsed + stats.skippedTotal).toBe(stats.linesRead);
  });

  it("does not count the copy in an older fork without turn ids, across a second tick", async () => {
    const { records, stats } = await importAll(file(LEGACY_FORK));
    expect(records.map((record) => record.usage)).toEqual([{ inputNoCache: 534, cacheRead: 7936, output: 290, reasoning: 128 }]);
    expect(stats.skipped.fork_replay).toBe(8);
  });

  it("rolls a spawned sub-agent into its parent session under its own agent id", async () => {
    const { records } = await importAll(file(SUBAGENT));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ sessionId: PARENT, agentId: SUBAGENT, agentName: "explorer", agentKind: "subagent" });
    expect(records[0]!.usage).toEqual({ inputNoCache: 5200, cacheRead: 0, output: 150, reasoning: 64 });
  });

  it("counts the whole tree once: parent, fork, older fork and sub-agent", async () => {
    const { records, stats } = await importAll(FIXTURES);
    expect(records).toHaveLength(6);
    const output = records.reduce((sum, record) => sum + (record.usage.output ?? 0), 0);
    expect(output).toBe(412 + 277 + 821 + 478 + 290 + 150);
    expect(stats.files).toBe(4);
    expect(new Set(records.map((record) => record.id)).size).toBe(6);
  });

  it("yields the same ids on a second import and drops an archived copy of a rollout", async () => {
    const first = await importAll(FIXTURES);
    const archive = join(scratch, "home");
    await mkdir(join(archive, "sessions"), { recursive: true });
    await mkdir(join(archive, "archived_sessions"), { recursive: true });
    const content = await readFile(file(PARENT));
    await writeFile(join(archive, "sessions", `rollout-2025-10-02T09-14-05-${PARENT}.jsonl`), content);
    await writeFile(join(archive, "archived_sessions", `rollout-2025-10-02T09-14-05-${PARENT}.jsonl`), content);
    const second = await importAll(FIXTURES);
    expect(second.records.map((record) => record.id)).toEqual(first.records.map((record) => record.id));
    const copies = await importAll(archive);
    expect(copies.records).toHaveLength(3);
    expect(copies.stats.skipped.duplicate).toBe(3);
    expect(copies.stats.linesUsed + copies.stats.skippedTotal).toBe(copies.stats.linesRead);
  });

  it("counts a session resumed into a new file once: the copied events are duplicates", async () => {
    const resumedDirectory = join(scratch, "resumed");
    await mkdir(resumedDirectory, { recursive: true });
    const original = (await readFile(file(PARENT), "utf8")).trimEnd().split("\n");
    const restamped = original.map((line) => line.replace(/"timestamp":"2025-10-02T09:/, '"timestamp":"2025-10-02T13:'));
    const nextTurn = JSON.stringify({
      timestamp: "2025-10-02T13:20:00.000Z",
      type: "event_msg",
      payload: {
        type: "token_count",
        info: {
          total_token_usage: { input_tokens: 39000, cached_input_tokens: 27000, output_tokens: 1700, reasoning_output_tokens: 1000, total_tokens: 40700 },
          last_token_usage: { input_tokens: 11470, cached_input_tokens: 11000, output_tokens: 190, reasoning_output_tokens: 40, total_tokens: 11660 },
        },
      },
    });
    await writeFile(join(resumedDirectory, `rollout-2025-10-02T13-14-05-${PARENT}.jsonl`), [...restamped, nextTurn].join("\n"));
    await writeFile(join(resumedDirectory, `rollout-2025-10-02T09-14-05-${PARENT}.jsonl`), original.join("\n"));
    const { records, stats } = await importAll(resumedDirectory);
    expect(records.map((record) => record.usage.output)).toEqual([412, 277, 821, 190]);
    expect(stats.skipped.duplicate).toBe(3);
  });

  it("keeps the model of a spawned sub-agent whose first turn follows the spawn within the copy window", async () => {
    const spawn = join(scratch, "rollout-2025-10-03T07-00-00-spawn.jsonl");
    const line = (timestamp: string, type: string, payload: object) => JSON.stringify({ timestamp, type, payload });
    const usage = { input_tokens: 3000, cached_input_tokens: 0, output_tokens: 90, reasoning_output_tokens: 0, total_tokens: 3090 };
    await writeFile(
      spawn,
      [
        line("2025-10-03T07:00:00.000Z", "session_meta", { id: "spawned-1", timestamp: "2025-10-03T07:00:00.000Z", source: { subagent: { thread_spawn: { parent_thread_id: PARENT } } } }),
        line("2025-10-03T07:00:00.150Z", "turn_context", { model: "gpt-5-codex", cwd: "/srv" }),
        line("2025-10-03T07:00:04.800Z", "event_msg", { type: "token_count", info: { total_token_usage: usage, last_token_usage: usage } }),
      ].join("\n"),
    );
    const { records } = await importAll(spawn);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ model: "gpt-5-codex", sessionId: PARENT, agentId: "spawned-1", usage: { inputNoCache: 3000, output: 90 } });
    expect(records[0]!.costPico).toBeDefined();
  });

  it("counts bad lines by reason and keeps an unknown model unpriced", async () => {
    const bad = join(scratch, "rollout-2025-10-03T08-00-00-bad.jsonl");
    const tokenCount = (input: number, output: number) =>
      JSON.stringify({
        timestamp: "2025-10-03T08:00:05.000Z",
        type: "event_msg",
        payload: { type: "token_count", info: { total_token_usage: { input_tokens: input, cached_input_tokens: 0, output_tokens: output, reasoning_output_tokens: 0, total_tokens: input + output } } },
      });
    await writeFile(
      bad,
      [
        JSON.stringify({ timestamp: "2025-10-03T08:00:00.000Z", type: "session_meta", payload: { id: "bad-session", cwd: "/tmp/x", model_provider: "openai" } }),
        JSON.stringify({ timestamp: "2025-10-03T08:00:01.000Z", type: "turn_context", payload: { model: "gpt-9-imaginary" } }),
        `{"timestamp":"2025-10-03T08:00:02.000Z","type":"event_msg","payload":{"type":"token_count",`,
        JSON.stringify({ timestamp: "2025-10-03T08:00:03.000Z", type: "event_msg", payload: { type: "token_count", info: null } }),
        JSON.stringify({ timestamp: "2025-10-03T08:00:04.000Z", payload: { type: "token_count" } }),
        tokenCount(1000, 50),
        tokenCount(1000, 50).slice(0, 90),
      ].join("\n"),
    );
    const { records, stats } = await importAll(bad);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ model: "gpt-9-imaginary", usage: { inputNoCache: 1000, output: 50 } });
    expect(records[0]!.costPico).toBeUndefined();
    expect(stats.skipped).toEqual({ invalid_json: 2, token_count_without_info: 1, invalid_entry: 1 });
    expect(stats.linesUsed + stats.skippedTotal).toBe(stats.linesRead);
  });
});
