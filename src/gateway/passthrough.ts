import type { IncomingMessage, ServerResponse } from "node:http";
import { TokenomyError } from "../core/errors/index.js";
import type { ResolvedProvider } from "./config/resolve.js";
import { asTokenomyError, errorShapeFor, sendError } from "./http/error-response.js";
import { downstreamHeaders, upstreamHeaders } from "./http/forward-headers.js";
import { readJsonObject } from "./http/read-json.js";
import type { GatewayRuntime } from "./runtime.js";
import { upstreamFailure } from "./upstream/upstream-error.js";

/**
 * Unmetered calls forwarded as they are: the model list and Anthropic token counting (free).
 * They still need a valid key when keys are enforced.
 */
export async function handlePassthrough(runtime: GatewayRuntime, request: IncomingMessage, response: ServerResponse, kind: "models" | "count-tokens"): Promise<void> {
  const shape = errorShapeFor(request);
  try {
    const found = runtime.identifier.identify(request.headers);
    const { clientKey } = found instanceof Promise ? await found : found;
    let provider: ResolvedProvider;
    let path: string | undefined;
    let payload: Buffer | undefined;
    if (kind === "count-tokens") {
      const { bytes, body } = await readJsonObject(request, runtime.config.maxBodyBytes);
      if (typeof body.model !== "string") throw new TokenomyError("invalid_request", "`model` is required", { details: { param: "model" } });
      provider = runtime.routeModel(body.model);
      path = provider.definition.countTokensPath;
      payload = bytes;
    } else {
      const wanted = shape === "anthropic" ? "anthropic" : "openai";
      provider = [...runtime.config.providers.values()].find((candidate) => candidate.kind === wanted)!;
      path = provider.definition.modelsPath;
    }
    if (!provider || path === undefined) throw new TokenomyError("unknown_route", `provider ${provider?.name} has no such endpoint`);
    const key = provider.apiKey ?? clientKey;
    const keyValue = key === undefined ? undefined : provider.definition.keyHeader === "authorization" ? `Bearer ${key}` : key;
    const headers = upstreamHeaders(request.headers, provider.definition.keyHeader, keyValue, provider.definition.defaultHeaders);
    let answer;
    try {
      answer = await runtime.upstreams.poolFor(provider).request({
        path: runtime.upstreams.basePath(provider) + path,
        method: payload ? "POST" : "GET",
        headers,
        ...(payload ? { body: payload } : {}),
      });
    } catch (error) {
      throw upstreamFailure(error, provider.name).error;
    }
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    const out = downstreamHeaders(answer.headers);
    out["content-length"] = String(bytes.length);
    response.writeHead(answer.statusCode, out);
    response.end(bytes);
  } catch (error) {
    const failure = asTokenomyError(error);
    runtime.metrics.observeGatewayError(failure.code);
    sendError(response, failure, shape);
  }
}
