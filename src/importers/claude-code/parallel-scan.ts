import { Worker } from "node:worker_threads";
import type { ImportStats } from "../../core/importer.js";
import type { ScanBatch } from "./scan-files.js";
import type { FileRequest, FileResult } from "./scan-worker.js";

/** Files each worker may hold at once, so results waiting for their turn stay bounded. */
const FILES_IN_FLIGHT_PER_WORKER = 8;
/** Workers started ahead of use and never used are stopped after this long. */
const IDLE_WORKERS_MS = 10_000;

let spare: { workers: Worker[]; timer: NodeJS.Timeout } | undefined;

async function workerUrl(): Promise<string> {
  return (await import("./scan-worker.js")).scanWorkerUrl;
}

/** Whether workers can load the worker module as is (the built bundle; not TypeScript source). */
export async function canStartWorkers(): Promise<boolean> {
  return (await workerUrl()).endsWith(".js");
}

async function startWorker(): Promise<Worker> {
  const { scanWorkerUrl, SCAN_WORKER_MARK } = await import("./scan-worker.js");
  return new Worker(`import(${JSON.stringify(scanWorkerUrl)});`, { eval: true, workerData: SCAN_WORKER_MARK });
}

/**
 * Starts `count` workers now, so they load while files are still being discovered. They do not
 * keep the process alive, and stop by themselves if no read takes them within ten seconds.
 */
export async function prestartWorkers(count: number): Promise<void> {
  if (spare || count <= 0 || !(await canStartWorkers())) return;
  const workers = await Promise.all(Array.from({ length: count }, () => startWorker()));
  for (const worker of workers) {
    worker.unref();
    // A spare that fails is simply not used; one in use reports its failure to the reader.
    worker.on("error", () => undefined);
  }
  const timer = setTimeout(() => {
    if (spare?.workers === workers) spare = undefined;
    for (const worker of workers) void worker.terminate();
  }, IDLE_WORKERS_MS);
  timer.unref();
  spare = { workers, timer };
}

async function takeWorkers(count: number): Promise<Worker[]> {
  const taken = spare ? spare.workers.splice(0, count) : [];
  if (spare && spare.workers.length === 0) {
    clearTimeout(spare.timer);
    spare = undefined;
  }
  while (taken.length < count) taken.push(await startWorker());
  for (const worker of taken) worker.ref();
  return taken;
}

/**
 * Reads files on `workers` threads (JSON parsing is the cost, and it parallelizes), and yields
 * each file's usage lines in file order, so deduplication sees the same order as a sequential
 * read and results are identical. At most a few files' results wait in memory at any time.
 *
 * @example
 * for await (const batch of scanInParallel(files, 2, stats)) handle(batch);
 */
export async function* scanInParallel(files: readonly string[], workers: number, stats: ImportStats): AsyncGenerator<ScanBatch> {
  const pool = await takeWorkers(Math.min(workers, files.length));
  const waiting = new Map<number, FileResult>();
  let nextToSend = 0;
  let wake: (() => void) | undefined;
  let failure: unknown;

  const send = (worker: Worker) => {
    if (nextToSend >= files.length) return;
    const request: FileRequest = { fileIndex: nextToSend, path: files[nextToSend]! };
    worker.postMessage(request);
    nextToSend += 1;
  };
  for (const worker of pool) {
    worker.on("message", (result: FileResult) => {
      waiting.set(result.fileIndex, result);
      send(worker);
      wake?.();
    });
    worker.on("error", (error) => {
      failure = error;
      wake?.();
    });
    worker.on("exit", (code) => {
      failure ??= new Error(`a log-reading worker thread stopped (exit code ${code}) before finishing`);
      wake?.();
    });
    for (let slot = 0; slot < FILES_IN_FLIGHT_PER_WORKER; slot++) send(worker);
  }
  try {
    for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
      while (!waiting.has(fileIndex)) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const result = waiting.get(fileIndex)!;
      waiting.delete(fileIndex);
      stats.linesRead += result.linesRead;
      for (const [reason, count] of Object.entries(result.skipped)) stats.skip(reason, count);
      const calls = JSON.parse(result.callsJson) as ScanBatch["calls"];
      yield { fileIndex, calls, endOfFile: true, fileBytes: result.fileBytes };
    }
  } finally {
    for (const worker of pool) worker.removeAllListeners("exit");
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}
