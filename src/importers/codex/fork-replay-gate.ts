/** Replayed lines written within this gap of each other belong to one copy burst. */
export const REPLAY_BURST_GAP_MS = 1000;

/** Milliseconds since the epoch encoded in a UUIDv7, or `undefined` for any other string. */
export function uuidV7Milliseconds(id: unknown): number | undefined {
  if (typeof id !== "string") return undefined;
  const match = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.exec(id);
  if (!match) return undefined;
  return Number.parseInt(match[1]! + match[2]!, 16);
}

export interface GateLine {
  type: string;
  timestampMs?: number;
  /** `turn_context.payload.turn_id`, when the line is a turn context. */
  turnId?: string;
}

/**
 * Tells the history Codex copied into a forked (or spawned sub-agent) rollout from what the fork
 * did itself. A fork's file starts with its own `session_meta`, then the parent's lines: its
 * `session_meta`, turns and cumulative `token_count` events. Those were counted in the parent's
 * file already.
 *
 * The boundary is structural where the log allows it: turn ids are UUIDv7, minted when the turn
 * ran, so every copied turn predates the fork and the first turn minted at or after the fork
 * instant is the fork's own. Older logs without turn ids fall back on timestamps: copied lines
 * carry either their original (earlier) time or the write time of one fast burst, so the copy
 * ends at the first line at or after the fork instant that follows a pause of more than
 * `REPLAY_BURST_GAP_MS`. Once the copy has ended it never restarts.
 *
 * @example
 * const gate = new ForkReplayGate(Date.parse("2026-08-01T05:00:00Z"));
 * gate.isReplay({ type: "event_msg", timestampMs: Date.parse("2026-08-01T05:00:00.004Z") }); // true
 */
export class ForkReplayGate {
  private replaying: boolean;
  private structural = false;
  private previousMs: number | undefined;

  /** `forkInstantMs` undefined: the rollout is no fork and nothing is replay. */
  constructor(private readonly forkInstantMs: number | undefined) {
    this.replaying = forkInstantMs !== undefined;
    this.previousMs = forkInstantMs;
  }

  get active(): boolean {
    return this.replaying;
  }

  isReplay(line: GateLine): boolean {
    if (!this.replaying || this.forkInstantMs === undefined) return false;
    const turnMs = line.type === "turn_context" ? uuidV7Milliseconds(line.turnId) : undefined;
    if (turnMs !== undefined) {
      this.structural = true;
      if (turnMs >= this.forkInstantMs) return this.end();
      return true;
    }
    if (this.structural) return true;
    const at = line.timestampMs;
    if (at === undefined || at < this.forkInstantMs) return true;
    const previous = this.previousMs ?? this.forkInstantMs;
    this.previousMs = Math.max(previous, at);
    if (at - previous <= REPLAY_BURST_GAP_MS) return true;
    return this.end();
  }

  private end(): false {
    this.replaying = false;
    return false;
  }
}
