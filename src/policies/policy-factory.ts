import type { z } from "zod";
import type { CallContext } from "../core/call-context.js";
import type { CounterStore } from "../core/counters.js";
import type { LedgerStore } from "../core/ledger.js";
import type { Policy } from "../core/pipeline.js";
import type { PriceBook } from "../core/pricing.js";
import type { GuardState } from "./shared/guard-services.js";

/** What a policy may use besides the call context: the stores and catalogs the gateway opened. */
export interface PolicyServices {
  ledger: LedgerStore;
  prices: PriceBook;
  /** The gateway's counter store (`counters` in the config, `--counters`), opened once and closed by the gateway. */
  counters: CounterStore;
  /** Budget cache and hop lineage shared by the guard policies and the admin API. */
  guard: GuardState;
  /** Registers work to run when the gateway shuts down (close counters, flush state). */
  onClose(hook: () => Promise<void> | void): void;
}

/**
 * Makes a policy from its validated config options. `options` is the strict schema of the
 * `options` object in the config's `policies` list.
 */
export interface PolicyFactory<Schema extends z.ZodType = z.ZodType> {
  readonly options: Schema;
  create(options: z.infer<Schema>, services: PolicyServices): Policy<CallContext> | Promise<Policy<CallContext>>;
}

/** Types a factory while keeping its schema's type. */
export function definePolicyFactory<Schema extends z.ZodType>(factory: PolicyFactory<Schema>): PolicyFactory<Schema> {
  return factory;
}
