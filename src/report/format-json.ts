import { totalsJson, type ReportResult } from "./report-result.js";

/**
 * The `--format json` contract: one object with `totals`, `rows` (each `key` plus the same
 * fields as totals; `--by agent` rows add `parentSession`) and `skipped` (lines the importers
 * skipped, by reason).
 *
 * @example
 * JSON.parse(formatJson(result)).totals.inputTokens
 */
export function formatJson(result: ReportResult): string {
  const document = {
    ...(result.by ? { by: result.by } : {}),
    timeZone: result.timeZone,
    ...(result.since !== undefined ? { since: new Date(result.since).toISOString() } : {}),
    ...(result.until !== undefined ? { until: new Date(result.until).toISOString() } : {}),
    source: result.origin,
    totals: totalsJson(result.totals),
    rows: result.rows.map((row) => ({
      key: row.key,
      ...(row.parentSession !== undefined ? { parentSession: row.parentSession } : {}),
      ...totalsJson(row.totals),
    })),
    skipped: Object.fromEntries(Object.entries(result.skipped).sort(([a], [b]) => (a < b ? -1 : 1))),
    ...(result.files !== undefined ? { files: result.files } : {}),
    ...(result.filesCached !== undefined ? { filesCached: result.filesCached } : {}),
    ...(result.linesRead !== undefined ? { linesRead: result.linesRead } : {}),
  };
  return JSON.stringify(document, null, 2) + "\n";
}
