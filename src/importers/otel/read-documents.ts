import { readFile, stat } from "node:fs/promises";
import { ImportStats } from "../../core/importer.js";
import { readLines } from "../shared/line-reader.js";
import { readHead } from "../shared/list-files.js";

/** Largest pretty-printed (multi-line) document parsed whole; JSONL files stream at any size. */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

export type Document = { value: unknown } | { problem: "invalid_json" | "document_too_large" | "line_too_long" };

/**
 * The JSON documents of a file: one pretty-printed document (its first line is a lone `{`), or
 * one document per line (JSONL, including a single minified document). Documents that cannot be
 * read come back as problems so the caller can count them.
 *
 * @example
 * for await (const document of readDocuments("traces.jsonl")) if ("value" in document) use(document.value);
 */
export async function* readDocuments(file: string, onProgress?: (bytes: number) => void): AsyncGenerator<Document> {
  const head = await readHead(file, 4096);
  const firstLine = head.split("\n").find((line) => line.trim() !== "")?.trim();
  if (firstLine === "{" || firstLine === "[") {
    const size = (await stat(file)).size;
    if (size > MAX_DOCUMENT_BYTES) {
      yield { problem: "document_too_large" };
      return;
    }
    const text = await readFile(file, "utf8");
    onProgress?.(size);
    yield parse(text);
    return;
  }
  const lineStats = new ImportStats();
  for await (const line of readLines(file, { stats: lineStats, ...(onProgress ? { onProgress } : {}) })) yield parse(line.text);
  for (let count = lineStats.skipped.line_too_long ?? 0; count > 0; count--) yield { problem: "line_too_long" };
}

function parse(text: string): Document {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { problem: "invalid_json" };
  }
}
