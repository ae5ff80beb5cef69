import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Dependencies point inward. Each top folder of src/ has a layer; a file may import only from its
 * own folder or from folders of a lower layer. The core (layer 0) imports nothing but itself and
 * Node built-ins.
 */
const layers: Record<string, number> = {
  core: 0,
  tokenize: 1,
  pricing: 1,
  providers: 1,
  stores: 2,
  importers: 2,
  policies: 2,
  emulator: 2,
  testing: 2,
  report: 3,
  sdk: 3,
  gateway: 3,
  cli: 4,
  "index.ts": 5,
};

const srcRoot = resolve(import.meta.dirname, "../src");

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return name === "__fixtures__" ? [] : sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

function topFolder(path: string): string {
  return relative(srcRoot, path).split("/")[0]!;
}

const importPattern = /(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

describe("architecture", () => {
  const files = sourceFiles(srcRoot);

  it("knows the layer of every top folder of src/", () => {
    const unknown = [...new Set(files.map(topFolder))].filter((folder) => layers[folder] === undefined);
    expect(unknown, "add new top folders to the layer table here and in ARCHITECTURE.md").toEqual([]);
  });

  it("has no import pointing outward", () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = topFolder(file);
      const source = readFileSync(file, "utf8");
      for (const match of source.matchAll(importPattern)) {
        const specifier = match[1] ?? match[2]!;
        if (!specifier.startsWith(".")) continue;
        const target = resolve(dirname(file), specifier);
        if (!target.startsWith(srcRoot)) continue;
        const to = topFolder(target);
        if (to === from) continue;
        const allowed = (layers[to] ?? 99) < (layers[from] ?? -1);
        if (!allowed) violations.push(`${relative(srcRoot, file)} imports ${specifier} (${from} -> ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("keeps the core free of third-party packages", () => {
    const offenders = files
      .filter((file) => topFolder(file) === "core")
      .flatMap((file) => [...readFileSync(file, "utf8").matchAll(importPattern)].map((match) => `${relative(srcRoot, file)}: ${match[1] ?? match[2]}`))
      .filter((line) => !/: (\.|node:)/.test(line));
    expect(offenders).toEqual([]);
  });
});
