import { z } from "zod";
import { definePolicyFactory } from "../policy-factory.js";
import { guardServices } from "../shared/guard-services.js";
import { loopGuardConfigSchema } from "./loop-guard-config.js";
import { loopGuard } from "./loop-guard-policy.js";

const options = loopGuardConfigSchema.extend({ counters: z.string().optional() }).strict();

/** `policies: [{ name: loop-guard, options: { toolErrorRepeat: { threshold: 3, action: stop } } }]`; defaults in loop-guard-config.ts. */
export const loopGuardFactory = definePolicyFactory({
  options,
  async create(config, services) {
    const { counters: url, ...rules } = config;
    const guard = await guardServices(services.ledger, url);
    services.onClose(() => guard.close());
    return loopGuard({ ...rules, counters: guard.counters, lineage: guard.lineage });
  },
});
