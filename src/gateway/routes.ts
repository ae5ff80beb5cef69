import type { IncomingMessage, ServerResponse } from "node:http";
import { handleMeteredCall } from "./metered-call.js";
import { handlePassthrough } from "./passthrough.js";
import type { GatewayRuntime } from "./runtime.js";

export type RouteHandler = (runtime: GatewayRuntime, request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

/** The public API, by path then method. `/admin/*` is served by its own route table. */
export const routes: Record<string, Partial<Record<string, RouteHandler>>> = {
  "/v1/chat/completions": { POST: (runtime, request, response) => handleMeteredCall(runtime, request, response, "openai-chat") },
  "/v1/responses": { POST: (runtime, request, response) => handleMeteredCall(runtime, request, response, "openai-responses") },
  "/v1/messages": { POST: (runtime, request, response) => handleMeteredCall(runtime, request, response, "anthropic-messages") },
  "/v1/messages/count_tokens": { POST: (runtime, request, response) => handlePassthrough(runtime, request, response, "count-tokens") },
  "/v1/models": { GET: (runtime, request, response) => handlePassthrough(runtime, request, response, "models") },
  "/healthz": {
    GET: (runtime, _request, response) => {
      const body = JSON.stringify({ status: "ok", inFlight: runtime.inFlight, ledgerPending: runtime.writer.pending });
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      response.end(body);
    },
  },
  "/metrics": {
    GET: (runtime, _request, response) => {
      const body = runtime.metrics.render({ ledgerPending: runtime.writer.pending, ledgerDropped: runtime.writer.dropped, inFlight: runtime.inFlight });
      response.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8", "content-length": Buffer.byteLength(body) });
      response.end(body);
    },
  },
};
