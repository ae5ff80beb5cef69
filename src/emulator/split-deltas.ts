/** Word-sized pieces with their leading space ("Hello", " there", "!"): about one token each. */
export function splitWords(text: string): string[] {
  return text.match(/\s*\S+/g) ?? (text ? [text] : []);
}

/**
 * Splits text into stream deltas of `wordsPerDelta` words, the way the services chunk: OpenAI
 * sends about a token per chunk, Anthropic a few words per `text_delta`.
 */
export function splitIntoDeltas(text: string, wordsPerDelta: number): string[] {
  const words = splitWords(text);
  const deltas: string[] = [];
  for (let index = 0; index < words.length; index += wordsPerDelta) deltas.push(words.slice(index, index + wordsPerDelta).join(""));
  return deltas;
}

/** Splits a JSON text into fixed-size pieces, like `input_json_delta` / `arguments` deltas. */
export function splitFixed(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
  return pieces;
}
