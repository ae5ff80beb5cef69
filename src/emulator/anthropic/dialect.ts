import type { ApiDialect } from "../api-dialect.js";

/** Anthropic's error types by HTTP status (API errors page). */
function errorTypeFor(status: number): string {
  switch (status) {
    case 400:
      return "invalid_request_error";
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    case 529:
      return "overloaded_error";
    default:
      return status >= 500 ? "api_error" : "invalid_request_error";
  }
}

/** Anthropic's wire conventions: `{type: "error", error: {type, message}, request_id}`, `request-id`, `anthropic-ratelimit-*`. */
export const anthropicDialect: ApiDialect = {
  name: "anthropic",
  errorBody(status, message, requestId) {
    return { type: "error", error: { type: errorTypeFor(status), message }, request_id: requestId };
  },
  responseHeaders(requestId) {
    return { "request-id": requestId, "anthropic-organization-id": "00000000-0000-4000-8000-000000000000" };
  },
  rateLimitHeaders(retryAfterSeconds, nowMs) {
    const reset = new Date(nowMs + retryAfterSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const headers: Record<string, string> = { "retry-after": String(retryAfterSeconds) };
    for (const kind of ["requests", "tokens", "input-tokens", "output-tokens"]) {
      headers[`anthropic-ratelimit-${kind}-limit`] = kind === "requests" ? "50" : "40000";
      headers[`anthropic-ratelimit-${kind}-remaining`] = "0";
      headers[`anthropic-ratelimit-${kind}-reset`] = reset;
    }
    return headers;
  },
};
