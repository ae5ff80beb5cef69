import { createHash } from "node:crypto";
import { TextMemo } from "../../tokenize/index.js";

/**
 * What the loop guard derives from a message text (digest, error look, shell action), kept per
 * text: an agent resends its whole history on every call, so each message is read once while it
 * is remembered. Short texts are recomputed, cheaper than a lookup.
 */
const MEMO_MIN_CHARS = 64;
const MEMO_MAX_CHARS = 4_000_000;
const digests = new TextMemo<string>(MEMO_MAX_CHARS);
const errorLooks = new TextMemo<boolean>(MEMO_MAX_CHARS);
const actions = new TextMemo<string>(MEMO_MAX_CHARS);

/** SHA-256 of a text, 16 base64url characters. */
export function hash(text: string): string {
  if (text.length < MEMO_MIN_CHARS) return digestNow(text);
  return digests.get(text) ?? digests.set(text, digestNow(text));
}

function digestNow(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 16);
}

/**
 * An unambiguous text of a JSON value in which long strings stand as their digest (`#...`), so a
 * request's hash costs a digest of its new messages only, not a serialization of its history.
 *
 * @example
 * canonical([{ role: "user", content: "hi" }]) // '[{"role":"user","content":"hi"}]'
 */
export function canonical(value: unknown): string {
  if (typeof value === "string") return value.length < MEMO_MIN_CHARS ? JSON.stringify(value) : `#${hash(value)}`;
  if (typeof value !== "object" || value === null) return JSON.stringify(value ?? null);
  // Plain loops and concatenation: this runs over every message of every request.
  let text: string;
  if (Array.isArray(value)) {
    text = "[";
    for (let index = 0; index < value.length; index++) text += (index > 0 ? "," : "") + canonical(value[index]);
    return `${text}]`;
  }
  text = "{";
  let first = true;
  for (const key in value) {
    text += `${first ? "" : ","}${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`;
    first = false;
  }
  return `${text}}`;
}

const errorPatterns = [
  /<returncode>\s*[1-9]\d*\s*<\/returncode>/,
  /^\s*(error|exception|fatal)\b/i,
  /Traceback \(most recent call last\)/,
  /\b(command not found|No such file or directory|Permission denied)\b/,
  /"(error|is_error)"\s*:\s*(true|"|\{)/,
];

/** Whether a tool result reads as a failure: a non-zero exit code or an error message. */
export function looksLikeError(text: string): boolean {
  if (text.length < MEMO_MIN_CHARS) return errorPatterns.some((pattern) => pattern.test(text));
  const known = errorLooks.get(text);
  return known ?? errorLooks.set(text, errorPatterns.some((pattern) => pattern.test(text)));
}

const fencedAction = /```(?:bash|sh|shell|console)?[ \t]*\n([\s\S]*?)```/;

/** The first fenced shell block of an assistant message (how text-acting agents act), if any. */
export function shellActionOf(text: string): string | undefined {
  const known = text.length < MEMO_MIN_CHARS ? undefined : actions.get(text);
  const action = known ?? (fencedAction.exec(text)?.[1]?.trim() ?? "");
  if (known === undefined && text.length >= MEMO_MIN_CHARS) actions.set(text, action);
  return action === "" ? undefined : action;
}
