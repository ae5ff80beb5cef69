import { Aggregator } from "../core/aggregate.js";
import { TokenomyError } from "../core/errors/index.js";
import type { GroupKey, LedgerQuery } from "../core/ledger.js";
import { timeBuckets, type TimeBucket } from "../core/time-bucket.js";
import { TOKENOMY_VERSION } from "../core/version.js";
import { defaultLogPaths, readLogs } from "../importers/read-logs.js";
import { listImporters } from "../importers/registry.js";
import { FileReadCache } from "../importers/shared/read-cache.js";
import { formatCsv } from "./format-csv.js";
import { formatJson } from "./format-json.js";
import { formatTable } from "./format-table.js";
import { parseDateBound } from "./parse-date.js";
import { reportFormats, reportGroupings, type ReportFormat, type ReportGrouping, type ReportResult } from "./report-result.js";

export interface ReportOptions {
  /** Log files or directories; empty means the default locations of every importer. */
  paths: string[];
  /** Ledger to read instead of logs: a SQLite file or a postgres:// URL. */
  db?: string;
  by?: string;
  since?: string;
  until?: string;
  /** IANA zone for days, weeks, months and DATE bounds; default UTC. */
  timeZone?: string;
  /** Price overrides file. */
  prices?: string;
  /**
   * Folder of the read cache (per-file results of earlier reads, reused while a log file is
   * unchanged), or `false` to read every file afresh. Default: no cache.
   */
  cache?: string | false;
}

/** Turns `--by/--since/--until/--tz` into a ledger query, rejecting bad values with a clear message. */
export function reportQuery(options: ReportOptions): LedgerQuery & { by?: ReportGrouping; timeZone: string } {
  const timeZone = options.timeZone ?? "UTC";
  try {
    // UTC needs no check, and the check loads time zone data (milliseconds on every report).
    if (timeZone !== "UTC") new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new TokenomyError("invalid_request", `--tz ${timeZone} is not a time zone (use an IANA name such as UTC or Europe/Paris)`);
  }
  const by = options.by;
  if (by !== undefined && !(reportGroupings as readonly string[]).includes(by)) {
    throw new TokenomyError("invalid_request", `--by must be one of ${reportGroupings.join(", ")}, not ${by}`);
  }
  const query: LedgerQuery & { by?: ReportGrouping; timeZone: string } = { timeZone };
  if (by !== undefined) {
    query.by = by as ReportGrouping;
    if ((timeBuckets as readonly string[]).includes(by)) query.bucket = by as TimeBucket;
    else query.groupBy = by as GroupKey;
  }
  if (options.since !== undefined) query.since = parseDateBound(options.since, "since", timeZone);
  if (options.until !== undefined) query.until = parseDateBound(options.until, "until", timeZone);
  if (query.since !== undefined && query.until !== undefined && query.since >= query.until) {
    throw new TokenomyError("invalid_request", `--since ${options.since} is not before --until ${options.until}`);
  }
  return query;
}

/**
 * Computes a report from logs (read and deduplicated on the fly, nothing stored) or from a ledger.
 *
 * @example
 * const result = await buildReport({ paths: ["~/.claude/projects"], by: "session" });
 * process.stdout.write(renderReport(result, "json"));
 */
export async function buildReport(options: ReportOptions): Promise<ReportResult> {
  const { by, ...query } = reportQuery(options);
  const base = { ...(by ? { by } : {}), timeZone: query.timeZone, since: query.since, until: query.until };
  if (options.db !== undefined) {
    if (options.paths.length > 0) throw new TokenomyError("invalid_request", "give either log PATHs or --db, not both");
    const { openLedger } = await import("../stores/registry.js");
    const ledger = await openLedger(options.db);
    try {
      const { totals, rows } = await ledger.aggregate(query);
      return { ...base, origin: "ledger", totals, rows, skipped: {} };
    } finally {
      await ledger.close();
    }
  }
  const paths = options.paths.length > 0 ? options.paths : await defaultLogPaths();
  if (paths.length === 0) {
    const looked = listImporters().flatMap((importer) => importer.defaultPaths?.() ?? []);
    throw new TokenomyError("invalid_request", `no logs found in the default locations (${looked.join(", ")}); give a PATH or --db`);
  }
  const { createPriceBook } = await import("../pricing/price-book.js");
  const prices = createPriceBook(options.prices ? { overrides: options.prices } : {});
  const cache = options.cache ? new FileReadCache(options.cache, TOKENOMY_VERSION) : undefined;
  const { batches, stats } = readLogs(paths, { prices, ...(cache ? { cache } : {}) });
  const aggregator = new Aggregator(query);
  for await (const batch of batches) for (const record of batch) aggregator.add(record);
  const { totals, rows } = aggregator.result();
  return {
    ...base,
    origin: "logs",
    totals,
    rows,
    files: stats.files,
    filesCached: stats.filesCached,
    linesRead: stats.linesRead,
    skipped: { ...stats.skipped },
  };
}

/** Formats a report; `format` is checked here so a typo fails before any log is read. */
export function renderReport(result: ReportResult, format: ReportFormat): string {
  switch (format) {
    case "json":
      return formatJson(result);
    case "csv":
      return formatCsv(result);
    case "table":
      return formatTable(result);
  }
}

/** Validates `--format`. */
export function reportFormat(value: string | undefined): ReportFormat {
  const format = value ?? "table";
  if (!(reportFormats as readonly string[]).includes(format)) {
    throw new TokenomyError("invalid_request", `--format must be one of ${reportFormats.join(", ")}, not ${format}`);
  }
  return format as ReportFormat;
}
