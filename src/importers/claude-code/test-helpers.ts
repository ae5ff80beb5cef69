import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { CallRecord } from "../../core/call-record.js";
import { ImportStats } from "../../core/importer.js";
import type { ModelPrice, PriceBook } from "../../core/pricing.js";
import { fromAnthropicUsage } from "../../providers/anthropic/convert-usage.js";
import { claudeCodeImporter } from "./importer.js";
import type { ParsedClaudeLine } from "./parse-line.js";
import { lineTokens } from "./to-record.js";

/** The shared real Claude Code logs, relative to the project root. */
export const SHARED_PROJECTS = join(process.cwd(), "../shared/data/claude-code/projects");

/** One price for every Claude model, so the importer can be tested without the catalog. */
export const flatPrices: PriceBook = {
  lookup(model) {
    if (!model.startsWith("claude-")) return undefined;
    const price: ModelPrice = { provider: "anthropic", model, source: "test", base: { input: 1_000_000, output: 5_000_000 } };
    return price;
  },
};

/** Discovers and reads everything under `path` with the Claude Code importer. */
export async function importAll(
  path: string,
  prices: PriceBook = flatPrices,
  onProgress?: (bytesRead: number) => void,
): Promise<{ records: CallRecord[]; stats: ImportStats }> {
  const stats = new ImportStats();
  const files = await claudeCodeImporter.discover(path);
  const records: CallRecord[] = [];
  for await (const record of claudeCodeImporter.read(files, { prices, stats, ...(onProgress ? { onProgress } : {}) })) records.push(record);
  return { records, stats };
}


/**
 * A parsed line as the rest of the importer sees it: the usage object by what is read from it
 * (the WebAssembly scanner keeps only the members read), for comparing two ways of parsing.
 */
export function asImporterSees(parsed: ParsedClaudeLine) {
  if ("skip" in parsed) return parsed;
  const { usage, ...line } = parsed.line;
  return { ...line, tokens: lineTokens(usage), usage: fromAnthropicUsage(usage) };
}

/** Every non-blank line of the shared Claude Code logs. */
export function sharedLines(): string[] {
  const lines: string[] = [];
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else lines.push(...readFileSync(path, "utf8").split("\n").filter((line) => line.trim() !== ""));
    }
  };
  walk(SHARED_PROJECTS);
  return lines;
}
