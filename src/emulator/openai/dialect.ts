import type { ApiDialect } from "../api-dialect.js";

function errorTypeFor(status: number): { type: string; code: string | null } {
  if (status === 401) return { type: "invalid_request_error", code: "invalid_api_key" };
  if (status === 404) return { type: "invalid_request_error", code: "not_found" };
  if (status === 429) return { type: "requests", code: "rate_limit_exceeded" };
  if (status >= 500) return { type: "server_error", code: null };
  return { type: "invalid_request_error", code: null };
}

/** OpenAI's wire conventions: `{error: {message, type, param, code}}`, `x-request-id`, `x-ratelimit-*`. */
export const openAiDialect: ApiDialect = {
  name: "openai",
  errorBody(status, message, _requestId, param = null) {
    const { type, code } = errorTypeFor(status);
    return { error: { message, type, param, code } };
  },
  responseHeaders(requestId) {
    return { "x-request-id": requestId, "openai-version": "2020-10-01", "openai-processing-ms": "0", "openai-organization": "emulator" };
  },
  rateLimitHeaders(retryAfterSeconds) {
    return {
      "retry-after": String(retryAfterSeconds),
      "x-ratelimit-limit-requests": "500",
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-reset-requests": `${retryAfterSeconds}s`,
      "x-ratelimit-limit-tokens": "30000",
      "x-ratelimit-remaining-tokens": "0",
      "x-ratelimit-reset-tokens": `${retryAfterSeconds}s`,
    };
  },
};
