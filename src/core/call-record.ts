import type { Picodollars } from "./money.js";
import type { Usage } from "./usage.js";

export type CallStatus = "ok" | "error" | "cut";
export type CacheOutcome = "none" | "miss" | "hit-exact" | "hit-semantic";
/** What kind of agent made the call: the main loop, a sub-agent, or an automatic context compaction. */
export type AgentKind = "main" | "subagent" | "compaction";

/** Hashes and token sizes of the stable parts of a prompt, for waste diagnosis. Raw prompts are not stored. */
export interface Fingerprints {
  systemHash?: string;
  systemTokens?: number;
  toolsHash?: string;
  toolsTokens?: number;
  prefixHash?: string;
  prefixTokens?: number;
}

/** The price vector of the one equation, as the caller set it. */
export interface PriceVector {
  valueUsd?: number;
  latencyUsdPerSecond?: number;
  riskUsd?: number;
}

export interface RoutingDecision {
  vector: PriceVector;
  /** Options considered, with their scores. */
  options: { id: string; score: number }[];
  chosen: string;
  /** Filled in later when the outcome is known. */
  expostBest?: string;
}

/**
 * One upstream call (or cache hit, or imported log entry). One row in the ledger.
 * Attribution fields are plain strings here because rows come from logs as well as the gateway.
 */
export interface CallRecord {
  /** Unique and stable: importing the same log twice yields the same ids (idempotent import). */
  id: string;
  /** Epoch milliseconds of the request. */
  timestamp: number;
  /** `gateway`, `sdk`, or the importer id (`claude-code`, `codex`, ...). */
  source: string;
  provider?: string;
  /** Model the client asked for. */
  model: string;
  /** Model the provider says it served. */
  servedModel?: string;

  requestId?: string;
  responseId?: string;
  tenantId?: string;
  userId?: string;
  keyId?: string;
  project?: string;
  sessionId?: string;
  runId?: string;
  /** Id of this hop (one agent step); sub-agent calls name their parent hop. */
  hopId?: string;
  parentHopId?: string;
  /** Id of the agent instance (for Claude Code, the sub-agent file's agent id). */
  agentId?: string;
  /** Name of the agent role (for example "code-reviewer"). */
  agentName?: string;
  agentKind?: AgentKind;

  usage: Usage;
  /** `undefined` means unpriced (unknown model): never shown as $0. */
  costPico?: Picodollars;
  /** Cost the provider itself reported, where it did (OpenRouter `usage.cost`, LiteLLM spend). */
  reportedCostPico?: Picodollars;

  latencyMs?: number;
  ttftMs?: number;
  status: CallStatus;
  errorClass?: string;
  cacheOutcome?: CacheOutcome;
  stopReason?: string;
  fingerprints?: Fingerprints;
  toolNames?: string[];
  decision?: RoutingDecision;
  /** Free-form metadata (virtual key metadata, importer extras). */
  tags?: Record<string, string>;
}
