import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTokenomy } from "./cli-helpers.js";

const SHARED = resolve("../shared/data/claude-code/projects");
/** ccusage@20.0.24's launcher (it starts the native binary of this platform). */
const CCUSAGE = resolve("node_modules/ccusage/src/cli.js");

const configDirectory = mkdtempSync(join(tmpdir(), "tokenomy-ccusage-"));
symlinkSync(SHARED, join(configDirectory, "projects"));
afterAll(() => rmSync(configDirectory, { recursive: true, force: true }));

function ccusage(report: "session" | "daily"): Record<string, unknown> {
  const result = spawnSync(process.execPath, [CCUSAGE, "claude", report, "--json", "--offline", "--timezone", "UTC"], {
    encoding: "utf8",
    env: { ...process.env, CLAUDE_CONFIG_DIR: configDirectory, NO_COLOR: "1" },
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

interface TheirRow {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  totalCost: number;
}

function tokenomy(by: "session" | "day"): Map<string, Record<string, number>> {
  const result = runTokenomy(["report", SHARED, "--by", by, "--format", "json"]);
  expect(result.status, result.stderr).toBe(0);
  return new Map(JSON.parse(result.stdout).rows.map((row: { key: string }) => [row.key, row]));
}

function compare(ours: Map<string, Record<string, number>>, theirs: Map<string, TheirRow>): void {
  expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
  for (const [key, their] of theirs) {
    const our = ours.get(key)!;
    expect({ key, input: our.inputTokens, output: our.outputTokens, cacheRead: our.cacheReadTokens, cacheWrite: our.cacheWriteTokens }).toEqual({
      key,
      input: their.inputTokens,
      output: their.outputTokens,
      cacheRead: their.cacheReadTokens,
      cacheWrite: their.cacheCreationTokens,
    });
    // ccusage sums float dollars; tokenomy sums integer picodollars. On these logs the rates agree
    // (docs/ccusage-parity.md), so the only difference allowed is ccusage's float rounding.
    expect(Math.abs(Number(our.costPicoUsd) / 1e12 - their.totalCost)).toBeLessThan(1e-9);
  }
}

describe("parity with ccusage@20.0.24 on the shared Claude Code logs", () => {
  it("agrees token for token per session, and on cost", () => {
    const sessions = ccusage("session").sessions as (TheirRow & { sessionId: string })[];
    expect(sessions).toHaveLength(3);
    compare(tokenomy("session"), new Map(sessions.map((row) => [row.sessionId, row])));
  });

  it("agrees token for token per day (UTC), and on cost", () => {
    const days = ccusage("daily").daily as (TheirRow & { date: string })[];
    compare(tokenomy("day"), new Map(days.map((row) => [row.date, row])));
  });
});
