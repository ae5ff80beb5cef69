import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTokenomy } from "./cli-helpers.js";

const SHARED = "../shared/data/claude-code/projects";
const TOTAL_FIELDS = [
  "calls",
  "inputTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
  "outputTokens",
  "reasoningTokens",
  "costUsd",
  "unpricedCalls",
];

function reportJson(...args: string[]) {
  const result = runTokenomy(["report", ...args, "--format", "json"]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

const scratch = mkdtempSync(join(tmpdir(), "tokenomy-report-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("tokenomy report (JSON contract)", () => {
  it("prints one object with totals, rows keyed by session, and skipped counts", () => {
    const report = reportJson(SHARED, "--by", "session");
    for (const field of TOTAL_FIELDS) expect(report.totals).toHaveProperty(field);
    expect(report.totals).toMatchObject({ calls: 326, inputTokens: 650, cacheReadTokens: 27_817_945, cacheWriteTokens: 993_050, outputTokens: 67_835, reasoningTokens: 0, unpricedCalls: 0 });
    expect(report.totals.cacheWrite5mTokens + report.totals.cacheWrite1hTokens).toBe(report.totals.cacheWriteTokens);
    expect(report.rows.map((row: { key: string }) => row.key)).toEqual([
      "258c7280-ae70-4798-800f-63464d01a85d",
      "4d5611e5-241a-462a-8d15-5122611a9569",
      "6c2214d7-b87e-4432-8e41-22ba294ea584",
    ]);
    for (const row of report.rows) for (const field of TOTAL_FIELDS) expect(row).toHaveProperty(field);
    expect(report.rows[2]).toMatchObject({ calls: 18, inputTokens: 219, cacheReadTokens: 457_858, cacheWriteTokens: 39_438, outputTokens: 28 });
    expect(report.skipped).toEqual({ duplicate: 340, no_usage: 3071 });
    const rowSum = report.rows.reduce((sum: bigint, row: { costPicoUsd: string }) => sum + BigInt(row.costPicoUsd), 0n);
    expect(rowSum).toBe(BigInt(report.totals.costPicoUsd));
    expect(report.totals.costUsd).toBeGreaterThan(0);
  });

  it("--by agent shows each sub-agent as its own row with its parent session", () => {
    const report = reportJson(SHARED, "--by", "agent");
    const rows = report.rows.map((row: { key: string; parentSession: string; calls: number }) => [row.key, row.parentSession, row.calls]);
    expect(rows).toEqual([
      ["(main)", "258c7280-ae70-4798-800f-63464d01a85d", 152],
      ["(main)", "4d5611e5-241a-462a-8d15-5122611a9569", 139],
      ["a2898e3", "4d5611e5-241a-462a-8d15-5122611a9569", 12],
      ["a881341", "258c7280-ae70-4798-800f-63464d01a85d", 3],
      ["acompact-e1f845", "4d5611e5-241a-462a-8d15-5122611a9569", 1],
      ["acompact-fffbd0", "258c7280-ae70-4798-800f-63464d01a85d", 1],
      ["afc096d", "6c2214d7-b87e-4432-8e41-22ba294ea584", 18],
    ]);
  });

  it("groups by day in a time zone and filters with --since/--until (whole days, inclusive)", () => {
    const days = reportJson(SHARED, "--by", "day");
    expect(days.rows.map((row: { key: string; calls: number }) => [row.key, row.calls])).toEqual([
      ["2026-02-10", 18],
      ["2026-02-11", 156],
      ["2026-02-12", 152],
    ]);
    const one = reportJson(SHARED, "--by", "day", "--since", "2026-02-11", "--until", "2026-02-11");
    expect(one.rows.map((row: { key: string }) => row.key)).toEqual(["2026-02-11"]);
    expect(one.totals.calls).toBe(156);
    const tokyo = reportJson(SHARED, "--by", "day", "--tz", "Asia/Tokyo");
    expect(tokyo.timeZone).toBe("Asia/Tokyo");
    expect(tokyo.totals.calls).toBe(326);
    const byModel = reportJson(SHARED, "--by", "model");
    expect(byModel.rows.map((row: { key: string }) => row.key)).toEqual(["claude-haiku-4-5-20251001", "claude-opus-4-6", "claude-sonnet-4-5-20250929"]);
  });

  it("shows an unknown model as unpriced, never $0", () => {
    const project = join(scratch, "projects", "-p");
    mkdirSync(project, { recursive: true });
    const line = {
      sessionId: "s",
      type: "assistant",
      timestamp: "2026-02-10T10:00:00.000Z",
      requestId: "req_1",
      message: { model: "mystery-model-9", id: "msg_1", role: "assistant", content: [], usage: { input_tokens: 10, output_tokens: 5 } },
    };
    writeFileSync(join(project, "s.jsonl"), JSON.stringify(line) + "\n");
    const report = reportJson(scratch);
    expect(report.totals).toMatchObject({ calls: 1, inputTokens: 10, outputTokens: 5, unpricedCalls: 1, costUsd: null, unpricedModels: ["mystery-model-9"] });
    const table = runTokenomy(["report", scratch]);
    expect(table.stdout).toMatch(/unpriced/);
    expect(table.stdout).not.toMatch(/\$0\.00/);
    const csv = runTokenomy(["report", scratch, "--format", "csv"]).stdout.trim().split("\n");
    expect(csv[0]).toMatch(/^key,parentSession,calls,inputTokens,/);
    expect(csv.at(-1)).toMatch(/^\(total\),,1,10,/);
  });

  it("shows reasoning as not reported, not as 0, where no call reported it apart", () => {
    const report = reportJson(SHARED);
    expect(report.totals).toMatchObject({ reasoningTokens: 0, reasoningReportedCalls: 0 });
    const table = runTokenomy(["report", SHARED]).stdout.split("\n");
    const total = table.find((line) => line.startsWith("total"))!;
    expect(total.trim().split(/\s+/).at(-2)).toBe("-");
    expect(table.join("\n")).toMatch(/reasoning "-": not reported apart/);
  });

  it("reads the same with worker threads as on one thread", () => {
    const run = (workers: string) => {
      const result = runTokenomy(["report", SHARED, "--by", "agent", "--format", "json", "--no-cache"], { ...process.env, TOKENOMY_WORKERS: workers });
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(result.stdout);
    };
    const sequential = run("0");
    expect(sequential.totals.calls).toBe(326);
    expect(run("2")).toEqual(sequential);
    expect(run("3")).toEqual(sequential);
  });

  it("with no PATH reads the default locations (CLAUDE_CONFIG_DIR here)", () => {
    const home = join(scratch, "home");
    const config = join(scratch, "claude-config");
    mkdirSync(home, { recursive: true });
    mkdirSync(config, { recursive: true });
    symlinkSync(resolve(SHARED), join(config, "projects"));
    const environment = { ...process.env, HOME: home, CLAUDE_CONFIG_DIR: config, CODEX_HOME: join(home, ".codex") };
    const result = runTokenomy(["report", "--format", "json"], environment);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).totals.calls).toBe(326);
    const nothing = runTokenomy(["report"], { ...environment, CLAUDE_CONFIG_DIR: join(scratch, "nowhere") });
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toMatch(/no logs found in the default locations/);
  });

  it("--db reads the ledger and agrees with reading the logs", async () => {
    const { readLogs } = await import("../importers/read-logs.js");
    const { createPriceBook } = await import("../pricing/index.js");
    const { openLedger } = await import("../stores/registry.js");
    const file = join(scratch, "ledger.db");
    const ledger = await openLedger(file);
    const { records } = readLogs([SHARED], { prices: createPriceBook() });
    const batch = [];
    for await (const record of records) batch.push(record);
    expect(await ledger.append(batch)).toBe(326);
    await ledger.close();
    for (const by of ["session", "agent", "day"]) {
      const fromLedger = reportJson("--db", file, "--by", by);
      const fromLogs = reportJson(SHARED, "--by", by);
      expect(fromLedger.source).toBe("ledger");
      expect(fromLedger.rows).toEqual(fromLogs.rows);
      expect(fromLedger.totals).toEqual(fromLogs.totals);
    }
  });

  it("fails with a clear message on a bad path, a bad flag, or a format it does not know", () => {
    const missing = runTokenomy(["report", join(scratch, "nope")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/log path not found/);
    const unknown = join(scratch, "unknown");
    mkdirSync(unknown);
    writeFileSync(join(unknown, "notes.txt"), "hello\n");
    expect(runTokenomy(["report", unknown]).stderr).toMatch(/no known log format found/);
    expect(runTokenomy(["report", SHARED, "--by", "planet"]).stderr).toMatch(/--by must be one of/);
    expect(runTokenomy(["report", SHARED, "--format", "xml"]).stderr).toMatch(/--format must be one of/);
    expect(runTokenomy(["report", SHARED, "--since", "2026-13-01"]).stderr).toMatch(/not a calendar day/);
  });
});
