import { open } from "node:fs/promises";
import { ImportStats } from "../../core/importer.js";
import { readRecord } from "../../providers/read-usage-fields.js";
import { readLines } from "../shared/line-reader.js";
import { readHead } from "../shared/list-files.js";
import { jsonArrayElements } from "./json-array-elements.js";

/** Longest CSV field kept (a row's `messages` or `response` can be large). */
const MAX_CSV_RECORD_BYTES = 64 * 1024 * 1024;

export type SpendLogRow = { row: Record<string, unknown> } | { problem: string };
export type SpendLogFormat = "csv" | "json-array" | "jsonl";

/** The export format of a spend-log file, from its first bytes. */
export async function spendLogFormat(file: string): Promise<SpendLogFormat> {
  const head = (await readHead(file, 64)).replace(/^\uFEFF/, "").trimStart();
  if (head.startsWith("[")) return "json-array";
  if (head.startsWith("{")) return "jsonl";
  return "csv";
}

/**
 * The rows of a `LiteLLM_SpendLogs` export, streamed: a JSON array of rows, JSONL of rows (a
 * line may also hold a `{ "data": [...] }` page of the spend-logs API), or CSV with a header
 * line. Rows that cannot be read come back as problems so the caller can count them; a file
 * deleted since it was found is one problem, `file_vanished`.
 *
 * @example
 * for await (const item of readSpendLogs("spend.csv")) if ("row" in item) console.log(item.row.request_id);
 */
export async function* readSpendLogs(file: string, onProgress?: (bytes: number) => void): AsyncGenerator<SpendLogRow> {
  try {
    yield* readRows(file, onProgress);
  } catch (error) {
    // Opening happens before any row: a file that is gone has yielded nothing yet.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    yield { problem: "file_vanished" };
  }
}

async function* readRows(file: string, onProgress?: (bytes: number) => void): AsyncGenerator<SpendLogRow> {
  const format = await spendLogFormat(file);
  if (format === "csv") {
    yield* readCsv(file, onProgress);
    return;
  }
  if (format === "json-array") {
    for await (const element of jsonArrayElements(file, onProgress)) yield "text" in element ? parseRow(element.text) : element;
    return;
  }
  const lineStats = new ImportStats();
  for await (const line of readLines(file, { stats: lineStats, ...(onProgress ? { onProgress } : {}) })) {
    const parsed = parseRow(line.text);
    const page = "row" in parsed && Array.isArray(parsed.row.data) ? parsed.row.data : undefined;
    if (!page) {
      yield parsed;
      continue;
    }
    for (const item of page) {
      const row = readRecord(item);
      yield row ? { row } : { problem: "invalid_entry" };
    }
  }
  // The line reader's own skips, as problems.
  for (const reason of ["line_too_long", "file_vanished"]) {
    for (let count = lineStats.skipped[reason] ?? 0; count > 0; count--) yield { problem: reason };
  }
}

function parseRow(text: string): SpendLogRow {
  try {
    const row = readRecord(JSON.parse(text));
    return row ? { row } : { problem: "invalid_entry" };
  } catch {
    return { problem: "invalid_json" };
  }
}

async function* readCsv(file: string, onProgress?: (bytes: number) => void): AsyncGenerator<SpendLogRow> {
  // Loaded here, not with the module: every report loads the importers, few read CSV (16 ms).
  const { parse } = await import("csv-parse");
  let skipped = 0;
  // Opened first, so that a missing file fails here rather than inside the stream.
  const handle = await open(file, "r");
  const stream = handle.createReadStream();
  if (onProgress) stream.on("data", () => onProgress(stream.bytesRead));
  const parser = stream.pipe(
    parse({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      max_record_size: MAX_CSV_RECORD_BYTES,
      on_skip: () => {
        skipped++;
        return undefined;
      },
    }),
  );
  // `pipe` does not pass a read error on: without this the parser would wait for more forever.
  stream.on("error", (error) => parser.destroy(error));
  try {
    for await (const record of parser) {
      for (; skipped > 0; skipped--) yield { problem: "invalid_csv_row" };
      yield { row: record as Record<string, unknown> };
    }
    for (; skipped > 0; skipped--) yield { problem: "invalid_csv_row" };
  } finally {
    // Closes the file also when the caller stops early.
    stream.destroy();
  }
}
