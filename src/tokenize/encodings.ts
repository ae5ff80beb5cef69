import { createRequire } from "node:module";

/** The tokenizer used for a model. `claude-estimate` and `generic-estimate` are not the model's own. */
export type TokenizerKind = "o200k_base" | "cl100k_base" | "claude-estimate" | "generic-estimate";

interface Encoding {
  countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
}

const require = createRequire(import.meta.url);
const loaded = new Map<"o200k_base" | "cl100k_base", Encoding>();

/** Loads an encoding on first use (each costs ~100 ms and tens of MB), synchronously. */
export function encoding(name: "o200k_base" | "cl100k_base"): Encoding {
  let result = loaded.get(name);
  if (!result) {
    result = require(`gpt-tokenizer/encoding/${name}`) as Encoding;
    loaded.set(name, result);
  }
  return result;
}

const o200kModels = /^(?:gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|chatgpt-4o|o1|o3|o4|codex|computer-use)/;
const cl100kModels = /^(?:gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada-002|davinci-002|babbage-002)/;

/**
 * Which tokenizer counts a model's tokens: o200k_base for gpt-4o, 4.1, 4.5, 5 and the o-series;
 * cl100k_base for gpt-4 and gpt-3.5-turbo; an estimate for Claude (README.md) and for anything
 * else (o200k_base, whose vocabulary is closest to today's large tokenizers).
 *
 * @example
 * tokenizerFor("openai/gpt-4o-mini") // "o200k_base"
 */
export function tokenizerFor(model: string): TokenizerKind {
  const name = model.trim().toLowerCase();
  const base = name.slice(name.lastIndexOf("/") + 1);
  if (name.includes("claude")) return "claude-estimate";
  if (o200kModels.test(base)) return "o200k_base";
  if (cl100kModels.test(base)) return "cl100k_base";
  return "generic-estimate";
}
