import { describe, expect, it } from "vitest";
import * as tokenomy from "../src/index.js";

describe("public API", () => {
  it("exposes each face for programmatic use", () => {
    for (const name of ["startGateway", "startEmulator", "createPriceBook", "createRunController", "readLogs", "openLedger", "openCounters", "countTokens", "allocate", "costOf"]) {
      expect(typeof (tokenomy as Record<string, unknown>)[name], name).toBe("function");
    }
  });

  it("prices a call end to end through the shipped catalog", () => {
    const price = tokenomy.createPriceBook().lookup("claude-sonnet-4-5-20250929");
    expect(price).toBeDefined();
    // $3 / $15 per million below 200k prompt tokens; the whole request at $6 / $22.50 above.
    expect(tokenomy.formatUsd(tokenomy.costOf({ inputNoCache: 100_000, output: 100_000 }, price!).total, 2)).toBe("1.80");
    expect(tokenomy.formatUsd(tokenomy.costOf({ inputNoCache: 1_000_000, output: 1_000_000 }, price!).total, 2)).toBe("28.50");
  });
});
