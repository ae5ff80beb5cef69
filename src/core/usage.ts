/**
 * Normalized token usage of one upstream call.
 *
 * Every provider reports usage its own way (see docs/usage-conventions.md and the
 * `usageConvention` row each provider registers). Converters turn a provider's report into
 * this one shape, once, at the edge. Inside tokenomy:
 *
 * - `undefined` means "not reported"; `0` means "reported zero".
 * - The prompt is split into disjoint parts: `inputNoCache + cacheRead + cacheWrite5m +
 *   cacheWrite1h` is the whole prompt.
 * - `output` includes `reasoning` (reasoning tokens are billed as output everywhere).
 */
export interface Usage {
  /** Prompt tokens neither read from nor written to a cache. */
  inputNoCache?: number;
  /** Prompt tokens read from a prompt cache. */
  cacheRead?: number;
  /** Prompt tokens written to a cache with a 5-minute TTL (Anthropic's default; OpenAI writes are free and not reported). */
  cacheWrite5m?: number;
  /** Prompt tokens written to a cache with a 1-hour TTL. */
  cacheWrite1h?: number;
  /** All generated tokens, reasoning included. */
  output?: number;
  /** The part of `output` spent on reasoning. */
  reasoning?: number;
  /** Server-side tool uses billed per request (for example web search). */
  webSearchRequests?: number;
}

export const USAGE_FIELDS = [
  "inputNoCache",
  "cacheRead",
  "cacheWrite5m",
  "cacheWrite1h",
  "output",
  "reasoning",
  "webSearchRequests",
] as const satisfies readonly (keyof Usage)[];

/** Whole prompt: uncached input plus cache reads and writes. `undefined` when nothing was reported. */
export function inputTotal(usage: Usage): number | undefined {
  // Written out: this runs for every call priced.
  const { inputNoCache, cacheRead, cacheWrite5m, cacheWrite1h } = usage;
  if (inputNoCache === undefined && cacheRead === undefined && cacheWrite5m === undefined && cacheWrite1h === undefined) return undefined;
  return (inputNoCache ?? 0) + (cacheRead ?? 0) + (cacheWrite5m ?? 0) + (cacheWrite1h ?? 0);
}

/** Cache writes of both TTLs. */
export function cacheWriteTotal(usage: Usage): number | undefined {
  if (usage.cacheWrite5m === undefined && usage.cacheWrite1h === undefined) return undefined;
  return (usage.cacheWrite5m ?? 0) + (usage.cacheWrite1h ?? 0);
}

/** Output that is not reasoning. */
export function outputText(usage: Usage): number | undefined {
  if (usage.output === undefined) return undefined;
  return usage.output - (usage.reasoning ?? 0);
}

/** Sum of two usages; a field stays `undefined` only when neither side reported it. */
export function addUsage(a: Usage, b: Usage): Usage {
  const sum: Usage = {};
  for (const field of USAGE_FIELDS) {
    const left = a[field];
    const right = b[field];
    if (left !== undefined || right !== undefined) sum[field] = (left ?? 0) + (right ?? 0);
  }
  return sum;
}

/** Total tokens of the call (prompt plus output), 0 when nothing was reported. */
export function totalTokens(usage: Usage): number {
  return (inputTotal(usage) ?? 0) + (usage.output ?? 0);
}

/**
 * Checks the invariants every converter must keep: non-negative integers, reasoning within output.
 * Returns a list of problems, empty when the usage is sound.
 */
export function usageProblems(usage: Usage): string[] {
  const problems: string[] = [];
  for (const field of USAGE_FIELDS) {
    const value = usage[field];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      problems.push(`${field} must be a non-negative integer, got ${value}`);
    }
  }
  if (usage.reasoning !== undefined && usage.output !== undefined && usage.reasoning > usage.output) {
    problems.push(`reasoning (${usage.reasoning}) exceeds output (${usage.output})`);
  }
  return problems;
}
