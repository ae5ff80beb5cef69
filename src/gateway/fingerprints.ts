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

  constructor(private readonly countText: TextCounter, private readonly maxEntries = 5_000) {}

  fingerprint(systemText: string | undefined, tools: unknown, model: string): Fingerprints | undefined {
    if (systemText === undefined && tools === undefined) return undefined;
    const fingerprints: Fingerprints = {};
    if (systemText !== undefined && systemText.length > 0) {
      fingerprints.systemHash = this.hash(systemText);
      fingerprints.systemTokens = this.size(fingerprints.systemHash, systemText, model);
    }
    if (Array.isArray(tools) && tools.length > 0) {
      const text = JSON.stringify(tools);
      fingerprints.toolsHash = this.hash(text);
      fingerprints.toolsTokens = this.size(fingerprints.toolsHash, text, model);
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

/** First 16 hex digits of SHA-256: enough to tell prompts apart in diagnosis. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** The tool list of a request, where each API keeps it. */
export function toolsOf(_api: ClientApi, body: Record<string, unknown>): unknown {
  return body.tools;
}
