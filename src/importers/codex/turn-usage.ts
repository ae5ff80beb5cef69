import type { Usage } from "../../core/usage.js";
import { fromCodexUsage, subtractCodexUsage } from "../../providers/codex/convert-usage.js";
import { readCount, readRecord } from "../../providers/read-usage-fields.js";

const COUNTER_FIELDS = ["input_tokens", "cached_input_tokens", "output_tokens", "reasoning_output_tokens", "total_tokens"] as const;

export type TurnUsage = { usage: Usage; basis: "delta" | "last" } | { skip: string };

/**
 * Turns the cumulative `info.total_token_usage` of successive `token_count` events into the
 * usage of each model call.
 *
 * - The delta from the previous total is the call's usage.
 * - An unchanged total is a repeated event (Codex re-emits `token_count` when only the rate
 *   limits change): skipped, since `last_token_usage` would count the call twice.
 * - The first event, and a total that went down (a reset), take `last_token_usage`, the call's
 *   own usage, rather than a delta from zero that could include history from before the file.
 *
 * @example
 * const turns = new CumulativeTurnUsage();
 * turns.next(firstInfo);  // { usage: ..., basis: "last" }
 * turns.next(secondInfo); // { usage: ..., basis: "delta" }
 */
export class CumulativeTurnUsage {
  private previousTotal: Record<string, unknown> | undefined;

  /** Records a copied event's total as the baseline without counting it. */
  remember(info: unknown): void {
    const total = readRecord(readRecord(info)?.total_token_usage);
    if (total) this.previousTotal = total;
  }

  next(info: unknown): TurnUsage {
    const record = readRecord(info);
    if (!record) return { skip: "token_count_without_info" };
    const total = readRecord(record.total_token_usage);
    const last = readRecord(record.last_token_usage);
    if (!total && !last) return { skip: "token_count_without_info" };
    const previous = this.previousTotal;
    if (total) this.previousTotal = total;
    if (total && previous) {
      const comparison = compareCounters(total, previous);
      if (comparison === "equal") return { skip: "duplicate_token_count" };
      if (comparison === "grew") return nonZero({ usage: subtractCodexUsage(total, previous), basis: "delta" });
    }
    if (last) return nonZero({ usage: fromCodexUsage(last), basis: "last" });
    return nonZero({ usage: fromCodexUsage(total), basis: "last" });
  }
}

/**
 * The cumulative counters of a `token_count` event as text. Within a session they only grow, so
 * they identify the event wherever a copy of it turns up (an archived rollout, a session resumed
 * into a new file).
 */
export function cumulativeSignature(info: unknown): string | undefined {
  const total = readRecord(readRecord(info)?.total_token_usage);
  if (!total) return undefined;
  return COUNTER_FIELDS.map((field) => readCount(total[field]) ?? "").join("/");
}

function compareCounters(current: Record<string, unknown>, previous: Record<string, unknown>): "equal" | "grew" | "reset" {
  let equal = true;
  for (const field of COUNTER_FIELDS) {
    const now = readCount(current[field]) ?? 0;
    const before = readCount(previous[field]) ?? 0;
    if (now < before) return "reset";
    if (now !== before) equal = false;
  }
  return equal ? "equal" : "grew";
}

function nonZero(turn: { usage: Usage; basis: "delta" | "last" }): TurnUsage {
  const { inputNoCache, cacheRead, output } = turn.usage;
  if (inputNoCache === undefined && cacheRead === undefined && output === undefined) return { skip: "token_count_without_info" };
  if ((inputNoCache ?? 0) + (cacheRead ?? 0) + (output ?? 0) === 0) return { skip: "zero_usage" };
  return turn;
}
