import type { AggregateRow, Totals } from "../core/ledger.js";
import { formatUsd, picoToUsdNumber } from "../core/money.js";

export const reportGroupings = ["day", "week", "month", "session", "project", "model", "agent", "run"] as const;
export type ReportGrouping = (typeof reportGroupings)[number];

export const reportFormats = ["table", "json", "csv"] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** What `tokenomy report` computed, before formatting. */
export interface ReportResult {
  by?: ReportGrouping;
  timeZone: string;
  since?: number;
  until?: number;
  /** `logs` (PATHs or default locations) or `ledger` (--db). */
  origin: "logs" | "ledger";
  totals: Totals;
  rows: AggregateRow[];
  files?: number;
  /** Of `files`, those unchanged since an earlier run, whose reading came from the read cache. */
  filesCached?: number;
  linesRead?: number;
  skipped: Record<string, number>;
}

/** The JSON shape of one set of totals (the CLI contract; add fields, never rename). */
export interface TotalsJson {
  calls: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** Calls that reported reasoning apart; with none, `reasoningTokens` is 0 because it is unknown. */
  reasoningReportedCalls: number;
  /** Priced calls only; `null` when every call is unpriced. */
  costUsd: number | null;
  /** Exact cost in picodollars as a decimal string. */
  costPicoUsd: string;
  unpricedCalls: number;
  unpricedModels: string[];
}

/** Totals as the JSON contract names them. */
export function totalsJson(totals: Totals): TotalsJson {
  const allUnpriced = totals.calls > 0 && totals.unpricedCalls === totals.calls;
  return {
    calls: totals.calls,
    inputTokens: totals.inputTokens,
    cacheReadTokens: totals.cacheReadTokens,
    cacheWriteTokens: totals.cacheWriteTokens,
    cacheWrite5mTokens: totals.cacheWrite5mTokens,
    cacheWrite1hTokens: totals.cacheWrite1hTokens,
    outputTokens: totals.outputTokens,
    reasoningTokens: totals.reasoningTokens,
    reasoningReportedCalls: totals.reasoningReportedCalls,
    costUsd: allUnpriced ? null : picoToUsdNumber(totals.costPico),
    costPicoUsd: totals.costPico.toString(),
    unpricedCalls: totals.unpricedCalls,
    unpricedModels: [...totals.unpricedModels].sort(),
  };
}

/** Cost for humans: `$1.234567`, `unpriced`, or `$1.234567 + 3 unpriced`. */
export function costText(totals: Totals, decimals = 2): string {
  if (totals.calls > 0 && totals.unpricedCalls === totals.calls) return "unpriced";
  const cost = `$${formatUsd(totals.costPico, decimals)}`;
  return totals.unpricedCalls > 0 ? `${cost} + ${totals.unpricedCalls} unpriced` : cost;
}
