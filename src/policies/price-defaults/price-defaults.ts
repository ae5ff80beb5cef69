import { z } from "zod";
import type { CallContext } from "../../core/call-context.js";
import { definePolicy } from "../../core/pipeline.js";
import { definePolicyFactory } from "../policy-factory.js";

const options = z
  .object({
    valueUsd: z.number().nonnegative().optional(),
    latencyUsdPerSecond: z.number().nonnegative().optional(),
    riskUsd: z.number().nonnegative().optional(),
  })
  .strict();

/**
 * Fills the price vector (value, latency price, risk price) with defaults where the caller sent
 * no `x-tokenomy-*` header, so every record carries the vector the one equation needs.
 *
 * @example
 * policies: [{ name: price-defaults, options: { valueUsd: 0.5, latencyUsdPerSecond: 0.001 } }]
 */
export const priceDefaults = definePolicyFactory({
  options,
  create(defaults) {
    return definePolicy<CallContext>("price-defaults", (context, next) => {
      const vector = context.priceVector;
      if (vector.valueUsd === undefined && defaults.valueUsd !== undefined) vector.valueUsd = defaults.valueUsd;
      if (vector.latencyUsdPerSecond === undefined && defaults.latencyUsdPerSecond !== undefined) {
        vector.latencyUsdPerSecond = defaults.latencyUsdPerSecond;
      }
      if (vector.riskUsd === undefined && defaults.riskUsd !== undefined) vector.riskUsd = defaults.riskUsd;
      return next();
    });
  },
});
