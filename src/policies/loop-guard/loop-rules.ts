import type { ToolInteraction } from "./tool-interactions.js";

/** A rule that fired, with what it saw. */
export interface LoopFinding {
  rule: LoopRule;
  /** Identifies what repeats (a request hash, a tool signature, an agent cycle), for de-duplication. */
  signature: string;
  detail: Record<string, unknown>;
}

export const loopRules = ["exact-repeat", "tool-error-repeat", "hop-cycle", "no-progress"] as const;
export type LoopRule = (typeof loopRules)[number];

/**
 * (b) The same tool call with the same arguments came back with the same error at least
 * `threshold` times among the conversation's last `lookback` tool calls.
 */
export function toolErrorRepeat(interactions: readonly ToolInteraction[], threshold: number, lookback: number): LoopFinding | undefined {
  const counts = new Map<string, number>();
  for (const interaction of interactions.slice(-lookback)) {
    if (!interaction.error) continue;
    const key = `${interaction.signature}>${interaction.resultHash}`;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count >= threshold) return { rule: "tool-error-repeat", signature: key, detail: { repeats: count, tool: interaction.signature.split(":")[0] } };
  }
  return undefined;
}

/**
 * (d) No progress: the last `window` tool calls use at most `maxDistinct` different calls
 * (name and arguments) while the conversation, and so the prompt, keeps growing.
 */
export function noProgress(interactions: readonly ToolInteraction[], window: number, maxDistinct: number): LoopFinding | undefined {
  if (interactions.length < window) return undefined;
  const recent = interactions.slice(-window);
  const distinct = new Set(recent.map((interaction) => interaction.signature));
  if (distinct.size > maxDistinct) return undefined;
  return { rule: "no-progress", signature: [...distinct].sort().join("|"), detail: { window, distinctCalls: distinct.size } };
}

/**
 * (c) A cycle of agents down a delegation chain: the agent names from this hop up through its
 * ancestors repeat with a period of 1 to 3 (A -> A, A -> B -> A -> B, A -> B -> C -> A ...) over
 * at least `depth` hops.
 */
export function hopCycle(agents: readonly (string | undefined)[], depth: number): LoopFinding | undefined {
  for (let period = 1; period <= 3; period++) {
    let length = period;
    while (length < agents.length && agents[length] !== undefined && agents[length] === agents[length - period]) length += 1;
    const names = agents.slice(0, period);
    if (names.some((name) => name === undefined)) continue;
    if (period > 1 && new Set(names).size < period) continue;
    if (length >= depth) return { rule: "hop-cycle", signature: names.join(">"), detail: { cycle: names, hops: length } };
  }
  return undefined;
}

/** (a) How many of the recent successful requests (`hash@timestamp`, newest first) had this hash within the window. */
export function repeatsWithin(recent: readonly string[], requestHash: string, now: number, windowMs: number): number {
  let count = 0;
  for (const entry of recent) {
    const at = entry.lastIndexOf("@");
    if (entry.slice(0, at) === requestHash && now - Number(entry.slice(at + 1)) <= windowMs) count += 1;
  }
  return count;
}
