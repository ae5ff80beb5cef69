import { definePolicyFactory } from "../policy-factory.js";
import { loopGuardConfigSchema } from "./loop-guard-config.js";
import { loopGuard } from "./loop-guard-policy.js";

/** `policies: [{ name: loop-guard, options: { toolErrorRepeat: { threshold: 3, action: stop } } }]`; defaults in loop-guard-config.ts. */
export const loopGuardFactory = definePolicyFactory({
  options: loopGuardConfigSchema,
  create(config, services) {
    return loopGuard({ ...config, counters: services.counters, lineage: services.guard.lineage });
  },
});
