import { z } from "zod";

export const loopActions = ["annotate", "cache", "stop"] as const;
export type LoopAction = (typeof loopActions)[number];
const action = z.enum(loopActions);

/**
 * Loop guard thresholds, each with the reason for its default.
 *
 * - exactRepeat (annotate, 3 within 10 minutes): one identical re-send is normal (a client retry
 *   after a timeout the gateway saw succeed); a third identical request after two answers means the
 *   agent is not using them. Annotate by default because sampling the same prompt again can be
 *   deliberate; `cache` replays the last answer instead (non-streamed calls only).
 * - toolErrorRepeat (stop, 3 identical failures among the last 20 tool calls): retrying a failed
 *   call once or twice is reasonable (flaky network, a fix in between); the same arguments giving
 *   the same error a third time will not change, and every further turn re-sends a growing context.
 * - hopCycle (stop, 4 hops): A -> B -> A happens in sound designs (a reviewer hands back to the
 *   planner once); A -> B -> A -> B is delegation going round with nobody doing the work.
 * - noProgress (annotate, at most 2 distinct calls among the last 8): polling a job legitimately
 *   repeats one call, so this only annotates by default; 8 calls is where the re-sent context
 *   starts to dominate the run's cost.
 */
export const loopGuardConfigSchema = z
  .object({
    exactRepeat: z
      .object({
        threshold: z.number().int().min(2).optional(),
        windowMs: z.number().int().positive().optional(),
        action: action.optional(),
        /** Successful requests remembered per run. */
        remember: z.number().int().positive().optional(),
        cacheTtlMs: z.number().int().positive().optional(),
        cacheEntries: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    toolErrorRepeat: z
      .object({ threshold: z.number().int().min(2).optional(), lookback: z.number().int().positive().optional(), action: action.exclude(["cache"]).optional() })
      .strict()
      .optional(),
    hopCycle: z.object({ depth: z.number().int().min(2).optional(), action: action.exclude(["cache"]).optional() }).strict().optional(),
    noProgress: z
      .object({ window: z.number().int().min(2).optional(), maxDistinct: z.number().int().positive().optional(), action: action.exclude(["cache"]).optional() })
      .strict()
      .optional(),
    /** How long a stopped run stays stopped. */
    stoppedTtlMs: z.number().int().positive().optional(),
  })
  .strict();

export type LoopGuardConfig = z.infer<typeof loopGuardConfigSchema>;

export function resolveLoopGuardConfig(config: LoopGuardConfig) {
  return {
    exactRepeat: {
      threshold: config.exactRepeat?.threshold ?? 3,
      windowMs: config.exactRepeat?.windowMs ?? 600_000,
      action: config.exactRepeat?.action ?? "annotate",
      remember: config.exactRepeat?.remember ?? 32,
      cacheTtlMs: config.exactRepeat?.cacheTtlMs ?? 60_000,
      cacheEntries: config.exactRepeat?.cacheEntries ?? 1_000,
    },
    toolErrorRepeat: {
      threshold: config.toolErrorRepeat?.threshold ?? 3,
      lookback: config.toolErrorRepeat?.lookback ?? 20,
      action: config.toolErrorRepeat?.action ?? "stop",
    },
    hopCycle: { depth: config.hopCycle?.depth ?? 4, action: config.hopCycle?.action ?? "stop" },
    noProgress: {
      window: config.noProgress?.window ?? 8,
      maxDistinct: config.noProgress?.maxDistinct ?? 2,
      action: config.noProgress?.action ?? "annotate",
    },
    stoppedTtlMs: config.stoppedTtlMs ?? 3_600_000,
  } as const;
}
