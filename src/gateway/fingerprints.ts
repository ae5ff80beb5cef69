import { createHash } from "node:crypto";
import type { ClientApi } from "../core/call-context.js";
import type { Fingerprints } from "../core/call-record.js";

export type TextCounter = (text: string, model: string) => number;

/**
 * Hashes and token sizes of a request's system prompt and tool list. Agents resend the same
 * system prompt and tools on every call, so sizes are cached by hash: each distinct prompt is
 * counted once. Runs at settlement, after the client has its answer.
 */
export class FingerprintCache {
  private readonly tokens = new Map<string, number>();
  /** Recent texts to their hash: agents resend the same prompt, so most calls skip hashing. */
  private readonly hashes = new Map<string, string>();
  /**
   * Recent tool lists by their names: a list equal to the one kept reuses its hash without being
   * serialized again (serializing and hashing 30 tools costs ~80 µs a call; comparing, a few).
   */
  private readonly toolLists = new Map<string, { tools: unknown[]; hash: string }>();

  constructor(private readonly countText: TextCounter, private readonly maxEntries = 5_000) {}

  fingerprint(systemText: string | undefined, tools: unknown, model: string): Fingerprints | undefined {
    if (systemText === undefined && tools === undefined) return undefined;
    const fingerprints: Fingerprints = {};
    if (systemText !== undefined && systemText.length > 0) {
      fingerprints.systemHash = this.hash(systemText);
      fingerprints.systemTokens = this.size(fingerprints.systemHash, systemText, model);
    }
    if (Array.isArray(tools) && tools.length > 0) {
      const key = toolNames(tools);
      const known = this.toolLists.get(key);
      if (known && sameJson(known.tools, tools) && this.tokens.has(known.hash)) {
        fingerprints.toolsHash = known.hash;
        fingerprints.toolsTokens = this.tokens.get(known.hash)!;
      } else {
        const text = JSON.stringify(tools);
        fingerprints.toolsHash = this.hash(text);
        fingerprints.toolsTokens = this.size(fingerprints.toolsHash, text, model);
        if (this.toolLists.size >= 1_000) this.toolLists.clear();
        this.toolLists.set(key, { tools, hash: fingerprints.toolsHash });
      }
    }
    return fingerprints;
  }

  private hash(text: string): string {
    let hash = this.hashes.get(text);
    if (hash === undefined) {
      hash = shortHash(text);
      if (this.hashes.size >= 1_000) this.hashes.clear();
      if (text.length <= 200_000) this.hashes.set(text, hash);
    }
    return hash;
  }

  private size(hash: string, text: string, model: string): number {
    let count = this.tokens.get(hash);
    if (count === undefined) {
      count = this.countText(text, model);
      if (this.tokens.size >= this.maxEntries) this.tokens.clear();
      this.tokens.set(hash, count);
    }
    return count;
  }
}

/** Names of the tools in order (OpenAI Chat keeps them under `function`), a cheap lookup key. */
function toolNames(tools: unknown[]): string {
  let key = "";
  for (const tool of tools) {
    const record = tool as { name?: unknown; function?: { name?: unknown } } | null;
    key += `${String(record?.name ?? record?.function?.name ?? "")}\u0000`;
  }
  return key;
}

/** True when two parsed JSON values serialize to the same text (same keys in the same order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) if (!sameJson(a[index], b[index])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let index = 0; index < keysA.length; index++) {
    const key = keysA[index]!;
    if (key !== keysB[index] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** First 16 hex digits of SHA-256: enough to tell prompts apart in diagnosis. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** The tool list of a request, where each API keeps it. */
export function toolsOf(_api: ClientApi, body: Record<string, unknown>): unknown {
  return body.tools;
}
