import type { CallRecord } from "../core/call-record.js";
import type { LedgerStore } from "../core/ledger.js";
import type { LedgerEvent } from "../core/ledger-event.js";

/** Where batches go: the ledger itself, or a worker thread writing to it. */
export type LedgerSink = Pick<LedgerStore, "append" | "appendEvents">;

export interface LedgerWriterOptions {
  flushIntervalMs: number;
  maxBatchRecords: number;
  /** Records per store call; smaller than a batch when the store blocks the thread. Default: the batch. */
  sliceRecords?: number;
  /** Records kept while the store fails; past it the oldest are dropped and counted. */
  maxPendingRecords?: number;
  onError?: (error: unknown) => void;
}

/**
 * Batches records to the ledger so the response path never waits on the store: `write` only
 * queues. A batch goes out every `flushIntervalMs` or as soon as `maxBatchRecords` are queued.
 * A SQLite ledger is written from a worker thread (worker-ledger-sink.ts), since its inserts are
 * synchronous (about 10 us a record); when written in process, batches are sliced to
 * `maxBatchRecords` with requests served in between. After `kill -9`, what was queued since the
 * last flush (at most one interval) is lost.
 */
export class LedgerWriter {
  private records: CallRecord[] = [];
  private events: LedgerEvent[] = [];
  private flushing: Promise<void> | undefined;
  private flushScheduled = false;
  private readonly timer: NodeJS.Timeout;
  private readonly maxPending: number;
  written = 0;
  dropped = 0;
  failures = 0;

  constructor(private readonly store: LedgerSink, private readonly options: LedgerWriterOptions) {
    this.maxPending = options.maxPendingRecords ?? 100_000;
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs);
    this.timer.unref();
  }

  write(record: CallRecord, events?: readonly LedgerEvent[]): void {
    this.records.push(record);
    if (events && events.length > 0) this.events.push(...events);
    if (this.records.length >= this.options.maxBatchRecords && !this.flushing && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        void this.flush();
      });
    }
  }

  writeEvents(events: readonly LedgerEvent[]): void {
    this.events.push(...events);
  }

  /** Writes everything queued; resolves when the store has it (or the attempt failed). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => (this.records.length > 0 || this.events.length > 0 ? this.flush() : undefined));
    if (this.records.length === 0 && this.events.length === 0) return Promise.resolve();
    const records = this.records;
    const events = this.events;
    this.records = [];
    this.events = [];
    this.flushing = this.writeBatch(records, events).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Stops the timer and writes what is queued. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    if (this.records.length > 0 || this.events.length > 0) await this.flush();
  }

  get pending(): number {
    return this.records.length;
  }

  private async writeBatch(records: CallRecord[], events: LedgerEvent[]): Promise<void> {
    const slice = this.options.sliceRecords ?? this.options.maxBatchRecords;
    let done = 0;
    try {
      for (; done < records.length; done += slice) {
        if (done > 0) await new Promise((resolve) => setImmediate(resolve));
        await this.store.append(records.slice(done, done + slice));
        this.written += Math.min(slice, records.length - done);
      }
      if (events.length > 0) await this.store.appendEvents(events);
    } catch (error) {
      records = records.slice(done);
      this.failures += 1;
      this.options.onError?.(error);
      // Keep the batch for the next attempt, bounded so a dead store cannot exhaust memory.
      this.records = records.concat(this.records);
      this.events = events.concat(this.events);
      const excess = this.records.length - this.maxPending;
      if (excess > 0) {
        this.records.splice(0, excess);
        this.dropped += excess;
      }
    }
  }
}
