import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cacheDirectory, FileReadCache } from "./read-cache.js";

const scratch = mkdtempSync(join(tmpdir(), "tokenomy-read-cache-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `path` relative to the working directory. */
function fromWorkingDirectory(path: string): string {
  return relative(process.cwd(), path);
}

let count = 0;
function fresh(): { directory: string; log: string } {
  count += 1;
  const log = join(scratch, `log-${count}.jsonl`);
  writeFileSync(log, '{"a":1}\n');
  return { directory: join(scratch, `cache-${count}`), log };
}

describe("FileReadCache", () => {
  it("returns what was stored while the file is unchanged", () => {
    const { directory, log } = fresh();
    const first = new FileReadCache(directory, "1.0.0").entry("reader@1", log);
    expect(first.hit).toBe(false);
    expect(first.stored()).toBeUndefined();
    first.store("result ✓ with\nnewlines");
    const again = new FileReadCache(directory, "1.0.0").entry("reader@1", log);
    expect(again.hit).toBe(true);
    expect(again.stored()).toBe("result ✓ with\nnewlines");
    // Entries name log files and sessions: readable by their owner only.
    const folder = join(directory, "reads");
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(folder)) expect(statSync(join(folder, name)).mode & 0o777).toBe(0o600);
  });

  it("finds a file's entry whether the file is named relative to the working directory or absolutely", () => {
    const { directory, log } = fresh();
    new FileReadCache(directory, "1.0.0").entry("reader@1", log).store("stored");
    const relative = new FileReadCache(directory, "1.0.0").entry("reader@1", fromWorkingDirectory(log));
    expect(relative.hit).toBe(true);
    expect(relative.stored()).toBe("stored");
  });

  it("misses once the file changes, for another reader, and for another release", () => {
    const { directory, log } = fresh();
    new FileReadCache(directory, "1.0.0").entry("reader@1", log).store("old");
    expect(new FileReadCache(directory, "1.0.0").entry("reader@2", log).hit).toBe(false);
    expect(new FileReadCache(directory, "1.0.1").entry("reader@1", log).hit).toBe(false);
    appendFileSync(log, '{"a":2}\n');
    const changed = new FileReadCache(directory, "1.0.0").entry("reader@1", log);
    expect(changed.hit).toBe(false);
    expect(changed.stored()).toBeUndefined();
  });

  it("keys the entry on the file's state when it was looked up, not when the result is stored", () => {
    const { directory, log } = fresh();
    const entry = new FileReadCache(directory, "1.0.0").entry("reader@1", log);
    // The file grows while it is being read: the result must not pass for the grown file.
    appendFileSync(log, '{"a":2}\n');
    entry.store("result of the shorter file");
    expect(new FileReadCache(directory, "1.0.0").entry("reader@1", log).hit).toBe(false);
  });

  it("looks a file up once per run: asked again, it answers as it did the first time", () => {
    const { directory, log } = fresh();
    const cache = new FileReadCache(directory, "1.0.0");
    const first = cache.entry("reader@1", log);
    appendFileSync(log, '{"a":2}\n');
    expect(cache.entry("reader@1", log)).toBe(first);
    expect(cache.entry("reader@2", log)).not.toBe(first);
  });

  it("treats a damaged entry as a miss", () => {
    const { directory, log } = fresh();
    new FileReadCache(directory, "1.0.0").entry("reader@1", log).store("good");
    const folder = join(directory, "reads");
    for (const name of readdirSync(folder)) writeFileSync(join(folder, name), "garbage");
    expect(new FileReadCache(directory, "1.0.0").entry("reader@1", log).hit).toBe(false);
  });

  it("never fails a read: a missing file misses, an unwritable folder stores nothing", () => {
    const { directory, log } = fresh();
    const missing = new FileReadCache(directory, "1.0.0").entry("reader@1", join(scratch, "nowhere.jsonl"));
    expect(missing.hit).toBe(false);
    expect(() => missing.store("x")).not.toThrow();
    const blocked = join(scratch, "blocked");
    writeFileSync(blocked, "a file where the cache folder should be");
    expect(() => new FileReadCache(blocked, "1.0.0").entry("reader@1", log).store("x")).not.toThrow();
  });
});

describe("cacheDirectory", () => {
  it("follows TOKENOMY_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache", () => {
    expect(cacheDirectory({ TOKENOMY_CACHE_DIR: "/c", XDG_CACHE_HOME: "/x", HOME: "/h" })).toBe("/c");
    expect(cacheDirectory({ XDG_CACHE_HOME: "/x", HOME: "/h" })).toBe(join("/x", "tokenomy"));
    expect(cacheDirectory({ HOME: "/h" })).toBe(join("/h", ".cache", "tokenomy"));
  });
});
