import type { Usage } from "../core/usage.js";

/**
 * Reading helpers shared by the usage converters. Converters are total: whatever they are given,
 * they return a Usage holding only what could be read, so every reader here answers `undefined`
 * for anything that is not a sound token count rather than throwing.
 */

/** The object at `value`, or `undefined` when it is not a plain object. */
export function readRecord(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}

/**
 * A token count: a non-negative safe integer, given as a number, a bigint or a decimal string
 * (OTLP JSON encodes 64-bit integers as strings). Anything else is "not reported".
 */
export function readCount(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === "bigint") return value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
  if (typeof value === "string" && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** The first of `keys` that holds a readable count. */
export function readFirstCount(record: Record<string, unknown> | undefined, keys: readonly string[]): number | undefined {
  if (!record) return undefined;
  for (const key of keys) {
    const count = readCount(record[key]);
    if (count !== undefined) return count;
  }
  return undefined;
}

/**
 * The uncached rest of a prompt count that includes its cached parts (OpenAI counts cache reads
 * and writes inside the prompt). Never below zero: parts larger than their total are a provider's
 * inconsistency, and the parts are kept as reported.
 */
export function withoutIncludedParts(total: number | undefined, ...parts: (number | undefined)[]): number | undefined {
  if (total === undefined) return undefined;
  return Math.max(0, parts.reduce<number>((rest, part) => rest - (part ?? 0), total));
}

/**
 * Output and reasoning where the convention counts reasoning inside output. A reasoning count
 * above the output cannot be inside it: that report counted them apart (Gemini reached through
 * an OpenAI-compatible gateway does, for one), so the output becomes their sum rather than
 * losing billed tokens.
 */
export function outputWithReasoning(
  output: number | undefined,
  reasoning: number | undefined,
): { output?: number; reasoning?: number } {
  if (output === undefined || reasoning === undefined || reasoning <= output) return { output, reasoning };
  const sum = output + reasoning;
  return Number.isSafeInteger(sum) ? { output: sum, reasoning } : { output, reasoning: output };
}

/** A Usage with only the fields that were reported, so that equality checks stay exact. */
export function reportedOnly(usage: Usage): Usage {
  const result: Usage = {};
  // for...in, not Object.entries: this runs on every metered call and should not allocate pairs.
  for (const field in usage) {
    const value = usage[field as keyof Usage];
    if (value !== undefined) result[field as keyof Usage] = value;
  }
  return result;
}
