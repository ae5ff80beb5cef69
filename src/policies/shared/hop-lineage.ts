import type { CallAttribution } from "../../core/call-context.js";
import type { CounterStore } from "../../core/counters.js";

/** One hop of an agent tree. */
export interface HopNode {
  hop: string;
  agent?: string;
}

export interface HopLineageOptions {
  /** How long a hop's ancestry is remembered (default 6 hours: longer than any one run we saw). */
  ttlMs?: number;
  /** Deepest ancestry kept; deeper trees are cut (default 32). */
  maxDepth?: number;
  /** Entries cached in this process; ancestry never changes, so the cache is never stale. */
  cacheEntries?: number;
}

/**
 * A hop's ancestry `[self, parent, grandparent, ...]`, shared by replicas through the counter
 * store: a hop stores its full chain the first time it is seen (one read of its parent's entry),
 * so later calls need one lookup, or none when this process has seen the hop before.
 *
 * @example
 * const chain = await lineage.chain("t1", { runId: "r1", hopId: "h2", parentHopId: "h1", agentName: "coder" });
 */
export class HopLineage {
  private readonly cache = new Map<string, HopNode[]>();
  private readonly ttlMs: number;
  private readonly maxDepth: number;
  private readonly cacheEntries: number;

  constructor(
    private readonly counters: CounterStore,
    options: HopLineageOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 6 * 3_600_000;
    this.maxDepth = options.maxDepth ?? 32;
    this.cacheEntries = options.cacheEntries ?? 10_000;
  }

  async chain(partition: string, attribution: CallAttribution): Promise<HopNode[]> {
    const hop = attribution.hopId;
    // A call without its own hop id spends under its parent's hop.
    if (!hop) return attribution.parentHopId ? this.known(partition, attribution.runId, attribution.parentHopId) : [];
    const id = lineageKey(attribution.runId, hop);
    const cached = this.cache.get(id);
    if (cached) return cached;
    const stored = await this.counters.recall(partition, id);
    let chain: HopNode[];
    if (stored) chain = JSON.parse(stored) as HopNode[];
    else {
      const parents = attribution.parentHopId ? await this.known(partition, attribution.runId, attribution.parentHopId) : [];
      chain = [{ hop, ...agentOf(attribution) }, ...parents].slice(0, this.maxDepth);
      await this.counters.remember(partition, id, JSON.stringify(chain), this.ttlMs);
    }
    if (this.cache.size >= this.cacheEntries) this.cache.clear();
    this.cache.set(id, chain);
    return chain;
  }

  /** The stored chain of a hop, or just the hop itself when nothing was stored for it. */
  private async known(partition: string, runId: string | undefined, hop: string): Promise<HopNode[]> {
    const id = lineageKey(runId, hop);
    const cached = this.cache.get(id);
    if (cached) return cached;
    const stored = await this.counters.recall(partition, id);
    return stored ? (JSON.parse(stored) as HopNode[]) : [{ hop }];
  }
}

function agentOf(attribution: CallAttribution): { agent?: string } {
  return attribution.agentName ? { agent: attribution.agentName } : {};
}

function lineageKey(runId: string | undefined, hop: string): string {
  return `lineage:${runId ?? "-"}/${hop}`;
}
