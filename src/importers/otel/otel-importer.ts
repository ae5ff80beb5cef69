import type { CallRecord } from "../../core/call-record.js";
import type { ImportContext, Importer } from "../../core/importer.js";
import { FilesProgress } from "../shared/files-progress.js";
import { discoverFiles, readHead } from "../shared/list-files.js";
import { otlpSpans } from "./otlp-spans.js";
import { readDocuments } from "./read-documents.js";
import { OTEL_SOURCE, spanRecord } from "./span-record.js";

const MAX_ANCESTRY = 256;
/** An OTLP trace export opens with its only key. */
const OTLP_HEAD = /^\s*\{\s*"resourceSpans"\s*:/;

/**
 * OpenTelemetry GenAI spans exported as OTLP JSON (one document, or JSONL of documents). Only
 * spans that report usage become records. A span whose descendants also report usage (an agent
 * span summing its model calls) is counted as `aggregate_span`, so each token is counted once.
 *
 * Entries counted in the stats are spans; an unreadable document counts as one entry.
 *
 * @example
 * const files = await otelImporter.discover("traces/");
 * for await (const record of otelImporter.read(files, { prices, stats })) console.log(record.runId, record.hopId);
 */
export const otelImporter: Importer = {
  id: OTEL_SOURCE,
  label: "OpenTelemetry GenAI spans (OTLP JSON)",
  discover: (path) => discoverFiles(path, (name) => /\.(json|jsonl|ndjson)$/i.test(name), async (file) => OTLP_HEAD.test(await readHead(file, 256))),
  read: readSpanFiles,
};

async function* readSpanFiles(files: readonly string[], context: ImportContext): AsyncGenerator<CallRecord> {
  const { stats } = context;
  // Spans of one trace may arrive in several documents or files: decide aggregates at the end.
  const records = new Map<string, CallRecord>();
  const parents = new Map<string, string>();
  const progress = new FilesProgress(context.onProgress);
  for (const file of files) {
    stats.files++;
    for await (const document of readDocuments(file, progress.report)) {
      if ("problem" in document) {
        stats.linesRead++;
        stats.skip(document.problem);
        continue;
      }
      let spans = 0;
      for (const span of otlpSpans(document.value)) {
        spans++;
        stats.linesRead++;
        if ("problem" in span) {
          stats.skip(span.problem);
          continue;
        }
        const key = `${span.traceId}:${span.spanId}`;
        if (span.parentSpanId) parents.set(key, `${span.traceId}:${span.parentSpanId}`);
        const record = spanRecord(span, context.prices);
        if (!record) stats.skip("no_usage");
        else if (span.startNanos === undefined) stats.skip("missing_timestamp");
        else if (records.has(key)) stats.skip("duplicate");
        else records.set(key, record);
      }
      if (spans === 0) {
        stats.linesRead++;
        stats.skip("no_spans");
      }
    }
    progress.fileDone();
  }
  const aggregates = aggregateSpans(records, parents);
  for (const [key, record] of records) {
    if (aggregates.has(key)) {
      stats.skip("aggregate_span");
      continue;
    }
    stats.linesUsed++;
    yield record;
  }
}

/** Spans with usage that have a descendant with usage. */
function aggregateSpans(records: Map<string, CallRecord>, parents: Map<string, string>): Set<string> {
  const aggregates = new Set<string>();
  for (const key of records.keys()) {
    let ancestor = parents.get(key);
    for (let depth = 0; ancestor !== undefined && depth < MAX_ANCESTRY; depth++) {
      if (records.has(ancestor)) aggregates.add(ancestor);
      ancestor = parents.get(ancestor);
    }
  }
  return aggregates;
}
