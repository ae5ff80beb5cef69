// Searched without its opening quote: a needle that starts with `"`, the most common byte of
// JSON, searches markedly slower. The quote is checked by hand.
const TYPE_KEY = Buffer.from('type":"');
const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
/** Record types Claude Code writes that never carry a top-level `message.usage`. */
const TYPES_WITHOUT_USAGE = ["user", "progress", "system", "summary", "file-history-snapshot", "queue-operation"].map((type) =>
  Buffer.from(`${type}"`),
);
/** The top-level `type` sits among the first flat keys; look no further than this. */
const HEAD_BYTES = 4096;

/**
 * Decides from raw bytes, without decoding the line, that a Claude Code line cannot hold usage:
 * its top-level `type` is one that never does (user turns, progress, snapshots...). Those lines
 * are most of a transcript's bytes (tool results, sub-agent progress).
 *
 * The `"type":"` found is provably the top-level key: an unescaped `"type":"` cannot occur inside
 * a JSON string, and no `{` or `[` precedes it, so it sits at depth one. Anything less certain (a
 * nested object first, a line not ending in `}`, an unknown type) returns `undefined` and the
 * line is parsed in full, so a truncated or invalid line is still reported as such.
 *
 * @example
 * classifyClaudeLine(Buffer.from('{"type":"user","message":{}}'), 0, 28) // "no_usage"
 */
export function classifyClaudeLine(bytes: Buffer, start: number, end: number): string | undefined {
  if (bytes[end - 1] !== CLOSE_BRACE) return undefined;
  // Searches run on the whole chunk and are checked against the line's bounds: the type key is
  // near the start of nearly every line, and so is the line's first brace or bracket, so each
  // stays short; a view per line would cost more.
  const headEnd = Math.min(end, start + HEAD_BYTES);
  let at = bytes.indexOf(TYPE_KEY, start);
  while (at !== -1 && at < headEnd && bytes[at - 1] !== QUOTE) at = bytes.indexOf(TYPE_KEY, at + 1);
  if (at === -1 || at >= headEnd) return undefined;
  // Forward searches: a backward one for a bracket the line lacks would run on into earlier lines.
  if (before(bytes.indexOf(OPEN_BRACE, start + 1), at) || before(bytes.indexOf(OPEN_BRACKET, start), at)) return undefined;
  const valueStart = at + TYPE_KEY.length;
  for (const type of TYPES_WITHOUT_USAGE) if (startsWith(bytes, valueStart, end, type)) return "no_usage";
  return undefined;
}

function before(found: number, limit: number): boolean {
  return found !== -1 && found < limit;
}

// A plain loop: Buffer#compare validates its arguments on every call, which costs more than
// comparing the few bytes of a type name.
function startsWith(bytes: Buffer, at: number, end: number, prefix: Buffer): boolean {
  if (at + prefix.length > end) return false;
  for (let index = 0; index < prefix.length; index++) if (bytes[at + index] !== prefix[index]) return false;
  return true;
}
