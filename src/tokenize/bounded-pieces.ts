/** A piece of text to tokenize on its own: `run` pieces are cuts of one over-long run. */
export interface Piece {
  text: string;
  run: boolean;
}

/**
 * Splits text so no run of whitespace or of non-whitespace is longer than `maxRunChars`.
 *
 * Why: BPE merges cost O(n²) in the length of one pre-tokenizer chunk, and a chunk can be as long
 * as a run without whitespace (a base64 blob, a minified file, 1 MB of "a"). Ordinary text has
 * short runs and comes out as one `run: false` piece, unchanged. A long run is cut into
 * `run: true` pieces of `maxRunChars` characters (never inside a surrogate pair); each cut can
 * split a token the tokenizer would have kept whole, so a cut run may count slightly more than
 * exact (see src/tokenize/README.md for the measured error).
 *
 * @example
 * [...boundedPieces("xy " + "a".repeat(10), 4)] // "xy ", "aaaa" (run), "aaaa" (run), "aa"
 */
export function* boundedPieces(text: string, maxRunChars: number): Generator<Piece> {
  let pieceStart = 0;
  let runStart = 0;
  let runIsSpace: boolean | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const isSpace = code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x2028 || code === 0x2029 || code === 0x3000;
    if (isSpace !== runIsSpace) {
      runIsSpace = isSpace;
      runStart = index;
    }
    if (index - Math.max(runStart, pieceStart) >= maxRunChars && !isLowSurrogate(code)) {
      const cutStart = Math.max(runStart, pieceStart);
      if (cutStart > pieceStart) yield { text: text.slice(pieceStart, cutStart), run: false };
      yield { text: text.slice(cutStart, index), run: true };
      pieceStart = index;
    }
  }
  if (pieceStart < text.length) yield { text: text.slice(pieceStart), run: false };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
