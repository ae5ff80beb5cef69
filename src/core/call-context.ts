import type { CallRecord, PriceVector } from "./call-record.js";
import type { LedgerEvent } from "./ledger-event.js";
import type { ModelPrice } from "./pricing.js";

/** Which wire API the client called. */
export type ClientApi = "openai-chat" | "openai-responses" | "anthropic-messages";

/** Who is calling, resolved from the virtual key (or anonymous when keys are not enforced). */
export interface CallIdentity {
  keyId?: string;
  tenantId?: string;
  userId?: string;
  metadata?: Record<string, string>;
}

/** Where in an agent run the call sits, from request headers. */
export interface CallAttribution {
  runId?: string;
  sessionId?: string;
  agentName?: string;
  hopId?: string;
  parentHopId?: string;
  traceId?: string;
}

/** A response a policy produced itself (cache hit, loop guard replay); the upstream is not called. */
export interface ShortCircuit {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * Everything a policy sees about one gateway or SDK call. Policies run before the upstream call
 * (admission) and, after `await next()`, see `record` filled in (settlement).
 */
export interface CallContext {
  requestId: string;
  startedAt: number;
  api: ClientApi;
  /** Provider the call is routed to. */
  provider: string;
  /** Model requested; routing policies may change `model` before the upstream call. */
  model: string;
  /** Parsed request body as the upstream will receive it; policies may edit it (e.g. inject max_tokens). */
  body: Record<string, unknown>;
  stream: boolean;
  /** Prompt tokens counted locally before the call. */
  promptTokens: number;
  /** `max_tokens` (or equivalent) after policies ran; undefined when the client sent none. */
  maxOutputTokens: number | undefined;
  price: ModelPrice | undefined;
  identity: CallIdentity;
  attribution: CallAttribution;
  priceVector: PriceVector;
  /** Headers to add to the client's response. */
  responseHeaders: Record<string, string>;
  /** Guard and cache events to write to the ledger with the record. */
  events: LedgerEvent[];
  /** Set by a policy to answer without calling upstream. */
  shortCircuit?: ShortCircuit;
  /** Filled by the upstream step: the metered record of the call (status `cut` or `error` on failure). */
  record?: CallRecord;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /**
   * The upstream's parsed JSON answer of a non-streamed call, when the upstream step keeps it
   * (for policies that replay answers, such as the loop guard's exact-repeat cache).
   */
  response?: { status: number; body: unknown };
}
