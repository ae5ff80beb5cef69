import type { CallRecord } from "../../core/call-record.js";
import { priceUsage, type PriceBook } from "../../core/pricing.js";
import { fromOtelAttributes } from "../../providers/otel/convert-usage.js";
import type { OtlpSpan } from "./otlp-spans.js";

export const OTEL_SOURCE = "otel";
const UNKNOWN_MODEL = "unknown";

function firstText(attributes: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = attributes[name];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
    if (typeof value === "number") return String(value);
  }
  return undefined;
}

/**
 * The call record of a GenAI span that reports usage, or `undefined` for a span without usage.
 * Current attribute names first, then older ones (`gen_ai.system`, `gen_ai.usage.prompt_tokens`).
 * The trace is the run, the span the hop, its parent span the parent hop.
 *
 * @example
 * spanRecord(span, prices)?.usage // { inputNoCache, cacheRead, output, ... }
 */
export function spanRecord(span: OtlpSpan, prices: PriceBook): CallRecord | undefined {
  const attributes = span.attributes;
  const usage = fromOtelAttributes(attributes);
  if (usage.inputNoCache === undefined && usage.output === undefined && usage.cacheRead === undefined && usage.cacheWrite5m === undefined) {
    return undefined;
  }
  const requested = firstText(attributes, ["gen_ai.request.model"]);
  const served = firstText(attributes, ["gen_ai.response.model"]);
  const model = requested ?? served ?? UNKNOWN_MODEL;
  const provider = firstText(attributes, ["gen_ai.provider.name", "gen_ai.system"]);
  const record: CallRecord = {
    id: `${OTEL_SOURCE}:${span.traceId}:${span.spanId}`,
    timestamp: Number((span.startNanos ?? 0n) / 1_000_000n),
    source: OTEL_SOURCE,
    model,
    usage,
    runId: span.traceId,
    hopId: span.spanId,
    status: span.statusCode === 2 ? "error" : "ok",
  };
  const costPico = priceUsage(prices, served ?? model, provider, usage, record.timestamp);
  if (costPico !== undefined) record.costPico = costPico;
  if (served && served !== model) record.servedModel = served;
  if (provider) record.provider = provider;
  if (span.parentSpanId) record.parentHopId = span.parentSpanId;
  if (span.startNanos !== undefined && span.endNanos !== undefined && span.endNanos >= span.startNanos) {
    record.latencyMs = Number((span.endNanos - span.startNanos) / 1_000_000n);
  }
  const optional: [keyof CallRecord, string | undefined][] = [
    ["responseId", firstText(attributes, ["gen_ai.response.id"])],
    ["sessionId", firstText(attributes, ["gen_ai.conversation.id", "session.id"])],
    ["agentId", firstText(attributes, ["gen_ai.agent.id"])],
    ["agentName", firstText(attributes, ["gen_ai.agent.name"])],
    ["userId", firstText(attributes, ["user.id", "enduser.id"])],
    ["project", firstText(span.resource, ["service.name"])],
    ["errorClass", firstText(attributes, ["error.type"])],
  ];
  for (const [field, value] of optional) if (value !== undefined) (record as unknown as Record<string, unknown>)[field] = value;
  const finishReasons = attributes["gen_ai.response.finish_reasons"];
  const stopReason = Array.isArray(finishReasons) ? finishReasons.find((reason) => typeof reason === "string") : finishReasons;
  if (typeof stopReason === "string") record.stopReason = stopReason;
  const tags: Record<string, string> = {};
  const operation = firstText(attributes, ["gen_ai.operation.name"]);
  if (operation) tags.operation = operation;
  if (span.name) tags.spanName = span.name;
  if (Object.keys(tags).length > 0) record.tags = tags;
  return record;
}
