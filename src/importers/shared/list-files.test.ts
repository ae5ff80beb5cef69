import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileSize, listFiles, readHead, withDiscoveryCache } from "./list-files.js";

const root = mkdtempSync(join(tmpdir(), "tokenomy-list-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("listFiles and readHead", () => {
  it("lists matching files depth first in path order, and a single file as itself", async () => {
    mkdirSync(join(root, "b", "c"), { recursive: true });
    writeFileSync(join(root, "b", "c", "x.jsonl"), "1");
    writeFileSync(join(root, "a.jsonl"), "2");
    writeFileSync(join(root, "b", "note.txt"), "3");
    expect(await listFiles(root, (name) => name.endsWith(".jsonl"))).toEqual([join(root, "a.jsonl"), join(root, "b", "c", "x.jsonl")]);
    expect(await listFiles(join(root, "a.jsonl"), () => true)).toEqual([join(root, "a.jsonl")]);
    expect(await listFiles(join(root, "missing"), () => true)).toEqual([]);
  });

  it("shares walks, heads and sizes inside a discovery scope, and only there", async () => {
    const path = join(root, "head.txt");
    writeFileSync(path, "first version, long enough");
    await withDiscoveryCache(async () => {
      expect(await readHead(path, 5)).toBe("first");
      writeFileSync(path, "second version");
      expect(await readHead(path)).toBe("first version, long enough");
      const before = await listFiles(root, () => true);
      writeFileSync(join(root, "new.txt"), "");
      expect(await listFiles(root, () => true)).toEqual(before);
    });
    expect(await readHead(path)).toBe("second version");
    await withDiscoveryCache(async () => {
      expect(fileSize(path)).toBe(14);
      writeFileSync(path, "third, and longer");
      expect(fileSize(path)).toBe(14);
      expect(fileSize(join(root, "missing"))).toBe(0);
    });
    expect(fileSize(path)).toBe(17);
    expect(await listFiles(root, (name) => name === "new.txt")).toEqual([join(root, "new.txt")]);
  });
});
