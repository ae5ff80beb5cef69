/** What happened to a copy offered to the deduplicator. */
export type DedupOutcome =
  /** First copy of its key (or no key): held until settled. */
  | "kept"
  /** Better than the held copy, which is dropped as a duplicate. */
  | "replaced"
  /** Not better than a copy already held or emitted: dropped. */
  | "duplicate"
  /** Better than a copy that was already emitted (it left the window): dropped, counted apart. */
  | "late_larger";

interface Held<T> {
  value: T;
  tokens: number;
  preferred: boolean;
}

/**
 * Keeps one copy per key, the one with the most tokens (a non-preferred copy, such as a
 * sidechain replay, loses to a preferred one whatever its size; ties keep the first).
 *
 * Copies wait in a window of `windowSize` recent keys, then are emitted; only the compact key
 * and the rank (tokens, preferred) of emitted copies are remembered, so a later copy is still
 * recognised, and a better one arriving too late is reported as `late_larger`. With an infinite
 * window (`Deduplicator.exact()`), nothing is emitted before `flush`: exact, for input of bounded
 * size such as one file.
 *
 * @example
 * const dedup = new Deduplicator<Row>();
 * dedup.offer("msg_1\0req_1", 120, true, row);
 * for (const settled of dedup.drain()) use(settled);
 * for (const settled of dedup.flush()) use(settled);
 */
export class Deduplicator<T> {
  private readonly held = new Map<string, Held<T>>();
  /** Held keys in the order they were first seen; the oldest is emitted first. */
  private order: string[] = [];
  private orderStart = 0;
  /** Rank of each emitted key: its tokens when preferred, else `-(tokens + 1)`. */
  private readonly emitted = new Map<string, number>();
  private ready: T[] = [];

  private readonly windowed: boolean;

  constructor(private readonly windowSize = 1024) {
    this.windowed = Number.isFinite(windowSize);
  }

  /** A deduplicator that holds every copy until `flush`, so the best copy always wins. */
  static exact<T>(): Deduplicator<T> {
    return new Deduplicator<T>(Number.POSITIVE_INFINITY);
  }

  offer(key: string | undefined, tokens: number, preferred: boolean, value: T): DedupOutcome {
    if (key === undefined) {
      this.ready.push(value);
      return "kept";
    }
    const current = this.held.get(key);
    if (current) {
      if (!isBetter(tokens, preferred, current)) return "duplicate";
      current.value = value;
      current.tokens = tokens;
      current.preferred = preferred;
      return "replaced";
    }
    const emittedRank = this.windowed ? this.emitted.get(key) : undefined;
    if (emittedRank !== undefined) {
      const emitted = emittedRank >= 0 ? { tokens: emittedRank, preferred: true } : { tokens: -emittedRank - 1, preferred: false };
      return isBetter(tokens, preferred, emitted) ? "late_larger" : "duplicate";
    }
    this.held.set(key, { value, tokens, preferred });
    // Exact: held until `flush`, which follows the map's insertion order.
    if (!this.windowed) return "kept";
    this.order.push(key);
    if (this.held.size > this.windowSize) this.evictOldest();
    return "kept";
  }

  /** Copies settled so far (removed from the deduplicator). */
  drain(): T[] {
    const settled = this.ready;
    this.ready = [];
    return settled;
  }

  /** Settles every held copy (end of input). */
  flush(): T[] {
    if (this.windowed) {
      while (this.held.size > 0) this.evictOldest();
    } else {
      for (const held of this.held.values()) this.ready.push(held.value);
      this.held.clear();
    }
    return this.drain();
  }

  private evictOldest(): void {
    const key = this.order[this.orderStart++];
    if (key === undefined) return;
    if (this.orderStart > 4096 && this.orderStart * 2 > this.order.length) {
      this.order = this.order.slice(this.orderStart);
      this.orderStart = 0;
    }
    const held = this.held.get(key)!;
    this.held.delete(key);
    this.emitted.set(key, held.preferred ? held.tokens : -held.tokens - 1);
    this.ready.push(held.value);
  }
}

function isBetter(tokens: number, preferred: boolean, current: { tokens: number; preferred: boolean }): boolean {
  if (preferred !== current.preferred) return preferred;
  return tokens > current.tokens;
}
