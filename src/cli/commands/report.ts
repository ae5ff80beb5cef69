import type { Command } from "commander";
import type { RegisterCommand } from "./index.js";

interface ReportFlags {
  db?: string;
  by?: string;
  since?: string;
  until?: string;
  tz?: string;
  format?: string;
  prices?: string;
  cache: boolean;
}

/**
 * `tokenomy report [PATH...]`: spend from usage logs (read directly, nothing imported) or from the
 * ledger (`--db`), grouped by time or attribution.
 */
export const registerReport: RegisterCommand = (program: Command, run) => {
  program
    .command("report")
    .description("report token use and cost from usage logs (Claude Code, Codex, ...) or from the ledger")
    .argument("[paths...]", "log files or directories (default: Claude Code and Codex default locations)")
    .option("--db <target>", "read the ledger instead of logs: a SQLite file or a postgres:// URL")
    .option("--by <grouping>", "day, week, month, session, project, model, agent or run")
    .option("--since <date>", "from this day (YYYY-MM-DD in --tz) or ISO instant, inclusive")
    .option("--until <date>", "through this day (YYYY-MM-DD in --tz, whole day included) or up to an ISO instant")
    .option("--tz <zone>", "IANA time zone for days and DATE bounds", "UTC")
    .option("--format <format>", "table, json or csv", "table")
    .option("--prices <file>", "price overrides file (YAML or JSON)")
    .option("--no-cache", "read every log file afresh, without the read cache (in $TOKENOMY_CACHE_DIR, else $XDG_CACHE_HOME/tokenomy or ~/.cache/tokenomy)")
    .action(
      run(async (paths: string[], flags: ReportFlags) => {
        const { buildReport, renderReport, reportFormat } = await import("../../report/run-report.js");
        const { cacheDirectory } = await import("../../importers/shared/read-cache.js");
        const format = reportFormat(flags.format);
        const result = await buildReport({
          paths,
          ...(flags.db !== undefined ? { db: flags.db } : {}),
          ...(flags.by !== undefined ? { by: flags.by } : {}),
          ...(flags.since !== undefined ? { since: flags.since } : {}),
          ...(flags.until !== undefined ? { until: flags.until } : {}),
          ...(flags.tz !== undefined ? { timeZone: flags.tz } : {}),
          ...(flags.prices !== undefined ? { prices: flags.prices } : {}),
          cache: flags.cache && cacheDirectory(),
        });
        process.stdout.write(renderReport(result, format));
      }),
    );
};
