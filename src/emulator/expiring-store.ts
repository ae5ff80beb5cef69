interface Entry {
  expiresAt: number;
  /** Time after which a read no longer extends the entry (OpenAI's maximum lifetime). */
  hardExpiresAt: number;
}

/**
 * The set of live cache prefixes, with expiry on an injected clock. Expired entries are swept
 * every few thousand writes so a long load test does not grow memory without bound.
 */
export class ExpiringStore {
  private readonly entries = new Map<string, Entry>();
  private writesSinceSweep = 0;

  constructor(private readonly now: () => number) {}

  isLive(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (entry.expiresAt > this.now()) return true;
    this.entries.delete(key);
    return false;
  }

  /** Creates or refreshes an entry: live for `ttlMs` more, never past `maxLifetimeMs` from creation. */
  touch(key: string, ttlMs: number, maxLifetimeMs = Number.POSITIVE_INFINITY): void {
    const now = this.now();
    const existing = this.entries.get(key);
    const hardExpiresAt = existing && existing.expiresAt > now ? existing.hardExpiresAt : now + maxLifetimeMs;
    this.entries.set(key, { expiresAt: Math.min(now + ttlMs, hardExpiresAt), hardExpiresAt });
    if (++this.writesSinceSweep >= 4096) this.sweep(now);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number): void {
    this.writesSinceSweep = 0;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
