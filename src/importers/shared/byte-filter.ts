/**
 * Finds needles in raw bytes. Within one chunk lines are visited in order, so the next match
 * position of each needle is remembered: each byte of a chunk is searched once per needle.
 */
export class ByteFilter {
  private readonly needles: Buffer[];
  private readonly next: number[];

  constructor(needles: readonly string[]) {
    this.needles = needles.map((needle) => Buffer.from(needle, "utf8"));
    this.next = this.needles.map(() => -2);
  }

  /** Call at the start of each chunk. */
  reset(): void {
    this.next.fill(-2);
  }

  /** Whether `bytes[start, end)` holds a needle; lines of a chunk must come in order. */
  matchesInChunk(bytes: Buffer, start: number, end: number): boolean {
    for (let index = 0; index < this.needles.length; index++) {
      let position = this.next[index]!;
      if (position === -1) continue;
      if (position < start) {
        position = bytes.indexOf(this.needles[index]!, start);
        this.next[index] = position;
        if (position === -1) continue;
      }
      if (position + this.needles[index]!.length <= end) return true;
    }
    return false;
  }

  /** Whether `bytes[start, end)` holds a needle, for a line outside the current chunk. */
  matchesIsolated(bytes: Buffer, start: number, end: number): boolean {
    const view = bytes.subarray(start, end);
    return this.needles.some((needle) => view.indexOf(needle) !== -1);
  }
}
