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
  const counter = encoding(tokenizer === "cl100k_base" ? "cl100k_base" : "o200k_base");
  let tokens = 0;
  let runCharsCounted = 0;
  let runTokensCounted = 0;
  let runCharsEstimated = 0;
  for (const piece of boundedPieces(text, MAX_RUN_CHARS)) {
    if (!piece.run) {
      tokens += counter.countTokens(piece.text, options);
    } else if (runCharsCounted < EXACT_RUN_BUDGET_CHARS) {
      const count = counter.countTokens(piece.text, options);
      tokens += count;
      runTokensCounted += count;
      runCharsCounted += piece.text.length;
    } else {
      runCharsEstimated += piece.text.length;
    }
  }
  if (runCharsEstimated > 0) tokens += Math.ceil((runCharsEstimated * runTokensCounted) / runCharsCounted);
  if (tokenizer === "claude-estimate") tokens = Math.ceil(tokens * CLAUDE_TOKENS_PER_O200K_TOKEN);
  return { tokens, tokenizer, runCharsCounted, runCharsEstimated };
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
