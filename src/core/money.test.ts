import { describe, expect, it } from "vitest";
import { formatUsd, MoneySum, picoToUsdNumber, tokenCost, usdPerMillionToPicoPerToken, usdToPico } from "./money.js";

describe("money", () => {
  it("converts $/Mtok prices to exact picodollars per token", () => {
    expect(usdPerMillionToPicoPerToken(3)).toBe(3_000_000);
    expect(usdPerMillionToPicoPerToken(0.0375)).toBe(37_500);
    expect(usdPerMillionToPicoPerToken(0.3)).toBe(300_000);
    expect(usdPerMillionToPicoPerToken(18.75)).toBe(18_750_000);
  });

  it("refuses a price that is not a whole number of picodollars per token", () => {
    expect(() => usdPerMillionToPicoPerToken(0.0000001)).toThrow(RangeError);
  });

  it("parses USD amounts exactly, including float artefacts and exponents", () => {
    expect(usdToPico("0.1")).toBe(100_000_000_000n);
    expect(usdToPico(0.1 + 0.2)).toBe(300_000_000_000n);
    expect(usdToPico(1e-7)).toBe(100_000n);
    expect(usdToPico("12.5")).toBe(12_500_000_000_000n);
    expect(usdToPico("-0.000001")).toBe(-1_000_000n);
    expect(() => usdToPico("abc")).toThrow(RangeError);
    expect(() => usdToPico(Number.NaN)).toThrow(RangeError);
  });

  it("formats with fixed precision, rounding half up", () => {
    expect(formatUsd(1_234_567_890_123n)).toBe("1.234568");
    expect(formatUsd(0)).toBe("0.000000");
    expect(formatUsd(500_000n, 6)).toBe("0.000001");
    expect(formatUsd(499_999n, 6)).toBe("0.000000");
    expect(formatUsd(-1_500_000_000_000n, 2)).toBe("-1.50");
    expect(picoToUsdNumber(123_456_789_012n)).toBe(0.123456789012);
  });

  it("sums past 2^53 picodollars without losing a unit", () => {
    const sum = new MoneySum();
    for (let index = 0; index < 1000; index++) sum.add(Number.MAX_SAFE_INTEGER);
    sum.add(1);
    expect(sum.value).toBe(BigInt(Number.MAX_SAFE_INTEGER) * 1000n + 1n);
  });

  it("refuses a per-call cost past the exact bound", () => {
    expect(tokenCost(1000, 3_000_000)).toBe(3_000_000_000);
    expect(() => tokenCost(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
  });
});
