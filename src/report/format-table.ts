import type { Totals } from "../core/ledger.js";
import { costText, type ReportResult } from "./report-result.js";

/**
 * An integer with thousands separators, as en-US writes it. Not Intl.NumberFormat: building one
 * loads ICU data, 15-20 ms on every report, table or not.
 */
function grouped(value: number): string {
  const digits = String(Math.abs(Math.trunc(value)));
  let text = "";
  for (let end = digits.length; end > 0; end -= 3) text = digits.slice(Math.max(0, end - 3), end) + (text ? `,${text}` : "");
  return value < 0 ? `-${text}` : text;
}

/** Reasoning tokens, or "-" when no call reported them apart (not known, which is not 0). */
function reasoningText(totals: Totals): string {
  return totals.calls > 0 && totals.reasoningReportedCalls === 0 ? "-" : grouped(totals.reasoningTokens);
}

function cells(totals: Totals): string[] {
  return [
    grouped(totals.calls),
    grouped(totals.inputTokens),
    grouped(totals.cacheReadTokens),
    grouped(totals.cacheWriteTokens),
    grouped(totals.outputTokens),
    reasoningText(totals),
    costText(totals),
  ];
}

/**
 * `--format table`: aligned columns for a terminal, a total line, and a footer naming what the
 * importers skipped. Unpriced calls read "unpriced", never $0.
 *
 * @example
 * process.stdout.write(formatTable(result));
 */
export function formatTable(result: ReportResult): string {
  const keyTitle = result.by ?? "";
  const header = [keyTitle, ...(result.by === "agent" ? ["session"] : []), "calls", "input", "cache read", "cache write", "output", "reasoning", "cost"];
  const body = result.rows.map((row) => [row.key, ...(result.by === "agent" ? [row.parentSession ?? ""] : []), ...cells(row.totals)]);
  const total = ["total", ...(result.by === "agent" ? [""] : []), ...cells(result.totals)];
  const table = [header, ...body, total];
  const textColumns = result.by === "agent" ? 2 : 1;
  const widths = header.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  const render = (line: string[]) =>
    line.map((value, column) => (column < textColumns ? value.padEnd(widths[column]!) : value.padStart(widths[column]!))).join("  ").trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  const lines = [render(header), rule, ...body.map(render), ...(body.length > 0 ? [rule] : []), render(total)];
  if (result.totals.unpricedModels.length > 0) lines.push("", `unpriced models: ${[...result.totals.unpricedModels].sort().join(", ")}`);
  if (result.totals.reasoningReportedCalls < result.totals.calls) {
    lines.push("", 'reasoning "-": not reported apart (Anthropic counts thinking inside output); a figure counts only the calls that reported it');
  }
  const skipped = Object.entries(result.skipped).sort(([a], [b]) => (a < b ? -1 : 1));
  if (result.linesRead !== undefined) {
    const detail = skipped.map(([reason, count]) => `${reason} ${grouped(count)}`).join(", ");
    const cached = result.filesCached ? ` (${grouped(result.filesCached)} unchanged, from the read cache)` : "";
    const files = `${grouped(result.files ?? 0)} files${cached}`;
    lines.push("", `read ${grouped(result.linesRead)} lines from ${files}${detail ? `; skipped: ${detail}` : ""}`);
  }
  return lines.join("\n") + "\n";
}
