import type { CallRecord } from "../../core/call-record.js";
import { usdToPico } from "../../core/money.js";
import { priceUsage, type PriceBook } from "../../core/pricing.js";
import { readRecord } from "../../providers/read-usage-fields.js";
import { spendLogUsage } from "./spend-log-usage.js";

export const LITELLM_SOURCE = "litellm";
const UNKNOWN_MODEL = "unknown";

/**
 * One `LiteLLM_SpendLogs` row (schema.prisma) as a call record, or the reason it cannot be one.
 * `spend` is what LiteLLM charged (kept as the reported cost); the cost is recomputed from the
 * catalog for `model` with `custom_llm_provider`. Rows come from JSON (values typed, `metadata` an
 * object) or CSV (every value a string, `metadata` a JSON string); both are accepted.
 *
 * @example
 * spendLogRecord({ request_id: "chatcmpl-1", model: "gpt-4o", startTime: "2025-06-01T12:00:00Z", prompt_tokens: 10, completion_tokens: 2, spend: 0.00005 }, prices);
 */
export function spendLogRecord(row: Record<string, unknown>, prices: PriceBook): CallRecord | { skip: string } {
  const requestId = text(row.request_id);
  if (!requestId) return { skip: "missing_request_id" };
  const start = timestamp(row.startTime ?? row.start_time);
  if (start === undefined) return { skip: "missing_timestamp" };
  const metadata = readMetadata(row.metadata);
  if (metadata === null) return { skip: "invalid_metadata" };
  const usage = spendLogUsage(row, metadata);
  if (usage.inputNoCache === undefined && usage.output === undefined) return { skip: "no_usage" };
  const model = text(row.model) ?? text(row.model_group) ?? UNKNOWN_MODEL;
  const provider = text(row.custom_llm_provider);
  const record: CallRecord = {
    id: `${LITELLM_SOURCE}:${requestId}`,
    timestamp: start,
    source: LITELLM_SOURCE,
    model,
    requestId,
    usage,
    status: isFailure(row.status) ? "error" : "ok",
  };
  const costPico = priceUsage(prices, model, provider, usage, record.timestamp);
  if (costPico !== undefined) record.costPico = costPico;
  const spend = reportedSpend(row.spend);
  if (spend !== undefined) record.reportedCostPico = spend;
  if (provider) record.provider = provider;
  const end = timestamp(row.endTime ?? row.end_time);
  if (end !== undefined && end >= start) record.latencyMs = end - start;
  const firstToken = timestamp(row.completionStartTime);
  if (firstToken !== undefined && firstToken >= start) record.ttftMs = firstToken - start;
  const fields: [keyof CallRecord, unknown][] = [
    ["keyId", row.api_key],
    ["userId", row.user ?? metadata?.user_api_key_user_id],
    ["tenantId", row.team_id ?? metadata?.user_api_key_team_id],
    ["sessionId", row.session_id],
    ["agentId", row.agent_id],
    ["project", metadata?.project_id],
  ];
  for (const [field, value] of fields) {
    const present = text(value);
    if (present) (record as unknown as Record<string, unknown>)[field] = present;
  }
  const tags: Record<string, string> = {};
  for (const [tag, value] of [
    ["callType", row.call_type],
    ["modelGroup", row.model_group],
    ["endUser", row.end_user],
    ["organizationId", row.organization_id],
    ["cacheHit", row.cache_hit],
  ] as const) {
    const present = text(value);
    if (present) tags[tag] = present;
  }
  if (Object.keys(tags).length > 0) record.tags = tags;
  if (tags.cacheHit === "True" || tags.cacheHit === "true") record.cacheOutcome = "hit-exact";
  return record;
}

/** `metadata` as an object; `undefined` when absent, `null` when present but not JSON. */
function readMetadata(value: unknown): Record<string, unknown> | undefined | null {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") return readRecord(value) ?? null;
  try {
    return readRecord(JSON.parse(value)) ?? null;
  } catch {
    return null;
  }
}

function reportedSpend(value: unknown): number | undefined {
  if (typeof value !== "number" && typeof value !== "string") return undefined;
  const amount = typeof value === "string" && /e/i.test(value) ? Number(value) : value;
  if (typeof amount === "number" && (!Number.isFinite(amount) || amount < 0)) return undefined;
  try {
    const pico = usdToPico(amount);
    return pico >= 0n && pico <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(pico) : undefined;
  } catch {
    return undefined;
  }
}

/** ISO time, or PostgreSQL's `YYYY-MM-DD HH:MM:SS[.ffffff]` without zone, which LiteLLM writes in UTC. */
export function timestamp(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value > 1e12 ? value : value * 1000;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  let iso = value.trim().replace(" ", "T");
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) iso += "Z";
  else if (/[+-]\d{2}$/.test(iso)) iso += ":00";
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

function isFailure(status: unknown): boolean {
  return typeof status === "string" && /^(failure|failed|error)$/i.test(status.trim());
}

function text(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
