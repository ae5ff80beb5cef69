import type { IncomingMessage, ServerResponse } from "node:http";
import type { ClientApi } from "../core/call-context.js";
import { TokenomyError } from "../core/errors/index.js";
import { readAttribution, readPriceVector } from "./attribution.js";
import { GatewayCallContext } from "./call-context.js";
import { asTokenomyError, sendError, sendJson, type ErrorShape } from "./http/error-response.js";
import { readJsonObject } from "./http/read-json.js";
import { timeOrderedId } from "./request-id.js";
import type { GatewayRuntime } from "./runtime.js";
import { UpstreamCall } from "./upstream/upstream-call.js";

/**
 * One metered call, from the client's bytes to settlement: read and parse the body, identify the
 * caller, attribute the call, run the policies around the upstream call, then hand the record
 * to the batched ledger writer.
 */
export async function handleMeteredCall(runtime: GatewayRuntime, request: IncomingMessage, response: ServerResponse, api: ClientApi): Promise<void> {
  const started = performance.now();
  const startedAt = Date.now();
  const shape: ErrorShape = api === "anthropic-messages" ? "anthropic" : "openai";
  runtime.inFlight += 1;
  let context: GatewayCallContext | undefined;
  let call: UpstreamCall | undefined;
  try {
    const { bytes, body } = await readJsonObject(request, runtime.config.maxBodyBytes);
    const found = runtime.identifier.identify(request.headers);
    const { identity, clientKey } = found instanceof Promise ? await found : found;
    const model = body.model;
    if (typeof model !== "string" || model.length === 0) {
      throw new TokenomyError("invalid_request", "`model` is required and must be a string", { details: { param: "model" } });
    }
    const provider = runtime.routeModel(model);
    const adapter = provider.definition.apis[api];
    if (!adapter) {
      throw new TokenomyError("invalid_request", `model ${model} is served by ${provider.name}, which does not speak this API`, {
        details: { param: "model" },
      });
    }
    // `abort` tells the upstream exchange and the policies' AbortSignal that the client went away.
    // (`close` fires once; `on` spares the wrapper `once` would allocate.)
    response.on("close", () => {
      if (!response.writableFinished) response.emit("abort");
    });
    context = new GatewayCallContext(
      {
        requestId: timeOrderedId(startedAt),
        startedAt,
        api,
        provider,
        adapter,
        model,
        body,
        stream: body.stream === true,
        price: runtime.priceFor(model, provider),
        identity,
        attribution: readAttribution(request.headers),
        priceVector: readPriceVector(request.headers),
        response,
      },
      runtime.countPrompt,
    );
    call = new UpstreamCall(runtime, context, request, response, bytes, clientKey, started, model);
    if (runtime.pipeline) await runtime.pipeline(context, call.run.bind(call));
    else await call.run();
    if (!response.headersSent && !response.destroyed) {
      const answer = context.shortCircuit;
      if (!answer) throw new TokenomyError("internal_error", "a policy stopped the call without an answer");
      sendJson(response, answer.status, answer.body, { ...context.responseHeaders, ...answer.headers, "x-tokenomy-request-id": context.requestId });
    }
  } catch (error) {
    const failure = asTokenomyError(error);
    runtime.metrics.observeGatewayError(failure.code);
    if (failure.code === "internal_error") process.stderr.write(`tokenomy gateway: ${String((failure.cause as Error)?.stack ?? failure.message)}\n`);
    const headers: Record<string, string> = context ? { ...context.responseHeaders, "x-tokenomy-request-id": context.requestId } : {};
    if (failure.code === "body_too_large") headers.connection = "close";
    sendError(response, failure, shape, headers);
  } finally {
    runtime.inFlight -= 1;
    if (context) runtime.settle(context, performance.now() - started - (call?.upstreamMs ?? 0));
  }
}
