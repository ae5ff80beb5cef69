/** Answers kept briefly so an exact repeat can be replayed; per process, bounded, oldest dropped first. */
export class ReplayCache {
  private readonly entries = new Map<string, { status: number; body: unknown; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, now: number): { status: number; body: unknown } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, answer: { status: number; body: unknown }, now: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { ...answer, expiresAt: now + this.ttlMs });
  }
}
