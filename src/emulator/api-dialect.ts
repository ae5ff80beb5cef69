import type { OutgoingHttpHeaders } from "node:http";

/**
 * What differs between the two wire dialects besides the bodies: error shape, request-id and
 * rate-limit headers. Routes under /v1/messages speak Anthropic; everything else speaks OpenAI.
 */
export interface ApiDialect {
  name: "openai" | "anthropic";
  /** Error body for a status, in the dialect's documented shape. */
  errorBody(status: number, message: string, requestId: string, param?: string | null): unknown;
  /** Headers every response carries (request id and the like). */
  responseHeaders(requestId: string): OutgoingHttpHeaders;
  /** Headers of a 429: `retry-after` plus the dialect's rate-limit headers. */
  rateLimitHeaders(retryAfterSeconds: number, nowMs: number): OutgoingHttpHeaders;
}
