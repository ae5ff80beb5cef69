import type { CallRecord, CallStatus } from "../core/call-record.js";
import { costOf } from "../core/pricing.js";
import type { ResponseFacts } from "../providers/response-facts.js";
import type { GatewayCallContext } from "./call-context.js";

export interface Outcome {
  /** Model the client asked for (a routing policy may have changed `context.model`). */
  requestedModel: string;
  status: CallStatus;
  facts: ResponseFacts;
  errorClass?: string;
  latencyMs: number;
  ttftMs?: number;
}

/**
 * The ledger record of a finished call. Cost comes from the reported usage and the catalog
 * price; an unpriced model keeps `costPico` undefined (never $0). Fingerprints are added later,
 * off the response path.
 */
export function buildRecord(context: GatewayCallContext, outcome: Outcome): CallRecord {
  const { facts } = outcome;
  const record: CallRecord = {
    id: context.requestId,
    timestamp: context.startedAt,
    source: "gateway",
    provider: context.provider,
    model: outcome.requestedModel,
    requestId: context.requestId,
    usage: facts.usage,
    latencyMs: outcome.latencyMs,
    status: outcome.status,
  };
  if (context.price) record.costPico = costOf(facts.usage, context.price).total;
  if (facts.servedModel !== undefined) record.servedModel = facts.servedModel;
  if (facts.responseId !== undefined) record.responseId = facts.responseId;
  if (facts.stopReason !== undefined) record.stopReason = facts.stopReason;
  if (facts.toolNames.length > 0) record.toolNames = facts.toolNames;
  if (outcome.ttftMs !== undefined) record.ttftMs = outcome.ttftMs;
  if (outcome.errorClass !== undefined) record.errorClass = outcome.errorClass;
  const { identity, attribution, priceVector } = context;
  if (identity.tenantId !== undefined) record.tenantId = identity.tenantId;
  if (identity.userId !== undefined) record.userId = identity.userId;
  if (identity.keyId !== undefined) record.keyId = identity.keyId;
  if (identity.metadata !== undefined) record.tags = { ...identity.metadata };
  if (attribution.runId !== undefined) record.runId = attribution.runId;
  if (attribution.sessionId !== undefined) record.sessionId = attribution.sessionId;
  if (attribution.hopId !== undefined) record.hopId = attribution.hopId;
  if (attribution.parentHopId !== undefined) record.parentHopId = attribution.parentHopId;
  if (attribution.agentName !== undefined) {
    record.agentName = attribution.agentName;
    record.agentKind = attribution.parentHopId !== undefined ? "subagent" : "main";
  }
  if (attribution.traceId !== undefined) record.tags = { ...record.tags, traceId: attribution.traceId };
  if (priceVector.valueUsd !== undefined || priceVector.latencyUsdPerSecond !== undefined || priceVector.riskUsd !== undefined) {
    record.decision = { vector: { ...priceVector }, options: [], chosen: context.model };
  }
  return record;
}
