import type { IncomingMessage, ServerResponse } from "node:http";
import { TokenomyError } from "../../core/errors/index.js";

/** The two error body shapes clients understand. */
export type ErrorShape = "openai" | "anthropic";

/** Anthropic's shape for `/v1/messages` and for clients that announce an Anthropic version; OpenAI's otherwise. */
export function errorShapeFor(request: IncomingMessage): ErrorShape {
  const url = request.url ?? "";
  if (url.startsWith("/v1/messages") || request.headers["anthropic-version"] !== undefined) return "anthropic";
  return "openai";
}

const anthropicTypes: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  529: "overloaded_error",
};

const openaiTypes: Record<number, string> = {
  401: "authentication_error",
  402: "insufficient_quota",
  403: "permission_error",
  429: "rate_limit_error",
};

/**
 * The body of a gateway error in the caller's API shape. Both carry the stable `code`; the
 * Anthropic shape gains `error.code`, a field the SDK ignores.
 *
 * @example
 * errorBody(new TokenomyError("unknown_model", "no provider serves gpt-9"), "openai")
 * // { error: { message: "no provider serves gpt-9", type: "invalid_request_error", param: null, code: "unknown_model" } }
 */
export function errorBody(error: TokenomyError, shape: ErrorShape): unknown {
  const status = error.spec.status;
  if (shape === "anthropic") {
    const type = anthropicTypes[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
    return { type: "error", error: { type, message: error.message, code: error.code, ...detailsOf(error) } };
  }
  const type = openaiTypes[status] ?? (status >= 500 ? "server_error" : "invalid_request_error");
  const param = typeof error.details?.param === "string" ? error.details.param : null;
  return { error: { message: error.message, type, param, code: error.code, ...detailsOf(error) } };
}

function detailsOf(error: TokenomyError): Record<string, unknown> {
  if (!error.details) return {};
  const { param: _param, ...rest } = error.details;
  return Object.keys(rest).length > 0 ? { details: rest } : {};
}

/** Turns anything thrown into a TokenomyError (unexpected ones become `internal_error`). */
export function asTokenomyError(error: unknown): TokenomyError {
  if (TokenomyError.isInstance(error)) return error;
  return new TokenomyError("internal_error", "the gateway failed to handle the request", { cause: error });
}

/** Sends an error in the caller's shape, unless the response has already started. */
export function sendError(response: ServerResponse, error: TokenomyError, shape: ErrorShape, extraHeaders?: Record<string, string>): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const payload = JSON.stringify(errorBody(error, shape));
  response.writeHead(error.spec.status, {
    ...extraHeaders,
    ...error.headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    "x-tokenomy-error-code": error.code,
  });
  response.end(payload);
}

/** Sends a JSON body. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
  response.end(payload);
}
