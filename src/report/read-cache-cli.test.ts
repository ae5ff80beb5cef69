import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTokenomy } from "./cli-helpers.js";

const scratch = mkdtempSync(join(tmpdir(), "tokenomy-read-cache-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const logs = join(scratch, "projects");
cpSync("../shared/data/claude-code/projects", logs, { recursive: true });
const cache = join(scratch, "cache");

function report(...flags: string[]) {
  const result = runTokenomy(["report", logs, "--by", "session", "--format", "json", ...flags], { ...process.env, TOKENOMY_CACHE_DIR: cache });
  expect(result.status, result.stderr).toBe(0);
  const document = JSON.parse(result.stdout) as { files: number; filesCached: number; totals: { calls: number }; rows: unknown[]; skipped: unknown };
  return { ...document, same: { totals: document.totals, rows: document.rows, skipped: document.skipped } };
}

describe("tokenomy report with the read cache", () => {
  it("reads a file again only once it changed, with the same report as a fresh read", () => {
    const fresh = report("--no-cache");
    expect(fresh.filesCached).toBe(0);
    const first = report();
    expect(first.filesCached).toBe(0);
    expect(first.same).toEqual(fresh.same);
    const second = report();
    expect(second.filesCached).toBe(second.files);
    expect(second.same).toEqual(fresh.same);

    // A session goes on: one more response is appended to one transcript.
    const session = readdirSync(join(logs, "-home-user-spotter")).find((name) => name.endsWith(".jsonl"))!;
    const path = join(logs, "-home-user-spotter", session);
    const template = readFileSync(path, "utf8")
      .split("\n")
      .find((line) => line.includes('"usage"') && line.includes('"requestId"'))!;
    const line = JSON.parse(template);
    line.message.id = "msg_appended";
    line.requestId = "req_appended";
    line.uuid = "00000000-0000-4000-8000-000000000001";
    appendFileSync(path, `${JSON.stringify(line)}\n`);
    const grown = report();
    expect(grown.filesCached).toBe(grown.files - 1);
    expect(grown.totals.calls).toBe(fresh.totals.calls + 1);
    expect(grown.same).toEqual(report("--no-cache").same);
  });

  it("reads a file again when its cache entry is damaged", () => {
    report();
    const folder = join(cache, "reads");
    const [damaged] = readdirSync(folder);
    const text = readFileSync(join(folder, damaged!), "utf8");
    writeFileSync(join(folder, damaged!), `${text.split("\n")[0]}\n{"linesRead":"many"}`);
    const result = report();
    expect(result.filesCached).toBe(result.files - 1);
    expect(result.same).toEqual(report("--no-cache").same);
  });
});
