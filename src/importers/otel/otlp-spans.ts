import { readRecord } from "../../providers/read-usage-fields.js";

/** One span of an OTLP JSON export, with its attributes flattened to plain values. */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name?: string;
  startNanos?: bigint;
  endNanos?: bigint;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export type SpanOrProblem = OtlpSpan | { problem: string };

/**
 * The spans of one OTLP JSON document (`ExportTraceServiceRequest`: `resourceSpans` →
 * `scopeSpans` (older exporters: `instrumentationLibrarySpans`) → `spans`). A span without a
 * trace or span id is reported as a problem rather than dropped.
 *
 * @example
 * for (const span of otlpSpans(JSON.parse(text))) if (!("problem" in span)) console.log(span.name);
 */
export function* otlpSpans(document: unknown): Generator<SpanOrProblem> {
  const resourceSpans = readRecord(document)?.resourceSpans;
  if (!Array.isArray(resourceSpans)) return;
  for (const resourceSpan of resourceSpans) {
    const resource = flattenAttributes(readRecord(readRecord(resourceSpan)?.resource)?.attributes);
    const scopes = readRecord(resourceSpan)?.scopeSpans ?? readRecord(resourceSpan)?.instrumentationLibrarySpans;
    if (!Array.isArray(scopes)) continue;
    for (const scope of scopes) {
      const spans = readRecord(scope)?.spans;
      if (!Array.isArray(spans)) continue;
      for (const raw of spans) yield toSpan(raw, resource);
    }
  }
}

/** True when a parsed document looks like an OTLP trace export. */
export function isOtlpTraceDocument(document: unknown): boolean {
  return Array.isArray(readRecord(document)?.resourceSpans);
}

function toSpan(raw: unknown, resource: Record<string, unknown>): SpanOrProblem {
  const span = readRecord(raw);
  if (!span) return { problem: "invalid_span" };
  const traceId = identifier(span.traceId);
  const spanId = identifier(span.spanId);
  if (!traceId || !spanId) return { problem: "missing_span_id" };
  const result: OtlpSpan = {
    traceId,
    spanId,
    statusCode: statusCode(readRecord(span.status)?.code),
    attributes: flattenAttributes(span.attributes),
    resource,
  };
  const parentSpanId = identifier(span.parentSpanId);
  if (parentSpanId) result.parentSpanId = parentSpanId;
  if (typeof span.name === "string") result.name = span.name;
  const start = nanos(span.startTimeUnixNano);
  if (start !== undefined) result.startNanos = start;
  const end = nanos(span.endTimeUnixNano);
  if (end !== undefined) result.endNanos = end;
  return result;
}

/** `[{ key, value: AnyValue }]` to `{ key: plain value }`. */
export function flattenAttributes(attributes: unknown): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  if (!Array.isArray(attributes)) return flat;
  for (const attribute of attributes) {
    const entry = readRecord(attribute);
    if (typeof entry?.key !== "string") continue;
    flat[entry.key] = anyValue(entry.value);
  }
  return flat;
}

function anyValue(value: unknown): unknown {
  const record = readRecord(value);
  if (!record) return value;
  if ("stringValue" in record) return record.stringValue;
  if ("intValue" in record) return typeof record.intValue === "string" ? Number(record.intValue) : record.intValue;
  if ("doubleValue" in record) return Number(record.doubleValue);
  if ("boolValue" in record) return record.boolValue;
  const array = readRecord(record.arrayValue)?.values;
  if (Array.isArray(array)) return array.map(anyValue);
  const list = readRecord(record.kvlistValue)?.values;
  if (Array.isArray(list)) return flattenAttributes(list);
  return undefined;
}

function identifier(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" && !/^0+$/.test(value) ? value : undefined;
}

function nanos(value: unknown): bigint | undefined {
  if (typeof value === "string" && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return BigInt(Math.trunc(value));
  return undefined;
}

function statusCode(code: unknown): number {
  if (typeof code === "number") return code;
  if (code === "STATUS_CODE_ERROR") return 2;
  if (code === "STATUS_CODE_OK") return 1;
  return 0;
}
