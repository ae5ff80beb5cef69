import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImportStats } from "../../core/importer.js";
import { readLines, scanLines, type BulkLines, type Line, type LineReaderOptions } from "./line-reader.js";

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "tokenomy-lines-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function linesOf(content: string | Buffer, options: LineReaderOptions = {}): Promise<Line[]> {
  const path = join(directory, `f-${Math.random().toString(36).slice(2)}.txt`);
  await writeFile(path, content);
  const lines: Line[] = [];
  for await (const line of readLines(path, options)) lines.push(line);
  return lines;
}

describe("readLines", () => {
  it("yields lines with byte offsets, across chunk boundaries, for every chunk size", async () => {
    const content = 'alpha\n{"é":1}\r\n\n  \nlast-without-newline';
    const expected = [
      { text: "alpha", offset: 0 },
      { text: '{"é":1}', offset: 6 },
      { text: "last-without-newline", offset: Buffer.byteLength('alpha\n{"é":1}\r\n\n  \n') },
    ];
    for (const chunkBytes of [1, 2, 3, 5, 7, 64, 1024]) {
      const stats = new ImportStats();
      expect(await linesOf(content, { chunkBytes, stats })).toEqual(expected);
      expect(stats.linesRead).toBe(3);
    }
  });

  it("skips over-long lines without losing their neighbours, and counts them", async () => {
    const long = "x".repeat(100);
    const content = `short\n${long}\nafter\n${long}`;
    for (const chunkBytes of [4, 16, 1000]) {
      const stats = new ImportStats();
      const lines = await linesOf(content, { chunkBytes, maxLineBytes: 50, stats });
      expect(lines.map((line) => line.text)).toEqual(["short", "after"]);
      expect(lines[1]!.offset).toBe(6 + 101);
      expect(stats.skipped).toEqual({ line_too_long: 2 });
      expect(stats.linesRead).toBe(4);
    }
  });

  it("prefilters on bytes: lines without any needle are counted under the reason and not decoded", async () => {
    const content = ['{"usage":1}', '{"type":"user"}', '{"token_count":2}', "plain", '{"usage":3}'].join("\n");
    for (const chunkBytes of [3, 8, 4096]) {
      const stats = new ImportStats();
      const lines = await linesOf(content, { chunkBytes, stats, prefilter: { needles: ['"usage"', "token_count"], reason: "no_usage" } });
      expect(lines.map((line) => line.text)).toEqual(['{"usage":1}', '{"token_count":2}', '{"usage":3}']);
      expect(stats.skipped).toEqual({ no_usage: 2 });
      expect(stats.linesRead).toBe(5);
    }
  });

  it("reports progress in bytes", async () => {
    const seen: number[] = [];
    await linesOf("a\nb\nc\n", { chunkBytes: 2, onProgress: (bytes) => seen.push(bytes) });
    expect(seen.at(-1)).toBe(6);
  });
});

describe("readLines on a file that is gone", () => {
  it("counts it as file_vanished and yields nothing (a log pruned between discovery and reading)", async () => {
    const stats = new ImportStats();
    const lines: Line[] = [];
    for await (const line of readLines(join(directory, "pruned.jsonl"), { stats })) lines.push(line);
    expect(lines).toEqual([]);
    expect(stats.skipped).toEqual({ file_vanished: 1 });
  });
});

describe("scanLines with a bulk reader", () => {
  /** A bulk reader that handles each line as the reader itself would, recording what it saw. */
  function recordingBulk(chunkBytes: number, stats: ImportStats, seen: string[], calls: { count: number }): BulkLines {
    const buffer = Buffer.alloc(chunkBytes);
    return {
      buffer,
      lines(start, end, fileOffset, maxLineBytes) {
        calls.count++;
        expect(buffer[end - 1]).toBe(0x0a);
        let lineStart = start;
        for (const text of buffer.toString("utf8", start, end - 1).split("\n")) {
          const line = text.replace(/\r$/, "");
          const offset = fileOffset + lineStart;
          lineStart += Buffer.byteLength(text) + 1;
          if (line.trim() === "") continue;
          stats.linesRead++;
          if (Buffer.byteLength(line) > maxLineBytes) stats.skip("line_too_long");
          else seen.push(`${offset}:${line}`);
        }
      },
    };
  }

  it("hands it each chunk's whole lines and reads the lines across chunks itself, at every chunk size", async () => {
    const content = 'alpha\n{"é":1}\r\n\n  \n' + "x".repeat(40) + "\nbeta\nlast-without-newline";
    const path = join(directory, "bulk.txt");
    await writeFile(path, content);
    const offsetOf = (text: string) => Buffer.from(content).indexOf(text);
    const expected = ["alpha", '{"é":1}', "x".repeat(40), "beta", "last-without-newline"].map((line) => `${offsetOf(line)}:${line}`);
    // Lines left unfinished by a chunk are carried to the next (up to half a chunk) or copied aside.
    for (const chunkBytes of [1, 2, 3, 5, 7, 16, 64, 100, 1024]) {
      for (const maxLineBytes of [30, 1000]) {
        const stats = new ImportStats();
        const seen: string[] = [];
        const calls = { count: 0 };
        const visit = (bytes: Buffer, start: number, end: number, offset: number) => seen.push(`${offset}:${bytes.toString("utf8", start, end)}`);
        for await (const _ of scanLines(path, { stats, bulk: recordingBulk(chunkBytes, stats, seen, calls), maxLineBytes }, visit)) continue;
        const tooLong = maxLineBytes === 30;
        expect(seen.sort()).toEqual(expected.filter((line) => !tooLong || !line.includes("x".repeat(40))).sort());
        expect(stats.linesRead).toBe(5);
        expect(stats.skipped).toEqual(tooLong ? { line_too_long: 1 } : {});
        if (chunkBytes === 1024) expect(calls.count).toBe(1);
      }
    }
  });

  it("refuses a prefilter, which it would bypass", async () => {
    const path = join(directory, "bulk-prefilter.txt");
    await writeFile(path, "a\n");
    const bulk = recordingBulk(16, new ImportStats(), [], { count: 0 });
    const reading = scanLines(path, { bulk, prefilter: { needles: ["a"], reason: "no_a" } }, () => undefined);
    await expect(reading.next()).rejects.toThrow(/prefilter/);
  });
});
