import { describe, expect, it } from "vitest";
import { authErrorCodes, errorSpec, guardErrorCodes, internalErrorCodes, requestErrorCodes, upstreamErrorCodes } from "./codes.js";
import { TokenomyError } from "./tokenomy-error.js";

const allCodes = [...requestErrorCodes, ...authErrorCodes, ...guardErrorCodes, ...upstreamErrorCodes, ...internalErrorCodes];

describe("errors", () => {
  it("gives every code a status, and no code twice", () => {
    expect(new Set(allCodes).size).toBe(allCodes.length);
    for (const code of allCodes) expect(errorSpec(code).status).toBeGreaterThanOrEqual(400);
  });

  it("never answers a budget refusal with a status the official SDKs retry", () => {
    const retriedBySdks = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;
    expect(retriedBySdks(errorSpec("budget_exceeded").status)).toBe(false);
    expect(retriedBySdks(errorSpec("loop_detected").status)).toBe(false);
    expect(errorSpec("rate_limited").status).toBe(429);
  });

  it("recognises its own instances by marker", () => {
    const error = new TokenomyError("unknown_model", "no such model", { details: { model: "x" } });
    expect(TokenomyError.isInstance(error)).toBe(true);
    expect(TokenomyError.isInstance(new Error("plain"))).toBe(false);
    expect(TokenomyError.isInstance({ code: "unknown_model" })).toBe(false);
    expect(error.spec.status).toBe(404);
  });
});
