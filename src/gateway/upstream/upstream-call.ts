import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallRecord, CallStatus } from "../../core/call-record.js";
import { TokenomyError } from "../../core/errors/index.js";
import { emptyFacts, type ApiAdapter, type ResponseFacts, type StreamMeter } from "../../providers/response-facts.js";
import { parseJsonOrUndefined } from "../../providers/sse-splitter.js";
import type { GatewayCallContext } from "../call-context.js";
import type { ResolvedProvider } from "../config/resolve.js";
import { downstreamHeaders, upstreamHeaders } from "../http/forward-headers.js";
import type { GatewayRuntime } from "../runtime.js";
import { buildRecord, type Outcome } from "../settle.js";
import { addCostHeaders, costComment, costHeaderNames, costHeaders } from "./cost-headers.js";
import { estimateMissingUsage, usageEstimatedTag } from "./estimate-usage.js";
import { waitForDrain } from "./response-io.js";
import { isAbort, upstreamFailure } from "./upstream-error.js";
import { UpstreamExchange } from "./upstream-exchange.js";

const streamTrailer = costHeaderNames.join(", ");
const maxUpstreamBodyBytes = 256 * 1024 * 1024;

/**
 * The last step of the pipeline: sends the call upstream, streams or copies the answer back while
 * metering it, and sets `context.record` before the policies see settlement.
 */
export class UpstreamCall {
  /** Time spent waiting on the upstream, for the overhead metric. */
  upstreamMs = 0;
  private ttftMs: number | undefined;

  constructor(
    private readonly runtime: GatewayRuntime,
    private readonly context: GatewayCallContext,
    private readonly request: IncomingMessage,
    private readonly response: ServerResponse,
    private readonly bytes: Buffer,
    private readonly clientKey: string | undefined,
    private readonly started: number,
    private readonly requestedModel: string,
  ) {}

  /** A method, not an arrow-function field: the pipeline's terminal closure is made only when policies run. */
  async run(): Promise<void> {
    const { context, runtime } = this;
    if (context.shortCircuit) return;
    let provider = context.resolvedProvider;
    let adapter = context.adapter;
    const body = context.untrackedBody;
    let changed = context.bodyTouched;
    if (context.model !== this.requestedModel) {
      provider = runtime.routeModel(context.model);
      adapter = provider.definition.apis[context.api] ?? unsupportedApi(provider, context.api);
      context.provider = provider.name;
      context.price = runtime.priceFor(context.model, provider);
      body.model = context.model;
      changed = true;
    }
    let hideUsage = false;
    if (context.stream) {
      const prepared = adapter.prepareStream(body);
      hideUsage = prepared.hideUsage;
      changed ||= prepared.changed;
    }
    const upstreamStart = performance.now();
    const answer = new UpstreamExchange(this.response);
    runtime.upstreams.poolFor(provider).dispatch(
      {
        path: runtime.upstreams.basePath(provider) + adapter.upstreamPath,
        method: "POST",
        headers: this.headersFor(provider),
        body: changed ? JSON.stringify(body) : this.bytes,
      },
      answer,
    );
    try {
      await answer.head;
    } catch (error) {
      this.upstreamMs = performance.now() - upstreamStart;
      if (isAbort(error)) {
        this.settle("cut", emptyFacts(), "client_closed");
        return;
      }
      const failure = upstreamFailure(error, provider.name);
      this.settle("error", emptyFacts(), failure.errorClass);
      throw failure.error;
    }
    const contentType = answer.headers["content-type"];
    if (answer.statusCode < 300 && typeof contentType === "string" && contentType.includes("text/event-stream")) {
      await this.forwardStream(answer, adapter, hideUsage, upstreamStart);
    } else {
      await this.forwardWhole(answer, adapter, upstreamStart);
    }
  }

  private headersFor(provider: ResolvedProvider): Record<string, string> {
    const definition = provider.definition;
    const key = provider.apiKey ?? this.clientKey;
    const value = key === undefined ? undefined : definition.keyHeader === "authorization" ? `Bearer ${key}` : key;
    return upstreamHeaders(this.request.headers, definition.keyHeader, value, definition.defaultHeaders);
  }

