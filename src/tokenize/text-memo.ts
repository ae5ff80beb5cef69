/**
 * A bounded memo keyed by text. Agents resend a growing history on every call, so the work done
 * per message (token counts, hashes) is kept and only new messages cost anything.
 *
 * Texts arrive as fresh strings (parsed from each request), so a Map keyed by the text itself
 * would hash every character of the history on every call. Entries are found instead by a short
 * fingerprint (length and three 16-character samples) and confirmed by comparing the text, a
 * memory compare; two texts with one fingerprint share a slot, and the loser is recomputed.
 *
 * Two generations bound it by the characters its keys hold: new entries go to the young one; when
 * that is full it becomes the old one and the previous old one is dropped; a hit in the old one
 * moves the entry back to the young one. A hit in the young one changes nothing, which keeps the
 * common lookup a single Map read.
 *
 * @example
 * const memo = new TextMemo<number>(1_000_000);
 * const tokens = memo.get(text) ?? memo.set(text, count(text));
 */
export class TextMemo<Value> {
  private young = new Map<string, Entry<Value>>();
  private old = new Map<string, Entry<Value>>();
  private youngChars = 0;
  private readonly generationChars: number;

  /** `maxChars`: characters of keys held at most, both generations together. */
  constructor(maxChars: number) {
    this.generationChars = Math.max(1, Math.floor(maxChars / 2));
  }

  get(text: string): Value | undefined {
    const key = fingerprint(text);
    const entry = this.young.get(key);
    if (entry !== undefined) return entry.text === text ? entry.value : undefined;
    const aged = this.old.get(key);
    if (aged === undefined || aged.text !== text) return undefined;
    this.set(text, aged.value);
    return aged.value;
  }

  set(text: string, value: Value): Value {
    if (text.length > this.generationChars) return value;
    if (this.youngChars + text.length > this.generationChars) {
      this.old = this.young;
      this.young = new Map();
      this.youngChars = 0;
    }
    const key = fingerprint(text);
    this.youngChars += text.length - (this.young.get(key)?.text.length ?? 0);
    this.young.set(key, { text, value });
    return value;
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}

interface Entry<Value> {
  text: string;
  value: Value;
}

function fingerprint(text: string): string {
  if (text.length <= 48) return text;
  const middle = text.length >> 1;
  return `${text.length}:${text.slice(0, 16)}${text.slice(middle - 8, middle + 8)}${text.slice(-16)}`;
}
