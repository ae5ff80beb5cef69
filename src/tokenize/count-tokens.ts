import { boundedPieces } from "./bounded-pieces.js";
import { encoding, tokenizerFor, type TokenizerKind } from "./encodings.js";

/**
 * Claude's tokenizer is not public. Its count is estimated as the o200k_base count times this
 * factor, rounded up; README.md gives how it was measured on real Claude Code logs.
 */
export const CLAUDE_TOKENS_PER_O200K_TOKEN = 1.15;

/** Over-long runs are cut into pieces of this many characters (see `boundedPieces`). */
export const MAX_RUN_CHARS = 64;

/**
 * Characters of cut runs tokenized exactly per call. Past this budget the rest of the cut runs is
 * estimated at the tokens-per-character rate measured on the part counted, which bounds the BPE
 * work of one call whatever the input.
 */
export const EXACT_RUN_BUDGET_CHARS = 131_072;

const options = { disallowedSpecial: new Set<string>() };

export interface TokenCount {
  tokens: number;
  tokenizer: TokenizerKind;
  /** Characters in cut runs counted exactly, and estimated past the budget. */
  runCharsCounted: number;
  runCharsEstimated: number;
}

/**
 * Counts tokens with the model's tokenizer (or its documented estimate), in time linear in the
 * text's length. Special-token text such as `<|endoftext|>` counts as ordinary text.
 *
 * @example
 * countTokensDetailed("hello world", "gpt-4o") // { tokens: 2, tokenizer: "o200k_base", ... }
 */
export function countTokensDetailed(text: string, model: string): TokenCount {
  const tokenizer = tokenizerFor(model);
  const raw = countEncodedTokens(text, encodingOf(tokenizer), EXACT_RUN_BUDGET_CHARS);
  let tokens = raw.tokens;
  if (raw.runCharsEstimated > 0) tokens += Math.ceil((raw.runCharsEstimated * raw.runTokensCounted) / raw.runCharsCounted);
  if (tokenizer === "claude-estimate") tokens = Math.ceil(tokens * CLAUDE_TOKENS_PER_O200K_TOKEN);
  return { tokens, tokenizer, runCharsCounted: raw.runCharsCounted, runCharsEstimated: raw.runCharsEstimated };
}

/** The encoding that counts (or, for estimates, approximates) a tokenizer's tokens. */
export function encodingOf(tokenizer: TokenizerKind): "o200k_base" | "cl100k_base" {
  return tokenizer === "cl100k_base" ? "cl100k_base" : "o200k_base";
}

/** Raw encoding count of a text; `tokens` leaves out the `runCharsEstimated` past the run budget (the caller estimates them). */
export interface EncodedCount {
  tokens: number;
  runCharsCounted: number;
  runTokensCounted: number;
  runCharsEstimated: number;
}

/**
 * Counts a text with an encoding, cut runs exactly until `runBudgetChars` of them were counted
 * (see EXACT_RUN_BUDGET_CHARS); the rest of the cut runs is only measured.
 *
 * @example
 * countEncodedTokens("hello world", "o200k_base", EXACT_RUN_BUDGET_CHARS).tokens // 2
 */
export function countEncodedTokens(text: string, encodingName: "o200k_base" | "cl100k_base", runBudgetChars: number): EncodedCount {
  const counter = encoding(encodingName);
  const result: EncodedCount = { tokens: 0, runCharsCounted: 0, runTokensCounted: 0, runCharsEstimated: 0 };
  for (const piece of boundedPieces(text, MAX_RUN_CHARS)) {
    if (!piece.run) {
      result.tokens += counter.countTokens(piece.text, options);
    } else if (result.runCharsCounted < runBudgetChars) {
      const count = counter.countTokens(piece.text, options);
      result.tokens += count;
      result.runTokensCounted += count;
      result.runCharsCounted += piece.text.length;
    } else {
      result.runCharsEstimated += piece.text.length;
    }
  }
  return result;
}

/**
 * Tokens in a text for a model.
 *
 * @example
 * countTokens("hello world", "gpt-4o") // 2
 */
export function countTokens(text: string, model: string): number {
  return countTokensDetailed(text, model).tokens;
}
