import { describe, expect, it } from "vitest";
import { formatUsd } from "../../core/money.js";
import { costUsdText } from "./cost-headers.js";

describe("cost header text", () => {
  it("writes picodollars as exact USD without trailing zeros", () => {
    expect(costUsdText(undefined)).toBe("unpriced");
    expect(costUsdText(0)).toBe("0");
    expect(costUsdText(1)).toBe("0.000000000001");
    expect(costUsdText(12_345_000)).toBe("0.000012345");
    expect(costUsdText(1_000_000_000_000)).toBe("1");
    expect(costUsdText(9_007_199_254_740_991)).toBe("9007.199254740991");
    for (const pico of [7, 150_000_000, 2_500_000_000_001, 40_000_000_000_000]) {
      expect(Number(costUsdText(pico))).toBe(Number(formatUsd(pico, 12)));
    }
  });
});