  private async forwardWhole(answer: UpstreamExchange, adapter: ApiAdapter, upstreamStart: number): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = await answer.readAll(maxUpstreamBodyBytes);
    } catch (error) {
      this.upstreamMs = performance.now() - upstreamStart;
      if (isAbort(error)) {
        this.settle("cut", emptyFacts(), "client_closed");
        return;
      }
      this.settle("error", emptyFacts(), "upstream_cut", answer.statusCode < 400 ? null : undefined);
      throw new TokenomyError("upstream_bad_response", `provider ${this.context.provider} broke off its answer`, { cause: error });
    }
    this.upstreamMs = performance.now() - upstreamStart;
    const status = answer.statusCode;
    let facts = emptyFacts();
    let outcome: CallStatus = "ok";
    let errorClass: string | undefined;
    if (status >= 400) {
      outcome = "error";
      errorClass = `http_${status}`;
    } else {
      const parsed = parseJsonOrUndefined(bytes.toString("utf8"));
      if (parsed === undefined || typeof parsed !== "object") {
        outcome = "error";
        errorClass = "upstream_bad_response";
      } else {
        facts = adapter.readResponse(parsed);
        this.context.response = { status, body: parsed };
      }
    }
    const record = this.settle(outcome, facts, errorClass);
    const headers = downstreamHeaders(answer.headers);
    for (const name in this.context.responseHeaders) headers[name] = this.context.responseHeaders[name]!;
    addCostHeaders(headers, record);
    headers["x-tokenomy-request-id"] = this.context.requestId;
    headers["content-length"] = String(bytes.length);
    this.response.writeHead(status, headers);
    this.response.end(bytes);
  }

  private async forwardStream(answer: UpstreamExchange, adapter: ApiAdapter, hideUsage: boolean, upstreamStart: number): Promise<void> {
    const { response } = this;
    const meter = adapter.createStreamMeter({ hideUsage });
    const headers = downstreamHeaders(answer.headers);
    for (const name in this.context.responseHeaders) headers[name] = this.context.responseHeaders[name]!;
    headers["x-tokenomy-request-id"] = this.context.requestId;
    headers.trailer = streamTrailer;
    response.writeHead(answer.statusCode, headers);
    let cutBy: string | undefined;
    try {
      await answer.forEachChunk((chunk) => {
        this.ttftMs ??= performance.now() - this.started;
        const out = meter.push(chunk);
        if (out.length > 0 && !response.write(out)) {
          // Wait for the client; if it went away meanwhile, stop reading the upstream.
          void waitForDrain(response).then(() => (response.destroyed ? answer.abort() : answer.resume()));
          return false;
        }
        if (!response.destroyed) return true;
        answer.abort();
        return false;
      });
    } catch (error) {
      cutBy = isAbort(error) || response.destroyed ? "client_closed" : "upstream_cut";
    }
    this.upstreamMs = performance.now() - upstreamStart;
    const rest = meter.finish();
    const facts = meter.facts;
    let status: CallStatus = "ok";
    let errorClass: string | undefined;
    if (cutBy !== undefined || !meter.complete) {
      status = "cut";
      errorClass = cutBy ?? "stream_cut";
    } else if (facts.streamError !== undefined) {
      status = "error";
      errorClass = facts.streamError;
    }
    // An error event before anything was generated is not billed; after it, the call is metered like a cut.
    const partial = status === "cut" || (status === "error" && (facts.usageReported || meter.receivedOutputTokens((text) => text.length) > 0));
    const record = this.settle(status, facts, errorClass, partial ? meter : undefined);
    if (cutBy !== undefined) {
      // Mirror an upstream cut to the client so its SDK sees a broken stream, not a short one.
      if (!response.destroyed) response.destroy();
      return;
    }
    if (rest.length > 0) response.write(rest);
    if (this.runtime.config.streamCostComment) response.write(costComment(record));
    response.addTrailers(costHeaders(record));
    response.end();
  }

  /**
   * Builds the record. `estimateFrom` is given when the upstream accepted the call but did not
   * finish it: a stream's meter, or null for a whole body broken off (only the prompt is known).
   */
  private settle(status: CallStatus, facts: ResponseFacts, errorClass: string | undefined, estimateFrom?: StreamMeter | null): CallRecord {
    let estimatedParts: string | undefined;
    if (estimateFrom !== undefined) {
      const estimate = estimateMissingUsage(facts.usage, estimateFrom ?? undefined, this.context, this.runtime.services.countText);
      if (estimate) {
        facts = { ...facts, usage: estimate.usage };
        estimatedParts = estimate.parts;
      }
    }
    const outcome: Outcome = { requestedModel: this.requestedModel, status, facts, latencyMs: performance.now() - this.started };
    if (errorClass !== undefined) outcome.errorClass = errorClass;
    if (this.ttftMs !== undefined) outcome.ttftMs = this.ttftMs;
    const record = buildRecord(this.context, outcome);
    if (estimatedParts !== undefined) record.tags = { ...record.tags, [usageEstimatedTag]: estimatedParts };
    this.context.record = record;
    return record;
  }
}

function unsupportedApi(provider: ResolvedProvider, api: string): never {
  throw new TokenomyError("invalid_request", `provider ${provider.name} (${provider.kind}) does not serve the ${api} API`, { details: { param: "model" } });
}
