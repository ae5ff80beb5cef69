import type { PolicyFactory } from "./policy-factory.js";
import { priceDefaults } from "./price-defaults/price-defaults.js";
import { budgetFactory } from "./budget/budget-factory.js";
import { rateLimitFactory } from "./rate-limit/rate-limit-factory.js";
import { loopGuardFactory } from "./loop-guard/loop-guard-factory.js";

export type { PolicyFactory, PolicyServices } from "./policy-factory.js";

/**
 * Every gateway policy, by the name the config uses, one line each. Adding a policy is a folder
 * `src/policies/<name>/` and one line here; a name without a factory fails to compile. Policies
 * run in the order the config lists them.
 */
export const policyNames = ["price-defaults", "budget", "rate-limit", "loop-guard"] as const;
export type PolicyName = (typeof policyNames)[number];

export const policyFactories = {
  "price-defaults": priceDefaults,
  budget: budgetFactory,
  "rate-limit": rateLimitFactory,
  "loop-guard": loopGuardFactory,
} satisfies Record<PolicyName, PolicyFactory>;
