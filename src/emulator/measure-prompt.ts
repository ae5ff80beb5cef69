import type { PromptSegment } from "./emulated-request.js";
import { hashString } from "./random.js";
import { countPromptTokens, encodeText } from "./tokens.js";

export interface MeasuredPrompt {
  totalTokens: number;
  /** Tokens from the start of the prompt to the end of each segment. */
  cumulativeTokens: number[];
  /** Hash of the prompt from its start to the end of each segment (prefix identity). */
  prefixHashes: number[];
  /** The prompt as token ids (framing and images as stand-in ids), when asked for. */
  tokenIds: number[] | undefined;
}

// Stand-in ids for tokens that have no text (framing, images) live above every real vocabulary.
const STAND_IN_ID_BASE = 10_000_000;

/**
 * Counts a prompt segment by segment and fingerprints every prefix, which is all the prompt
 * caches need: Anthropic's works on block boundaries, OpenAI's on token positions.
 */
export function measurePrompt(segments: readonly PromptSegment[], model: string, withTokenIds: boolean): MeasuredPrompt {
  const cumulativeTokens: number[] = [];
  const prefixHashes: number[] = [];
  const tokenIds: number[] | undefined = withTokenIds ? [] : undefined;
  let total = 0;
  let prefixHash = 0;
  for (const segment of segments) {
    total += countPromptTokens(segment.text, model) + segment.extraTokens;
    const segmentHash = hashString(`${segment.identity ?? ""}\u0000${segment.text}`);
    prefixHash = hashString(`${prefixHash}:${segmentHash}:${segment.extraTokens}`);
    cumulativeTokens.push(total);
    prefixHashes.push(prefixHash);
    if (tokenIds) {
      for (const id of encodeText(segment.text)) tokenIds.push(id);
      for (let index = 0; index < segment.extraTokens; index++) tokenIds.push(STAND_IN_ID_BASE + ((segmentHash + index) % STAND_IN_ID_BASE));
    }
  }
  return { totalTokens: total, cumulativeTokens, prefixHashes, tokenIds };
}
