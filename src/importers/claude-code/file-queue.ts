const NEXT = 0;
const CONSUMED = 1;

/** What threads need to share one FileQueue (it crosses to a worker in a message). */
export interface FileQueueHandle {
  counters: SharedArrayBuffer;
  length: number;
  maximumAhead: number;
}

/**
 * The files of a parallel read, taken one at a time by whichever thread is free, with two shared
 * counters: the next file not taken, and the number of files whose results have been consumed
 * (in file order, on the main thread). A worker that runs too far ahead of consumption waits, so
 * results waiting for their turn stay bounded.
 *
 * @example
 * const queue = FileQueue.create(files.length, 64);
 * for (let index = queue.take(); index !== -1; index = queue.take()) read(files[index]);
 */
export class FileQueue {
  private readonly counters: Int32Array;

  private constructor(private readonly handle: FileQueueHandle) {
    this.counters = new Int32Array(handle.counters);
  }

  static create(length: number, maximumAhead: number): FileQueue {
    return new FileQueue({ counters: new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT), length, maximumAhead });
  }

  static from(handle: FileQueueHandle): FileQueue {
    return new FileQueue(handle);
  }

  get shared(): FileQueueHandle {
    return this.handle;
  }

  /** Whether files are left to take. */
  get open(): boolean {
    return Atomics.load(this.counters, NEXT) < this.handle.length;
  }

  /**
   * The next file's index, or -1 when all are taken. On a worker (`wait`), first waits while that
   * file is `maximumAhead` or more past the files consumed.
   */
  take(wait = false): number {
    const index = Atomics.add(this.counters, NEXT, 1);
    if (index >= this.handle.length) return -1;
    if (wait) {
      for (let consumed = Atomics.load(this.counters, CONSUMED); index - consumed >= this.handle.maximumAhead; consumed = Atomics.load(this.counters, CONSUMED)) {
        Atomics.wait(this.counters, CONSUMED, consumed);
      }
    }
    return index;
  }

  /** Records that the results of the first `count` files were consumed, waking waiting workers. */
  consumed(count: number): void {
    Atomics.store(this.counters, CONSUMED, count);
    Atomics.notify(this.counters, CONSUMED);
  }

  /** Leaves nothing more to take, and releases any waiting worker. */
  close(): void {
    Atomics.store(this.counters, NEXT, this.handle.length);
    this.consumed(this.handle.length);
  }
}
