import { describe, expect, it } from "vitest";
import { allocate, scoreOption } from "./allocate.js";

const small = { id: "small", quality: 0.8, costUsd: 0.001, latencySeconds: 1, risk: 0.01 };
const large = { id: "large", quality: 0.9, costUsd: 0.02, latencySeconds: 3, risk: 0.005 };

describe("allocate", () => {
  it("scores V*dQ - dC - lambda*dL - rho*dR", () => {
    expect(scoreOption(large, { valueUsd: 1, latencyUsdPerSecond: 0.01, riskUsd: 2 })).toBeCloseTo(0.9 - 0.02 - 0.03 - 0.01, 12);
  });

  it("buys quality when the task is worth it and saves when it is not", () => {
    expect(allocate([small, large], { valueUsd: 1, latencyUsdPerSecond: 0, riskUsd: 0 }).chosen.id).toBe("large");
    expect(allocate([small, large], { valueUsd: 0.1, latencyUsdPerSecond: 0, riskUsd: 0 }).chosen.id).toBe("small");
  });

  it("lets latency and risk prices change the choice", () => {
    expect(allocate([small, large], { valueUsd: 1, latencyUsdPerSecond: 0.1, riskUsd: 0 }).chosen.id).toBe("small");
    expect(allocate([small, large], { valueUsd: 0.2, latencyUsdPerSecond: 0, riskUsd: 10 }).chosen.id).toBe("large");
  });

  it("breaks ties toward the first option and refuses an empty list", () => {
    expect(allocate([small, { ...small, id: "twin" }], { valueUsd: 1, latencyUsdPerSecond: 0, riskUsd: 0 }).chosen.id).toBe("small");
    expect(() => allocate([], { valueUsd: 1, latencyUsdPerSecond: 0, riskUsd: 0 })).toThrow(RangeError);
  });
});
