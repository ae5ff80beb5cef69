import type { z } from "zod";
import { loadZod } from "./lazy-modules.js";

/**
 * A model-name match rule, in genai-prices' shape. Literal comparisons are case-insensitive;
 * `regex` is tested against the lower-cased name, exactly as genai-prices does.
 */
export type MatchRule =
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string }
  | { or: MatchRule[] }
  | { and: MatchRule[] };

let schema: z.ZodType<MatchRule> | undefined;

/** The schema of a match rule, built on first use (see `loadZod`). */
export function matchRuleSchema(): z.ZodType<MatchRule> {
  if (schema) return schema;
  const { z } = loadZod();
  const rule: z.ZodType<MatchRule> = z.lazy(() =>
    z.union([
      z.object({ equals: z.string() }).strict(),
      z.object({ starts_with: z.string() }).strict(),
      z.object({ ends_with: z.string() }).strict(),
      z.object({ contains: z.string() }).strict(),
      z.object({ regex: z.string() }).strict(),
      z.object({ or: z.array(rule) }).strict(),
      z.object({ and: z.array(rule) }).strict(),
    ]),
  );
  schema = rule;
  return rule;
}

/** A compiled rule: takes an already lower-cased, trimmed name. */
export type NamePredicate = (lowerName: string) => boolean;

/**
 * Compiles a rule once so matching a name costs no allocation. A regex JavaScript cannot compile
 * (the data is written for Python too) never matches; `invalidRegexes` lists such rules.
 *
 * @example
 * compileMatchRule({ starts_with: "claude-sonnet-4-5" })("claude-sonnet-4-5-20250929") // true
 */
export function compileMatchRule(rule: MatchRule): NamePredicate {
  if ("equals" in rule) {
    const literal = rule.equals.toLowerCase();
    return (name) => name === literal;
  }
  if ("starts_with" in rule) {
    const literal = rule.starts_with.toLowerCase();
    return (name) => name.startsWith(literal);
  }
  if ("ends_with" in rule) {
    const literal = rule.ends_with.toLowerCase();
    return (name) => name.endsWith(literal);
  }
  if ("contains" in rule) {
    const literal = rule.contains.toLowerCase();
    return (name) => name.includes(literal);
  }
  if ("regex" in rule) {
    const pattern = compileRegex(rule.regex);
    return pattern ? (name) => pattern.test(name) : () => false;
  }
  if ("or" in rule) {
    const parts = rule.or.map(compileMatchRule);
    return (name) => parts.some((part) => part(name));
  }
  const parts = rule.and.map(compileMatchRule);
  return (name) => parts.every((part) => part(name));
}

function compileRegex(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

/** Regex sources in a rule that JavaScript cannot compile (reported by the catalog builders). */
export function invalidRegexes(rule: MatchRule): string[] {
  if ("regex" in rule) return compileRegex(rule.regex) ? [] : [rule.regex];
  if ("or" in rule) return rule.or.flatMap(invalidRegexes);
  if ("and" in rule) return rule.and.flatMap(invalidRegexes);
  return [];
}
