import { open } from "node:fs/promises";

const CHUNK_BYTES = 1024 * 1024;
/** Longest element kept; longer ones are skipped as `entry_too_long`, never buffered whole. */
export const MAX_ELEMENT_BYTES = 64 * 1024 * 1024;

export type ArrayElement = { text: string } | { problem: "entry_too_long" | "truncated_entry" };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Streams the object elements of a top-level JSON array (`[{...}, {...}]`) as text, in bounded
 * memory, without parsing the whole document. Each element is parsed by the caller, so one bad
 * element costs only itself. An element cut off by the end of the file is reported as
 * `truncated_entry`.
 *
 * @example
 * for await (const element of jsonArrayElements("spend-logs.json")) if ("text" in element) JSON.parse(element.text);
 */
export async function* jsonArrayElements(path: string, onProgress?: (bytesRead: number) => void): AsyncGenerator<ArrayElement> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let depth = 0;
    let inString = false;
    let escaped = false;
    let pieces: Buffer[] = [];
    let pieceBytes = 0;
    let collecting = false;
    let tooLong = false;
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      let start = collecting ? 0 : -1;
      for (let index = 0; index < bytesRead; index++) {
        const byte = buffer[index]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
          depth++;
          if (depth === 2 && byte === OPEN_BRACE) {
            collecting = true;
            tooLong = false;
            start = index;
          }
        } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          depth--;
          if (depth === 1 && collecting) {
            collecting = false;
            const piece = buffer.subarray(start, index + 1);
            if (tooLong || pieceBytes + piece.length > MAX_ELEMENT_BYTES) yield { problem: "entry_too_long" };
            else yield { text: Buffer.concat([...pieces, piece]).toString("utf8") };
            pieces = [];
            pieceBytes = 0;
            start = -1;
          }
        }
      }
      if (collecting && start >= 0) {
        const rest = bytesRead - start;
        if (tooLong || pieceBytes + rest > MAX_ELEMENT_BYTES) {
          tooLong = true;
          pieces = [];
          pieceBytes = 0;
        } else {
          pieces.push(Buffer.from(buffer.subarray(start, bytesRead)));
          pieceBytes += rest;
        }
      }
      onProgress?.(total);
    }
    if (collecting) yield { problem: "truncated_entry" };
  } finally {
    await handle.close();
  }
}
