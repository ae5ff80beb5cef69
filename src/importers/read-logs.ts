import { statSync } from "node:fs";
import type { CallRecord } from "../core/call-record.js";
import { TokenomyError } from "../core/errors/index.js";
import { ImportStats, type Importer, type ReadCache } from "../core/importer.js";
import type { PriceBook } from "../core/pricing.js";
import { listImporters } from "./registry.js";
import { claimFiles, fileSize, withDiscoveryCache } from "./shared/list-files.js";

export interface ReadLogsOptions {
  prices: PriceBook;
  /** Bytes read so far over all files, and the total size of the files found. */
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  /** Results of earlier reads, reused for files unchanged since (see `FileReadCache`). */
  cache?: ReadCache;
}

/**
 * Streams priced records from log files or directories, detecting each path's format with every
 * importer's `discover`: one by one (`records`) or in batches (`batches`, cheaper per record);
 * iterate one of the two. `stats` fills in as records are read. A path that does not exist, or
 * that no importer recognizes, fails the iteration with a clear error.
 *
 * @example
 * const { records, stats } = readLogs(["~/.claude/projects"], { prices });
 * for await (const record of records) aggregator.add(record);
 * console.log(stats.skipped);
 */
export function readLogs(paths: string[], options: ReadLogsOptions): { records: AsyncIterable<CallRecord>; batches: AsyncIterable<readonly CallRecord[]>; stats: ImportStats } {
  const stats = new ImportStats();
  const batches = streamBatches(paths, options, stats);
  // Two views of one stream: iterate one of them, once.
  return { records: flatten(batches), batches, stats };
}

async function* flatten(batches: AsyncIterable<readonly CallRecord[]>): AsyncGenerator<CallRecord> {
  for await (const batch of batches) yield* batch;
}

async function* singletons(records: AsyncIterable<CallRecord>): AsyncGenerator<readonly CallRecord[]> {
  for await (const record of records) yield [record];
}

/** Default log locations of every importer that exist on this machine. */
export async function defaultLogPaths(): Promise<string[]> {
  const candidates = listImporters().flatMap((importer) => importer.defaultPaths?.() ?? []);
  const existing: string[] = [];
  for (const path of new Set(candidates)) if (statSync(path, { throwIfNoEntry: false })) existing.push(path);
  return existing;
}

async function* streamBatches(paths: string[], options: ReadLogsOptions, stats: ImportStats): AsyncGenerator<readonly CallRecord[]> {
  const { plan, sizes } = await withDiscoveryCache(async () => {
    const plan = await planImport(paths, options.cache);
    return { plan, sizes: plan.flatMap(({ files }) => files.map(fileSize)) };
  });
  const bytesTotal = sizes.reduce((sum, size) => sum + size, 0);
  let bytesDone = 0;
  for (const { importer, files } of plan) {
    let bytesOfImporter = 0;
    const context = {
      prices: options.prices,
      stats,
      ...(options.cache ? { cache: options.cache } : {}),
      onProgress: (bytes: number) => {
        bytesOfImporter = bytes;
        options.onProgress?.(bytesDone + bytes, bytesTotal);
      },
    };
    yield* importer.readBatches?.(files, context) ?? singletons(importer.read(files, context));
    bytesDone += bytesOfImporter;
  }
}

/** Files per importer; a file two importers claim goes to the first in registry order. */
async function planImport(paths: string[], cache: ReadCache | undefined): Promise<{ importer: Importer; files: string[] }[]> {
  const claimed = new Set<string>();
  const plan = new Map<Importer, string[]>();
  for (const path of paths) {
    if (!statSync(path, { throwIfNoEntry: false })) {
      throw new TokenomyError("invalid_request", `log path not found: ${path}`);
    }
    let recognized = false;
    claimFiles([], { newPath: true });
    for (const importer of listImporters()) {
      const discovered = await importer.discover(path);
      if (discovered.length === 0) continue;
      recognized = true;
      const files = discovered.filter((file) => !claimed.has(file));
      for (const file of files) claimed.add(file);
      claimFiles(files);
      importer.prepare?.(files, cache ? { cache } : {});
      plan.set(importer, [...(plan.get(importer) ?? []), ...files]);
    }
    if (!recognized) {
      const known = listImporters().map((importer) => importer.label).join(", ");
      throw new TokenomyError("invalid_request", `no known log format found at ${path} (looked for: ${known})`);
    }
  }
  return [...plan].map(([importer, files]) => ({ importer, files }));
}
