import { z } from "zod";
import { definePolicyFactory } from "../policy-factory.js";
import { rateLimit } from "./rate-limit-policy.js";

const perMinute = z
  .object({ requestsPerMinute: z.number().int().positive().optional(), tokensPerMinute: z.number().int().positive().optional() })
  .strict();

const options = z
  .object({
    perKey: perMinute.optional(),
    perTenant: perMinute.optional(),
    /** By model name; `*` for every other model. */
    perModel: z.record(z.string(), perMinute).optional(),
  })
  .strict();

/** `policies: [{ name: rate-limit, options: { perKey: { requestsPerMinute: 600 } } }]`. */
export const rateLimitFactory = definePolicyFactory({
  options,
  create(config, services) {
    return rateLimit({
      counters: services.counters,
      ...(config.perKey ? { perKey: config.perKey } : {}),
      ...(config.perTenant ? { perTenant: config.perTenant } : {}),
      ...(config.perModel ? { perModel: config.perModel } : {}),
    });
  },
});
