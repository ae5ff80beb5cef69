/**
 * The one equation. Among options i pick
 *   argmax_i  V * dQ_i - dC_i - lambda * dL_i - rho * dR_i
 * Estimates are floats (they are expectations, not money).
 */
export interface AllocationOption<Id extends string = string> {
  id: Id;
  /** Expected probability of success, 0..1. */
  quality: number;
  /** Expected cost in USD. */
  costUsd: number;
  /** Expected latency in seconds. */
  latencySeconds: number;
  /** Expected probability of a harmful or wrong action, 0..1. */
  risk: number;
}

export interface AllocationWeights {
  /** V: value of the task in USD. */
  valueUsd: number;
  /** lambda: USD per second of waiting. */
  latencyUsdPerSecond: number;
  /** rho: USD per harmful or wrong action. */
  riskUsd: number;
}

export interface Allocation<Id extends string = string> {
  chosen: AllocationOption<Id>;
  scores: { id: Id; score: number }[];
}

/** Net value of one option in USD. */
export function scoreOption(option: AllocationOption, weights: AllocationWeights): number {
  return (
    weights.valueUsd * option.quality -
    option.costUsd -
    weights.latencyUsdPerSecond * option.latencySeconds -
    weights.riskUsd * option.risk
  );
}

/**
 * Scores options and picks the best; ties go to the earlier option (list options cheapest first).
 *
 * @example
 * allocate([{ id: "small", quality: 0.8, costUsd: 0.001, latencySeconds: 1, risk: 0 },
 *           { id: "large", quality: 0.9, costUsd: 0.02, latencySeconds: 3, risk: 0 }],
 *          { valueUsd: 1, latencyUsdPerSecond: 0, riskUsd: 0 }).chosen.id // "large"
 */
export function allocate<Id extends string>(options: readonly AllocationOption<Id>[], weights: AllocationWeights): Allocation<Id> {
  const first = options[0];
  if (!first) throw new RangeError("allocate needs at least one option");
  const scores = options.map((option) => ({ id: option.id, score: scoreOption(option, weights) }));
  let best = 0;
  for (let index = 1; index < scores.length; index++) {
    if (scores[index]!.score > scores[best]!.score) best = index;
  }
  return { chosen: options[best]!, scores };
}
