import type { Random } from "./random.js";
import { decodeTokens, encodeText } from "./tokens.js";

const WORDS = [
  "the", "token", "budget", "agent", "model", "answer", "request", "cache", "prompt", "cost",
  "value", "latency", "risk", "result", "plan", "step", "tool", "call", "data", "system",
  "user", "output", "input", "price", "quality", "route", "option", "choice", "reason", "signal",
  "is", "are", "was", "will", "can", "should", "may", "must", "has", "keeps",
  "a", "an", "this", "that", "each", "every", "some", "more", "less", "most",
  "clear", "small", "large", "fast", "slow", "exact", "cheap", "careful", "simple", "useful",
  "and", "but", "so", "because", "while", "when", "then", "if", "with", "for",
  "in", "on", "at", "by", "from", "to", "of", "over", "under", "between",
  "spend", "save", "measure", "compare", "choose", "check", "count", "limit", "return", "report",
] as const;

function sentence(random: Random): { text: string; words: number } {
  const length = random.integer(5, 13);
  const words: string[] = [];
  for (let index = 0; index < length; index++) words.push(random.pick(WORDS));
  const first = words[0] as string;
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return { text: `${words.join(" ")}.`, words: length };
}

/**
 * Deterministic prose of exactly `tokenCount` tokens (as counted by the emulator's tokenizer),
 * or fewer when the cut falls inside a multi-token character, which plain ASCII never does.
 */
export function textOfTokens(random: Random, tokenCount: number): { text: string; tokens: number } {
  if (tokenCount <= 0) return { text: "", tokens: 0 };
  // Every word is at least one token, so as many words as wanted tokens is always enough: one encode.
  const sentences: string[] = [];
  let words = 0;
  while (words < tokenCount) {
    const next = sentence(random);
    sentences.push(next.text);
    words += next.words;
  }
  const tokens = encodeText(sentences.join(" "));
  const cut = decodeTokens(tokens.slice(0, tokenCount));
  return { text: cut, tokens: encodeText(cut).length };
}
