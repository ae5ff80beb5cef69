import { decode, encode } from "gpt-tokenizer/encoding/o200k_base";
import { boundedPieces } from "../tokenize/bounded-pieces.js";
import { countTokens, MAX_RUN_CHARS } from "../tokenize/count-tokens.js";

/**
 * The emulator's one door to tokenizers. Prompts are counted per model with the project's
 * `src/tokenize` (o200k_base or cl100k_base for OpenAI models, its documented estimate for Claude,
 * whose tokenizer is not public). Generated text is made and cut with o200k_base token ids, and
 * OpenAI prefix caching hashes o200k ids, because both need ids, not just counts.
 */
// User text may contain "<|endoftext|>" and friends: count them as plain text, never throw.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Recent short texts and their tokens: load tests repeat the same prompts, and encoding dominates. */
const recentEncodings = new Map<string, readonly number[]>();
const MEMO_TEXT_LIMIT = 4096;
const MEMO_ENTRIES = 4096;

/**
 * BPE merges cost O(n^2) in the length of a run without whitespace (1 MB of "a" takes minutes), so
 * long runs are encoded in the same bounded pieces `src/tokenize` counts them in.
 */
function encodeBounded(text: string): number[] {
  const tokens: number[] = [];
  for (const piece of boundedPieces(text, MAX_RUN_CHARS)) {
    for (const token of encode(piece.text, PLAIN_TEXT)) tokens.push(token);
  }
  return tokens;
}

/** Tokens of a text. The array may be shared: never mutate it. */
export function encodeText(text: string): readonly number[] {
  if (text.length === 0) return [];
  if (text.length > MEMO_TEXT_LIMIT) return encodeBounded(text);
  const known = recentEncodings.get(text);
  if (known) return known;
  const tokens = encodeBounded(text);
  if (recentEncodings.size >= MEMO_ENTRIES) recentEncodings.clear();
  recentEncodings.set(text, tokens);
  return tokens;
}

const recentCounts = new Map<string, number>();

/** Prompt tokens of a text for a model (memoized for short texts, like `encodeText`). */
export function countPromptTokens(text: string, model: string): number {
  if (text.length === 0) return 0;
  if (text.length > MEMO_TEXT_LIMIT) return countTokens(text, model);
  const key = `${model}\u0000${text}`;
  const known = recentCounts.get(key);
  if (known !== undefined) return known;
  const count = countTokens(text, model);
  if (recentCounts.size >= MEMO_ENTRIES) recentCounts.clear();
  recentCounts.set(key, count);
  return count;
}

export function decodeTokens(tokens: readonly number[]): string {
  return decode(tokens as number[]);
}

export function countTextTokens(text: string): number {
  return encodeText(text).length;
}
