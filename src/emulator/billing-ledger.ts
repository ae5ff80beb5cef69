/**
 * Token totals the emulator billed, named like tokenomy's normalized `Usage` (src/core/usage.ts)
 * so a gateway ledger compares field by field: the prompt is split into disjoint parts
 * (`inputNoCache + cacheRead + cacheWrite5m + cacheWrite1h` is the whole prompt) and `output`
 * includes `reasoning`.
 */
export interface BilledUsage {
  requests: number;
  inputNoCache: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  output: number;
  reasoning: number;
}

export interface BilledModel extends BilledUsage {
  /** The API that served the model: "openai" (chat completions, responses) or "anthropic". */
  provider: "openai" | "anthropic";
}

/** What `GET /emulator/billed` serves. */
export interface BilledReport {
  /** Sum over every model. */
  totals: BilledUsage;
  /** Completed responses only: what a client saw in full, usage included. */
  models: Record<string, BilledModel>;
  /**
   * Responses that never completed, by kind (`cut`, `malformed`, `aborted`): the usage generated
   * up to the point the client stopped receiving. Kept apart because a client could not see it all.
   */
  partial: Record<string, BilledUsage>;
  /** Injected error responses by kind (`429`, `500`, `529`, `timeout`): never billed. */
  faults: Record<string, number>;
}

export type UsageCharge = Omit<BilledUsage, "requests">;

function emptyUsage(): BilledUsage {
  return { requests: 0, inputNoCache: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, output: 0, reasoning: 0 };
}

function add(target: BilledUsage, charge: UsageCharge): void {
  target.requests += 1;
  target.inputNoCache += charge.inputNoCache;
  target.cacheRead += charge.cacheRead;
  target.cacheWrite5m += charge.cacheWrite5m;
  target.cacheWrite1h += charge.cacheWrite1h;
  target.output += charge.output;
  target.reasoning += charge.reasoning;
}

/** The emulator's invoice: exact integer totals, per model and overall. */
export class BillingLedger {
  private models: Record<string, BilledModel> = {};
  private totals = emptyUsage();
  private partial: Record<string, BilledUsage> = {};
  private faults: Record<string, number> = {};

  charge(provider: "openai" | "anthropic", model: string, charge: UsageCharge): void {
    const entry = (this.models[model] ??= { provider, ...emptyUsage() });
    entry.provider = provider;
    add(entry, charge);
    add(this.totals, charge);
  }

  chargePartial(kind: string, charge: UsageCharge): void {
    add((this.partial[kind] ??= emptyUsage()), charge);
  }

  countFault(kind: string): void {
    this.faults[kind] = (this.faults[kind] ?? 0) + 1;
  }

  report(): BilledReport {
    return structuredClone({ totals: this.totals, models: this.models, partial: this.partial, faults: this.faults });
  }

  reset(): void {
    this.models = {};
    this.totals = emptyUsage();
    this.partial = {};
    this.faults = {};
  }
}
