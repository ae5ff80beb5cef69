import { errorSpec, type ErrorCode, type ErrorSpec } from "./codes.js";

const marker = Symbol.for("tokenomy.error");

/**
 * The one error class. Expected failures carry a code from the closed set; faces map the code to
 * an HTTP status and an API-shaped body.
 *
 * @example
 * throw new TokenomyError("budget_exceeded", "run r1 has $0.02 left", { details: { scope: "run" } });
 */
export class TokenomyError extends Error {
  readonly [marker] = true;
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  /** Extra response headers (for example `retry-after`). */
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TokenomyError";
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }

  get spec(): ErrorSpec {
    return errorSpec(this.code);
  }

  /** True for a TokenomyError from any copy of the package. */
  static isInstance(value: unknown): value is TokenomyError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}
