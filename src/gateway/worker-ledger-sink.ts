import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { CallRecord } from "../core/call-record.js";
import type { LedgerEvent } from "../core/ledger-event.js";
import type { LedgerSink } from "./ledger-writer.js";
import { encodeRecords, transferList, type EncodedRecords } from "./record-batch-codec.js";

/** What the gateway sends the ledger worker: records in columns (record-batch-codec.ts), events as they are. */
export interface WriteMessage {
  id: number;
  records?: EncodedRecords;
  events?: readonly LedgerEvent[];
  close?: boolean;
}

interface Reply {
  id?: number;
  error?: string;
  ready?: boolean;
}

/**
 * Writes ledger batches from a worker thread (ledger-worker.ts) that opens its own connection to
 * the same database. Resolves to `undefined` when the worker cannot run here (for example a
 * bundle without the worker file); the caller then writes in process.
 */
export async function startWorkerLedgerSink(target: string): Promise<WorkerLedgerSink | undefined> {
  const typescript = import.meta.url.endsWith(".ts");
  const moduleUrl = new URL(`./ledger-worker.${typescript ? "ts" : "js"}`, import.meta.url);
  if (moduleUrl.protocol !== "file:" || !existsSync(fileURLToPath(moduleUrl))) return undefined;
  // Running from source (tsx, vitest), the worker registers the TypeScript loader itself.
  const code = typescript
    ? `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); })`
    : `import(${JSON.stringify(moduleUrl.href)})`;
  const worker = new Worker(code, { eval: true, workerData: { target } });
  const listeners: { message?: (reply: Reply) => void; error?: (error: Error) => void; exit?: (code: number) => void } = {};
  try {
    await new Promise<void>((resolve, reject) => {
      listeners.message = (reply) => (reply.ready ? resolve() : reject(new Error("ledger worker did not start")));
      listeners.error = reject;
      listeners.exit = (code) => reject(new Error(`ledger worker exited with ${code}`));
      worker.once("message", listeners.message).once("error", listeners.error).once("exit", listeners.exit);
    });
    worker.off("message", listeners.message!).off("error", listeners.error!).off("exit", listeners.exit!);
  } catch (error) {
    await worker.terminate();
    process.stderr.write(`tokenomy gateway: writing the ledger in process (${(error as Error).message})\n`);
    return undefined;
  }
  return new WorkerLedgerSink(worker);
}

export class WorkerLedgerSink implements LedgerSink {
  private sequence = 0;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  constructor(private readonly worker: Worker) {
    worker.on("message", (reply: Reply) => {
      if (reply.id === undefined) return;
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiting?.reject(new Error(reply.error));
      else waiting?.resolve();
    });
    worker.on("error", (error) => this.failAll(error));
    worker.on("exit", () => this.failAll(new Error("ledger worker exited")));
  }

  async append(records: readonly CallRecord[]): Promise<number> {
    const batch = encodeRecords(records);
    await this.send({ records: batch }, transferList(batch));
    return records.length;
  }

  async appendEvents(events: readonly LedgerEvent[]): Promise<number> {
    await this.send({ events });
    return events.length;
  }

  /** Closes the worker's connection and the worker. */
  async close(): Promise<void> {
    await this.send({ close: true }).catch(() => undefined);
    await this.worker.terminate();
  }

  private send(message: Omit<WriteMessage, "id">, transfer?: ArrayBuffer[]): Promise<void> {
    const id = ++this.sequence;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message }, transfer);
    });
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
