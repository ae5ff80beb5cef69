import { countRequestTokens, countTokens } from "../tokenize/index.js";
import type { PromptCounter } from "./call-context.js";
import type { TextCounter } from "./fingerprints.js";

/** Tokens of a text with the model's tokenizer (fingerprint sizes). */
export const defaultTextCounter: TextCounter = (text, model) => countTokens(text, model);

/** Prompt tokens of a request body, for policies that read `promptTokens` (budget admission). */
export const defaultPromptCounter: PromptCounter = (_api, body, model) => countRequestTokens(body, model).total;
