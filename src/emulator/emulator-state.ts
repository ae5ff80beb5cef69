import { AnthropicPromptCache } from "./anthropic/prompt-cache.js";
import { BillingLedger } from "./billing-ledger.js";
import type { FaultKind } from "./faults.js";
import { OpenAiPromptCache } from "./openai/prompt-cache.js";

export interface LatencyModel {
  /** Delay before the first token (and before a non-stream body), in milliseconds. */
  timeToFirstTokenMs: number;
  /** Generation speed after the first token; 0 means instantaneous. */
  tokensPerSecond: number;
}

export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Seed of every answer: same seed and request, same answer. Default 0. */
  seed?: number;
  /** Latency model; zero by default (tests, benchmarks). */
  latency?: Partial<LatencyModel>;
  /** Clock in epoch milliseconds, for prompt-cache TTLs and `created` fields. Default `Date.now`. */
  now?: () => number;
  /** Probability per generation request of each injected fault, drawn from the seed. */
  faultRates?: Partial<Record<FaultKind, number>>;
  /** `retry-after` sent with injected 429 and 529 responses, in seconds. Default 1. */
  retryAfterSeconds?: number;
  /** Largest request body accepted, in bytes. Default 32 MiB (Anthropic's request limit). */
  maxBodyBytes?: number;
}

/** Everything a request handler needs, shared by one emulator instance. */
export interface EmulatorState {
  seed: number;
  now: () => number;
  latency: LatencyModel;
  faultRates: Partial<Record<FaultKind, number>>;
  retryAfterSeconds: number;
  maxBodyBytes: number;
  ledger: BillingLedger;
  anthropicCache: AnthropicPromptCache;
  openAiCache: OpenAiPromptCache;
  /** Requests seen, to make ids unique and fault draws deterministic. */
  sequence: number;
  /** `count=N` faults: how many times each (fault, request) pair has fired. */
  faultCounts: Map<string, number>;
}

export function createEmulatorState(options: EmulatorOptions): EmulatorState {
  const now = options.now ?? Date.now;
  return {
    seed: options.seed ?? 0,
    now,
    latency: { timeToFirstTokenMs: options.latency?.timeToFirstTokenMs ?? 0, tokensPerSecond: options.latency?.tokensPerSecond ?? 0 },
    faultRates: options.faultRates ?? {},
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    maxBodyBytes: options.maxBodyBytes ?? 32 * 1024 * 1024,
    ledger: new BillingLedger(),
    anthropicCache: new AnthropicPromptCache(now),
    openAiCache: new OpenAiPromptCache(now),
    sequence: 0,
    faultCounts: new Map(),
  };
}

/** Forgets billing, caches and fault counters (POST /emulator/reset). */
export function resetEmulatorState(state: EmulatorState): void {
  state.ledger.reset();
  state.anthropicCache.clear();
  state.openAiCache.clear();
  state.faultCounts.clear();
}
