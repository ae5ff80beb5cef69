import { totalsJson, type ReportResult, type TotalsJson } from "./report-result.js";

const COLUMNS = [
  "calls",
  "inputTokens",
  "cacheReadTokens",
  "cacheWriteTokens",
  "cacheWrite5mTokens",
  "cacheWrite1hTokens",
  "outputTokens",
  "reasoningTokens",
  "costUsd",
  "costPicoUsd",
  "unpricedCalls",
  "unpricedModels",
] as const satisfies readonly (keyof TotalsJson)[];

function cell(value: unknown): string {
  const text = value === null || value === undefined ? "" : Array.isArray(value) ? value.join(" ") : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * `--format csv`: a header, one line per row, and a last line keyed `(total)`. An unpriced cost
 * is an empty `costUsd` cell, never 0.
 *
 * @example
 * formatCsv(result).split("\n")[0] // "key,parentSession,calls,inputTokens,..."
 */
export function formatCsv(result: ReportResult): string {
  const lines = [["key", "parentSession", ...COLUMNS].join(",")];
  const line = (key: string, parentSession: string | undefined, totals: TotalsJson) =>
    [cell(key), cell(parentSession), ...COLUMNS.map((column) => cell(totals[column]))].join(",");
  for (const row of result.rows) lines.push(line(row.key, row.parentSession, totalsJson(row.totals)));
  lines.push(line("(total)", undefined, totalsJson(result.totals)));
  return lines.join("\n") + "\n";
}
