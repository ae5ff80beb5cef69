import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CallRecord } from "../../core/call-record.js";
import { importAll, SHARED_PROJECTS } from "./test-helpers.js";

interface Sums {
  calls: number;
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
}

/**
 * The reference: a plain second reading of the JSONL, written apart from the importer. Keeps, per
 * (message.id, requestId), the copy with the most tokens, and files it under the session the
 * file's path names (a sub-agent file's session is the directory above `subagents/`).
 */
function referenceTotals(root: string): Map<string, Sums> {
  const files: string[] = [];
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".jsonl")) files.push(path);
    }
  };
  walk(root);
  const best = new Map<string, { session: string; usage: Record<string, number>; tokens: number }>();
  for (const file of files) {
    const session = basename(dirname(file)) === "subagents" ? basename(dirname(dirname(file))) : basename(file, ".jsonl");
    for (const text of readFileSync(file, "utf8").split("\n")) {
      if (text.trim() === "") continue;
      const entry = JSON.parse(text);
      const usage = entry.message?.usage;
      if (!usage || entry.message.model === "<synthetic>") continue;
      const tokens = usage.input_tokens + usage.output_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens;
      const key = `${entry.message.id}|${entry.requestId}`;
      const previous = best.get(key);
      if (!previous || tokens > previous.tokens) best.set(key, { session, usage, tokens });
    }
  }
  const sums = new Map<string, Sums>();
  for (const { session, usage } of best.values()) {
    const sum = sums.get(session) ?? { calls: 0, input: 0, cacheRead: 0, cacheWrite: 0, output: 0 };
    sum.calls += 1;
    sum.input += usage.input_tokens!;
    sum.cacheRead += usage.cache_read_input_tokens!;
    sum.cacheWrite += usage.cache_creation_input_tokens!;
    sum.output += usage.output_tokens!;
    sums.set(session, sum);
  }
  return sums;
}

function sumRecords(records: CallRecord[], keyOf: (record: CallRecord) => string): Map<string, Sums> {
  const sums = new Map<string, Sums>();
  for (const { usage, ...record } of records) {
    const key = keyOf({ usage, ...record });
    const sum = sums.get(key) ?? { calls: 0, input: 0, cacheRead: 0, cacheWrite: 0, output: 0 };
    sum.calls += 1;
    sum.input += usage.inputNoCache ?? 0;
    sum.cacheRead += usage.cacheRead ?? 0;
    sum.cacheWrite += (usage.cacheWrite5m ?? 0) + (usage.cacheWrite1h ?? 0);
    sum.output += usage.output ?? 0;
    sums.set(key, sum);
  }
  return sums;
}

describe("Claude Code importer on the shared real logs", async () => {
  const { records, stats } = await importAll(SHARED_PROJECTS);

  it("matches an independent reading token for token, per session", () => {
    const expected = referenceTotals(SHARED_PROJECTS);
    expect(expected.size).toBe(3);
    expect(sumRecords(records, (record) => record.sessionId!)).toEqual(expected);
  });

  it("pins the totals of each session", () => {
    const sums = Object.fromEntries(sumRecords(records, (record) => record.sessionId!));
    expect(sums).toEqual({
      "258c7280-ae70-4798-800f-63464d01a85d": { calls: 156, input: 198, cacheRead: 14_972_534, cacheWrite: 394_137, output: 38_908 },
      "4d5611e5-241a-462a-8d15-5122611a9569": { calls: 152, input: 233, cacheRead: 12_387_553, cacheWrite: 559_475, output: 28_899 },
      // Its main transcript is empty: every call comes from its sub-agent.
      "6c2214d7-b87e-4432-8e41-22ba294ea584": { calls: 18, input: 219, cacheRead: 457_858, cacheWrite: 39_438, output: 28 },
    });
  });

  it("rolls sub-agents into their parent session and keeps their agent id and kind", () => {
    const agents = sumRecords(records, (record) => `${record.sessionId} ${record.agentId ?? "-"} ${record.agentKind}`);
    expect([...agents.keys()].sort()).toEqual([
      "258c7280-ae70-4798-800f-63464d01a85d - main",
      "258c7280-ae70-4798-800f-63464d01a85d a881341 subagent",
      "258c7280-ae70-4798-800f-63464d01a85d acompact-fffbd0 compaction",
      "4d5611e5-241a-462a-8d15-5122611a9569 - main",
      "4d5611e5-241a-462a-8d15-5122611a9569 a2898e3 subagent",
      "4d5611e5-241a-462a-8d15-5122611a9569 acompact-e1f845 compaction",
      "6c2214d7-b87e-4432-8e41-22ba294ea584 afc096d subagent",
    ]);
    expect(agents.get("4d5611e5-241a-462a-8d15-5122611a9569 acompact-e1f845 compaction")?.calls).toBe(1);
    expect(agents.get("6c2214d7-b87e-4432-8e41-22ba294ea584 afc096d subagent")?.calls).toBe(18);
  });

  it("keeps the 5-minute / 1-hour cache-write split", () => {
    const fiveMinutes = records.reduce((sum, record) => sum + (record.usage.cacheWrite5m ?? 0), 0);
    const oneHour = records.reduce((sum, record) => sum + (record.usage.cacheWrite1h ?? 0), 0);
    expect(fiveMinutes).toBe(559_475);
    expect(oneHour).toBe(433_575);
  });

  it("accounts for every line: used, duplicate, or skipped with a reason", () => {
    expect(stats.files).toBe(8);
    expect(stats.linesUsed).toBe(records.length);
    expect(stats.linesUsed + stats.skippedTotal).toBe(stats.linesRead);
    expect(stats.skipped).toEqual({ duplicate: 340, no_usage: 3071 });
  });

  it("gives stable, unique ids (importing twice yields the same records)", async () => {
    const again = await importAll(SHARED_PROJECTS);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
    expect(again.records.map((record) => record.id).sort()).toEqual(records.map((record) => record.id).sort());
  });

  it("prices every call through the price book", () => {
    expect(records.every((record) => record.costPico !== undefined && record.costPico > 0)).toBe(true);
    expect(records.every((record) => record.provider === "anthropic" && record.project === "-home-user-spotter")).toBe(true);
  });
});
