import type { CallRecord } from "../../core/call-record.js";
import type { ImportContext, Importer } from "../../core/importer.js";
import { FilesProgress } from "../shared/files-progress.js";
import { discoverFiles, readHead } from "../shared/list-files.js";
import { readSpendLogs } from "./read-spend-logs.js";
import { LITELLM_SOURCE, spendLogRecord } from "./spend-log-record.js";

/** A spend-log export names its key columns early: in the CSV header, or in the first JSON row. */
async function isSpendLogExport(file: string): Promise<boolean> {
  const head = (await readHead(file, 8192)).replace(/^\uFEFF/, "");
  if (/\.csv$/i.test(file)) {
    const header = head.split("\n", 1)[0] ?? "";
    return /\brequest_id\b/.test(header) && /\bspend\b/.test(header) && /\bstartTime\b/.test(header);
  }
  return /^\s*[[{]/.test(head) && head.includes('"request_id"') && head.includes('"spend"');
}

/**
 * LiteLLM proxy spend logs: rows of the `LiteLLM_SpendLogs` table exported as a JSON array,
 * JSONL, or CSV. One record per row, keyed by `request_id` (the table's primary key), so an
 * overlapping second export adds nothing. `spend` is kept as the reported cost.
 *
 * @example
 * const files = await liteLLMImporter.discover("exports/spend-logs.csv");
 * for await (const record of liteLLMImporter.read(files, { prices, stats })) console.log(record.reportedCostPico);
 */
export const liteLLMImporter: Importer = {
  id: LITELLM_SOURCE,
  label: "LiteLLM spend logs",
  discover: (path) => discoverFiles(path, (name) => /\.(csv|json|jsonl|ndjson)$/i.test(name), isSpendLogExport),
  read: readSpendLogFiles,
};

async function* readSpendLogFiles(files: readonly string[], context: ImportContext): AsyncGenerator<CallRecord> {
  const { stats } = context;
  const seen = new Set<string>();
  const progress = new FilesProgress(context.onProgress);
  for (const file of files) {
    stats.files++;
    for await (const item of readSpendLogs(file, progress.report)) {
      stats.linesRead++;
      if ("problem" in item) {
        stats.skip(item.problem);
        continue;
      }
      const record = spendLogRecord(item.row, context.prices);
      if ("skip" in record) {
        stats.skip(record.skip);
        continue;
      }
      if (seen.has(record.id)) {
        stats.skip("duplicate");
        continue;
      }
      seen.add(record.id);
      stats.linesUsed++;
      yield record;
    }
    progress.fileDone();
  }
}
