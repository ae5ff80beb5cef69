import { Worker } from "node:worker_threads";

/**
 * The threads that read Claude Code logs: started on demand, or ahead of a read (`prestartWorkers`)
 * so that their 40-60 ms of loading overlaps with discovery.
 */

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

/** Workers started ahead of use, unused so far: they neither keep the process alive nor outlive `SPARE_MS`. */
let spares: Worker[] = [];
/** Spares being started: a read waits for them rather than starting more. */
let starting: Promise<void> | undefined;
const SPARE_MS = 10_000;

/**
 * Starts `count` workers ahead of a read (a worker takes 40-60 ms to load, which then overlaps
 * with the rest of discovery). A read takes them instead of starting its own; unused, they stop
 * by themselves.
 */
export function prestartWorkers(count: number): void {
  if (count <= spares.length || starting) return;
  // A spare that cannot start is simply not there: the read starts its own, and reports why.
  starting = startSpares(count)
    .catch(() => undefined)
    .finally(() => (starting = undefined));
}

async function startSpares(count: number): Promise<void> {
  if (!(await canStartWorkers())) return;
  for (let started = spares.length; started < count; started++) {
    const worker = await startWorker();
    worker.unref();
    // A spare that fails is simply not used; one in use reports its failure to the reader.
    worker.on("error", () => undefined);
    spares.push(worker);
  }
  setTimeout(() => {
    for (const worker of spares) void worker.terminate();
    spares = [];
  }, SPARE_MS).unref();
}

/** `count` workers for a read: the spares first, then new ones. */
export async function startWorkers(count: number): Promise<Worker[]> {
  await starting;
  const taken = spares.splice(0, count);
  for (const worker of taken) {
    worker.removeAllListeners("error");
    worker.ref();
  }
  while (taken.length < count) taken.push(await startWorker());
  return taken;
}
