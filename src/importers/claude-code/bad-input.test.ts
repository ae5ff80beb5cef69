import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ImportStats } from "../../core/importer.js";
import { claudeCodeImporter } from "./importer.js";
import { readClaudeRecords, scanClaudeFile, scanFromRecords, type FileScan } from "./scan-files.js";
import { flatPrices, importAll, SHARED_PROJECTS } from "./test-helpers.js";

const root = mkdtempSync(join(tmpdir(), "tokenomy-claude-bad-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function assistant(fields: { id: string; request: string; model?: string; output: number; timestamp?: string | null; sidechain?: boolean }): string {
  const entry: Record<string, unknown> = {
    parentUuid: null,
    isSidechain: fields.sidechain ?? false,
    sessionId: "s-1",
    message: {
      model: fields.model ?? "claude-test-1",
      id: fields.id,
      type: "message",
      role: "assistant",
      content: [{ type: "text", text: 'a "quoted" {brace} and "usage":{"input_tokens":999} inside text' }],
      stop_reason: "end_turn",
      usage: { input_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 100, output_tokens: fields.output },
    },
    requestId: fields.request,
    type: "assistant",
    uuid: `u-${fields.id}-${fields.output}`,
    timestamp: fields.timestamp === null ? undefined : (fields.timestamp ?? "2026-02-10T10:00:00.000Z"),
  };
  return JSON.stringify(entry);
}

/** A file read as a worker thread reads it (records, decoded on the main thread) scans as it does read here. */
async function expectWorkerPathAgrees(path: string): Promise<void> {
  let here: FileScan | undefined;
  for await (const batch of scanClaudeFile(path, 0)) here ??= batch.scan;
  expect(scanFromRecords(path, await readClaudeRecords(path))).toEqual(here);
}

describe("Claude Code importer on bad input", () => {
  it("counts truncated lines, invalid JSON, missing fields and synthetic entries, and loses nothing else", async () => {
    const project = join(root, "a", "projects", "-p");
    mkdirSync(project, { recursive: true });
    const good = assistant({ id: "msg_a", request: "req_a", output: 10 });
    const lines = [
      good,
      assistant({ id: "msg_a", request: "req_a", output: 20 }),
      good.slice(0, 180),
      "{not json}",
      assistant({ id: "msg_b", request: "req_b", output: 1, timestamp: null }),
      assistant({ id: "msg_c", request: "req_c", model: "mystery-model-1", output: 7 }),
      assistant({ id: "msg_d", request: "req_d", model: "<synthetic>", output: 0 }),
      JSON.stringify({ type: "user", message: { role: "user", content: "what is usage?" }, timestamp: "2026-02-10T10:00:00.000Z" }),
      "",
      "   ",
      assistant({ id: "msg_e", request: "req_e", output: 3 }).slice(0, -40),
    ];
    writeFileSync(join(project, "s-1.jsonl"), lines.join("\n"));
    const { records, stats } = await importAll(join(root, "a"));
    expect(records.map((record) => [record.responseId, record.usage.output, record.costPico === undefined ? "unpriced" : "priced"])).toEqual([
      ["msg_a", 20, "priced"],
      ["msg_c", 7, "unpriced"],
    ]);
    expect(stats.skipped).toEqual({ duplicate: 1, invalid_json: 3, missing_fields: 1, synthetic: 1, no_usage: 1 });
    expect(stats.linesRead).toBe(9);
    expect(stats.linesUsed + stats.skippedTotal).toBe(stats.linesRead);
    await expectWorkerPathAgrees(join(project, "s-1.jsonl"));
  });

  it("prefers the main transcript's copy over a sidechain replay, and the larger copy otherwise", async () => {
    const project = join(root, "b", "projects", "-p");
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, "s-1.jsonl"),
      [
        assistant({ id: "msg_x", request: "req_x", output: 50, sidechain: true }),
        assistant({ id: "msg_x", request: "req_x", output: 40 }),
        assistant({ id: "msg_y", request: "req_y", output: 1 }),
        assistant({ id: "msg_y", request: "req_y", output: 9 }),
        assistant({ id: "msg_y", request: "req_y", output: 4 }),
      ].join("\n") + "\n",
    );
    const { records, stats } = await importAll(join(root, "b"));
    expect(records.map((record) => [record.responseId, record.usage.output])).toEqual([
      ["msg_x", 40],
      ["msg_y", 9],
    ]);
    expect(stats.skipped).toEqual({ duplicate: 3 });
    await expectWorkerPathAgrees(join(project, "s-1.jsonl"));
  });

  it("keeps the largest copy within a file however far apart the copies are, and counts a larger copy in a later file", async () => {
    const project = join(root, "far", "projects", "-p");
    mkdirSync(project, { recursive: true });
    const between = Array.from({ length: 3000 }, (_, index) => assistant({ id: `msg_${index}`, request: `req_${index}`, output: 1 }));
    writeFileSync(
      join(project, "s-1.jsonl"),
      [assistant({ id: "msg_far", request: "req_far", output: 10 }), ...between, assistant({ id: "msg_far", request: "req_far", output: 70 })].join("\n") + "\n",
    );
    // Read after s-1 (files are read in name order), once s-1's copy has left the cross-file window.
    const later = Array.from({ length: 3000 }, (_, index) => assistant({ id: `msg_later_${index}`, request: `req_later_${index}`, output: 1 }));
    writeFileSync(join(project, "s-2.jsonl"), [...later, assistant({ id: "msg_far", request: "req_far", output: 90 })].join("\n") + "\n");
    const { records, stats } = await importAll(join(root, "far"));
    const far = records.filter((record) => record.responseId === "msg_far");
    expect(far.map((record) => record.usage.output)).toEqual([70]);
    expect(records).toHaveLength(6001);
    expect(stats.skipped).toEqual({ duplicate: 1, duplicate_late_larger: 1 });
  });

  it("skips a 1 GB line with a count, in bounded memory, keeping the lines around it", async () => {
    const project = join(root, "c", "projects", "-p");
    mkdirSync(project, { recursive: true });
    const path = join(project, "s-1.jsonl");
    const descriptor = openSync(path, "w");
    writeSync(descriptor, assistant({ id: "msg_before", request: "req_1", output: 1 }) + "\n");
    writeSync(descriptor, '{"type":"assistant","message":{"usage":{},"content":"');
    const block = Buffer.alloc(16 * 1024 * 1024, "x");
    for (let written = 0; written < 1024 * 1024 * 1024; written += block.length) writeSync(descriptor, block);
    writeSync(descriptor, '"}}\n' + assistant({ id: "msg_after", request: "req_2", output: 2 }) + "\n");
    closeSync(descriptor);

    const before = process.memoryUsage().rss;
    let peak = before;
    let progressCalls = 0;
    const { records, stats } = await importAll(join(root, "c"), undefined, () => {
      progressCalls += 1;
      peak = Math.max(peak, process.memoryUsage().rss);
    });
    expect(progressCalls).toBeGreaterThan(1000);

    expect(records.map((record) => record.responseId)).toEqual(["msg_before", "msg_after"]);
    expect(stats.skipped).toEqual({ line_too_long: 1 });
    expect(stats.linesRead).toBe(3);
    // The reader holds at most 64 MiB of a line (plus its 1 MiB chunk), never the whole line.
    expect(peak - before).toBeLessThan(256 * 1024 * 1024);
  }, 120_000);

  it("does not claim a directory that holds no Claude Code transcript", async () => {
    const other = join(root, "d");
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, "rollout-1.jsonl"), '{"timestamp":"2026-01-01T00:00:00Z","type":"session_meta","payload":{}}\n');
    writeFileSync(join(other, "empty.jsonl"), "");
    const { records, stats } = await importAll(other);
    expect(records).toEqual([]);
    expect(stats.files).toBe(0);
  });
});

describe("a transcript pruned between discovery and reading", () => {
  it("is counted as file_vanished, and the other files are read", async () => {
    const logs = join(root, "pruned");
    cpSync(SHARED_PROJECTS, logs, { recursive: true });
    const files = await claudeCodeImporter.discover(logs);
    const everything = await importAll(logs);
    const pruned = join(logs, "-home-user-spotter", readdirSync(join(logs, "-home-user-spotter")).find((name) => name.endsWith(".jsonl"))!);
    rmSync(pruned);
    const stats = new ImportStats();
    let calls = 0;
    for await (const _record of claudeCodeImporter.read(files, { prices: flatPrices, stats })) calls += 1;
    expect(stats.skipped.file_vanished).toBe(1);
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(everything.records.length);
  });
});
