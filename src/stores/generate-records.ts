import type { CallRecord } from "../core/call-record.js";
import { seededRandom } from "../core/random.js";
import type { Usage } from "../core/usage.js";

/**
 * Instants where bucket keys change in some zone: DST switches (US, EU, Lord Howe's 30-minute
 * one, Chatham, Santiago), local midnights of +05:45 and +12:45 zones, and month and ISO-week edges.
 */
export const EDGE_INSTANTS = [
  Date.UTC(2026, 2, 8, 7), // US spring forward
  Date.UTC(2026, 10, 1, 6), // US fall back
  Date.UTC(2026, 2, 29, 1), // EU spring forward
  Date.UTC(2026, 9, 25, 1), // EU fall back
  Date.UTC(2026, 3, 4, 15), // Lord Howe +11 -> +10:30
  Date.UTC(2026, 3, 4, 13, 45), // Chatham +13:45 -> +12:45
  Date.UTC(2026, 3, 5, 3), // Santiago fall back (midnight repeats)
  Date.UTC(2026, 1, 28, 18, 15), // Kathmandu midnight, March 1st
  Date.UTC(2026, 10, 30, 11, 15), // Chatham midnight, December 1st
  Date.UTC(2026, 11, 31, 23, 59, 59, 999), // New Year, UTC
  Date.UTC(2026, 10, 22, 23, 45), // Sunday to Monday, UTC
];

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const maybe = <T>(random: () => number, value: T, probability = 0.7): T | undefined => (random() < probability ? value : undefined);

/** A timestamp near an edge: on a 15-minute mark around it, or just before or after one. */
function edgeTimestamp(random: () => number): number {
  const anchor = pick(random, EDGE_INSTANTS);
  const mark = anchor + Math.floor(random() * 17 - 8) * 15 * 60_000;
  return mark + pick(random, [0, -1, 1, 0, 7 * 60_000, -7 * 60_000]);
}

function usageOf(random: () => number): Usage {
  const usage: Usage = {};
  const tokens = () => (random() < 0.1 ? 0 : Math.floor(random() * 200_000));
  if (random() < 0.95) usage.inputNoCache = tokens();
  if (random() < 0.7) usage.cacheRead = tokens();
  if (random() < 0.5) usage.cacheWrite5m = tokens();
  if (random() < 0.2) usage.cacheWrite1h = tokens();
  if (random() < 0.95) usage.output = tokens();
  if (usage.output !== undefined && random() < 0.4) usage.reasoning = Math.floor(usage.output * random());
  if (random() < 0.05) usage.webSearchRequests = Math.floor(random() * 3);
  return usage;
}

export interface GenerateOptions {
  seed?: number;
  /** Spread of timestamps when not at an edge; default one year from 2026-01-01. */
  startMs?: number;
  spanMs?: number;
  /** Share of records placed at zone edges (default 0.5). */
  edgeShare?: number;
  /** Share of records costing close to the per-call maximum of 2^53 pUSD (default 0.01). */
  hugeCostShare?: number;
  /** Timestamps rising evenly over the span, as a gateway writes them (default: random). */
  ordered?: boolean;
}

/**
 * Deterministic records exercising every attribution key, absent and empty values, unpriced
 * models, zero usage, huge costs and timestamps at time-zone edges.
 *
 * @example
 * const records = generateRecords(3000, { seed: 7 });
 */
export function generateRecords(count: number, options: GenerateOptions = {}): CallRecord[] {
  const random = seededRandom(options.seed ?? 1);
  const startMs = options.startMs ?? Date.UTC(2026, 0, 1);
  const spanMs = options.spanMs ?? 365 * 86_400_000;
  const records: CallRecord[] = [];
  for (let index = 0; index < count; index++) {
    const atEdge = random() < (options.edgeShare ?? 0.5);
    const spread = options.ordered ? (index + random()) / count : random();
    const timestamp = atEdge ? edgeTimestamp(random) : startMs + Math.floor(spread * spanMs);
    const sessionId = pick(random, [undefined, "", "s-1", "s-2", "s-3", "s-4"]);
    const agentId = sessionId && random() < 0.4 ? pick(random, ["", "agent-a", "agent-b", "acompact-1"]) : undefined;
    const model = random() < 0.1 ? pick(random, ["mystery-1", "mystery-2"]) : pick(random, ["claude-sonnet-4-5", "gpt-5", "gpt-5-mini"]);
    const unpriced = model.startsWith("mystery") && random() < 0.8;
    const huge = random() < (options.hugeCostShare ?? 0.01);
    const record: CallRecord = {
      id: `call-${options.seed ?? 1}-${index.toString().padStart(8, "0")}`,
      timestamp,
      source: pick(random, ["gateway", "claude-code", "codex"]),
      model,
      usage: usageOf(random),
      status: pick(random, ["ok", "ok", "ok", "error", "cut"] as const),
    };
    const optional: Partial<CallRecord> = {
      provider: maybe(random, pick(random, ["anthropic", "openai", ""])),
      sessionId,
      agentId,
      agentKind: agentId === undefined ? undefined : agentId.startsWith("acompact") ? "compaction" : "subagent",
      project: maybe(random, pick(random, ["/work/a", "/work/b", ""])),
      runId: maybe(random, pick(random, ["run-1", "run-2", "run-3"]), 0.5),
      tenantId: maybe(random, pick(random, ["t1", "t2"])),
      userId: maybe(random, pick(random, ["u1", "u2", "u3"]), 0.5),
      keyId: maybe(random, pick(random, ["k1", "k2"]), 0.5),
      costPico: unpriced ? undefined : huge ? 9_000_000_000_000_000 - Math.floor(random() * 1e9) : Math.floor(random() * 5e12),
    };
    for (const [field, value] of Object.entries(optional)) if (value !== undefined) (record as unknown as Record<string, unknown>)[field] = value;
    records.push(record);
  }
  return records;
}

/** Records in the order `LedgerStore.records()` returns them: by timestamp, then id. */
export function inLedgerOrder(records: readonly CallRecord[]): CallRecord[] {
  return [...records].sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
