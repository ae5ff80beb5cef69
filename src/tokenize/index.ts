export { countTokens, countTokensDetailed, CLAUDE_TOKENS_PER_O200K_TOKEN, type TokenCount } from "./count-tokens.js";
export { countRequestTokens, type RequestTokenEstimate } from "./count-request.js";
export { tokenizerFor, type TokenizerKind } from "./encodings.js";
export { TextMemo } from "./text-memo.js";
