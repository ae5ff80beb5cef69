import type { Command } from "commander";
import type { ImportStats } from "../../core/importer.js";
import type { RegisterCommand } from "./index.js";

interface ImportOptions {
  db?: string;
  prices?: string;
  format: string;
  cache: boolean;
}

/**
 * `tokenomy import PATH... [--db FILE|postgres://URL] [--prices FILE]`: loads usage logs into the
 * ledger. Record ids are stable, so importing the same logs twice adds nothing.
 */
export const registerImport: RegisterCommand = (program: Command, run) => {
  program
    .command("import")
    .description("load usage logs into the ledger (idempotent: importing the same logs twice changes nothing)")
    .argument("<paths...>", "log files or directories (Claude Code projects, Codex sessions, OTLP JSON, trajectories, ...)")
    .option("--db <target>", "ledger: a SQLite file, sqlite:PATH or postgres://URL (default ./tokenomy.db)")
    .option("--prices <file>", "price overrides file (YAML or JSON)")
    .option("--format <format>", "text or json", "text")
    .option("--no-cache", "read every log file afresh, without the read cache (see tokenomy report)")
    .action(
      run(async (paths: string[], options: ImportOptions) => {
        const { TokenomyError } = await import("../../core/errors/index.js");
        if (options.format !== "text" && options.format !== "json") {
          throw new TokenomyError("invalid_request", `--format must be text or json, not ${options.format}`);
        }
        const { createPriceBook } = await import("../../pricing/index.js");
        const { readLogs } = await import("../../importers/read-logs.js");
        const { openLedger, DEFAULT_LEDGER_FILE } = await import("../../stores/registry.js");
        const { appendStream } = await import("../../stores/append-stream.js");
        const { cacheDirectory, FileReadCache } = await import("../../importers/shared/read-cache.js");
        const { TOKENOMY_VERSION } = await import("../../core/version.js");

        const { existsSync } = await import("node:fs");
        const missing = paths.filter((path) => !existsSync(path));
        if (missing.length > 0) throw new TokenomyError("invalid_request", `log path not found: ${missing.join(", ")}`);

        const prices = createPriceBook(options.prices ? { overrides: options.prices } : {});
        const progress = process.stderr.isTTY ? progressBar(process.stderr) : undefined;
        const cache = options.cache ? new FileReadCache(cacheDirectory(), TOKENOMY_VERSION) : undefined;
        const { records, stats } = readLogs(paths, { prices, ...(progress ? { onProgress: progress.update } : {}), ...(cache ? { cache } : {}) });
        const target = options.db ?? DEFAULT_LEDGER_FILE;
        const ledger = await openLedger(target);
        try {
          const { read, added } = await appendStream(ledger, records);
          progress?.done();
          const summary = { ledger: withoutPassword(target), store: ledger.kind, records: read, new: added, alreadyPresent: read - added };
          process.stdout.write(
            options.format === "json"
              ? JSON.stringify({ ...summary, files: stats.files, filesCached: stats.filesCached, linesRead: stats.linesRead, linesUsed: stats.linesUsed, skipped: stats.skipped }, null, 2) + "\n"
              : describe(summary, stats),
          );
        } finally {
          progress?.done();
          await ledger.close();
        }
      }),
    );
};

const number = (value: number) => value.toLocaleString("en-US");

function describe(summary: { ledger: string; store: string; records: number; new: number; alreadyPresent: number }, stats: ImportStats): string {
  const lines = [
    `Imported ${number(summary.records)} calls into ${summary.ledger} (${summary.store}): ${number(summary.new)} new, ${number(summary.alreadyPresent)} already present.`,
    `Read ${number(stats.files)} files${stats.filesCached ? ` (${number(stats.filesCached)} unchanged, from the read cache)` : ""}, ${number(stats.linesRead)} lines: ${number(stats.linesUsed)} used, ${number(stats.skippedTotal)} skipped.`,
  ];
  const reasons = Object.entries(stats.skipped).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [reason, count] of reasons) lines.push(`  skipped ${reason}: ${number(count)}`);
  return lines.join("\n") + "\n";
}

/** A URL's password never reaches the terminal. */
function withoutPassword(target: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return target;
  const url = new URL(target);
  if (url.password) url.password = "***";
  return url.toString();
}

/** A one-line bar of bytes read over total bytes, redrawn at most ten times a second. */
function progressBar(stream: NodeJS.WriteStream): { update: (bytesRead: number, bytesTotal: number) => void; done: () => void } {
  const width = 30;
  let lastDrawn = 0;
  let drawn = false;
  const megabytes = (bytes: number) => (bytes / 1_048_576).toFixed(1);
  return {
    update(bytesRead, bytesTotal) {
      const now = Date.now();
      if (now - lastDrawn < 100 && bytesRead < bytesTotal) return;
      lastDrawn = now;
      drawn = true;
      const share = bytesTotal > 0 ? Math.min(1, bytesRead / bytesTotal) : 1;
      const filled = Math.round(share * width);
      stream.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${megabytes(bytesRead)}/${megabytes(bytesTotal)} MB`);
    },
    done() {
      if (drawn) stream.write("\r\u001b[2K");
      drawn = false;
    },
  };
}
