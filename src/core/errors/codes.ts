/**
 * The closed set of error codes, split by area. Adding a code means adding it to one area here;
 * `errorSpec` then fails to compile until the code has a status, retryability and log level.
 */
export const requestErrorCodes = [
  "invalid_json",
  "invalid_request",
  "unsupported_media_type",
  "body_too_large",
  "unknown_route",
  "unknown_model",
  "method_not_allowed",
] as const;

export const authErrorCodes = ["missing_key", "invalid_key", "revoked_key", "forbidden"] as const;

export const guardErrorCodes = [
  "budget_exceeded",
  "rate_limited",
  "loop_detected",
  "prompt_too_large",
  "unpriced_model",
] as const;

export const upstreamErrorCodes = [
  "upstream_error",
  "upstream_timeout",
  "upstream_unreachable",
  "upstream_bad_response",
  "stream_cut",
] as const;

export const internalErrorCodes = ["internal_error", "config_invalid", "store_unavailable", "shutting_down"] as const;

export type ErrorCode =
  | (typeof requestErrorCodes)[number]
  | (typeof authErrorCodes)[number]
  | (typeof guardErrorCodes)[number]
  | (typeof upstreamErrorCodes)[number]
  | (typeof internalErrorCodes)[number];

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface ErrorSpec {
  /** HTTP status sent to the client. */
  status: number;
  /** Whether the same request may succeed if retried unchanged. */
  retryable: boolean;
  level: LogLevel;
}

/**
 * `budget_exceeded` is 402: the official OpenAI and Anthropic SDKs retry 408, 409, 429 and 5xx,
 * so a refused budget must not be one of those or the client would hammer it.
 */
export function errorSpec(code: ErrorCode): ErrorSpec {
  switch (code) {
    case "invalid_json":
    case "invalid_request":
      return { status: 400, retryable: false, level: "info" };
    case "unsupported_media_type":
      return { status: 415, retryable: false, level: "info" };
    case "body_too_large":
    case "prompt_too_large":
      return { status: 413, retryable: false, level: "info" };
    case "unknown_route":
      return { status: 404, retryable: false, level: "info" };
    case "unknown_model":
      return { status: 404, retryable: false, level: "info" };
    case "method_not_allowed":
      return { status: 405, retryable: false, level: "info" };
    case "missing_key":
    case "invalid_key":
    case "revoked_key":
      return { status: 401, retryable: false, level: "info" };
    case "forbidden":
      return { status: 403, retryable: false, level: "info" };
    case "budget_exceeded":
      return { status: 402, retryable: false, level: "warn" };
    case "unpriced_model":
      return { status: 422, retryable: false, level: "warn" };
    case "rate_limited":
      return { status: 429, retryable: true, level: "info" };
    case "loop_detected":
      return { status: 422, retryable: false, level: "warn" };
    case "upstream_error":
      return { status: 502, retryable: true, level: "warn" };
    case "upstream_timeout":
      return { status: 504, retryable: true, level: "warn" };
    case "upstream_unreachable":
      return { status: 502, retryable: true, level: "error" };
    case "upstream_bad_response":
      return { status: 502, retryable: true, level: "error" };
    case "stream_cut":
      return { status: 502, retryable: true, level: "warn" };
    case "internal_error":
    case "store_unavailable":
      return { status: 500, retryable: true, level: "error" };
    case "config_invalid":
      return { status: 500, retryable: false, level: "error" };
    case "shutting_down":
      return { status: 503, retryable: true, level: "info" };
  }
}
