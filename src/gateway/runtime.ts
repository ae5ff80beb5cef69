import type { CallContext } from "../core/call-context.js";
import { TokenomyError } from "../core/errors/index.js";
import type { CounterStore } from "../core/counters.js";
import type { LedgerStore } from "../core/ledger.js";
import { compose, type Next, type Policy } from "../core/pipeline.js";
import type { ModelPrice, PriceBook } from "../core/pricing.js";
import type { GuardState } from "../policies/shared/guard-services.js";
import type { GatewayCallContext, PromptCounter } from "./call-context.js";
import type { ResolvedGatewayConfig, ResolvedProvider } from "./config/resolve.js";
import { FingerprintCache, toolsOf, type TextCounter } from "./fingerprints.js";
import { Identifier } from "./identify.js";
import { LedgerWriter, type LedgerSink } from "./ledger-writer.js";
import { GatewayMetrics } from "./metrics.js";
import { defaultPromptCounter } from "./services.js";
import { UpstreamPools } from "./upstream/pools.js";

export interface GatewayServices {
  ledger: LedgerStore;
  /** Where ledger batches are written when not in process (a worker thread). */
  sink?: LedgerSink & { close(): Promise<void> };
  prices: PriceBook;
  /** Counter store and guard state of the guard policies, for the budget admin routes. */
  counters?: CounterStore;
  guard?: GuardState;
  countText: TextCounter;
  /** Prompt counter for `promptTokens`; default: the tokenizer's request estimate. */
  countPrompt?: PromptCounter;
}

/** Everything one gateway process shares across calls. */
export class GatewayRuntime {
  readonly upstreams: UpstreamPools;
  readonly identifier: Identifier;
  readonly writer: LedgerWriter;
  readonly metrics = new GatewayMetrics();
  readonly fingerprints: FingerprintCache;
  readonly pipeline: ((context: CallContext, terminal: Next) => Promise<void>) | undefined;
  readonly countPrompt: PromptCounter;
  inFlight = 0;
  private readonly routeCache = new Map<string, ResolvedProvider | null>();
  /** By provider (an OpenAI-compatible provider is priced under its own name), then model. */
  private readonly priceCache = new Map<ResolvedProvider, Map<string, ModelPrice | null>>();

  constructor(
    readonly config: ResolvedGatewayConfig,
    readonly services: GatewayServices,
    policies: readonly Policy<CallContext>[],
  ) {
    this.upstreams = new UpstreamPools(config.providers.values());
    this.identifier = new Identifier(services.ledger, config.adminKey !== undefined, config.keyCacheTtlMs);
    this.writer = new LedgerWriter(services.sink ?? services.ledger, {
      flushIntervalMs: config.flushIntervalMs,
      maxBatchRecords: config.maxBatchRecords,
      // In process, the SQLite store blocks the thread: keep each transaction short.
      sliceRecords: services.sink ? config.maxBatchRecords : Math.min(32, config.maxBatchRecords),
      onError: (error) => process.stderr.write(`tokenomy gateway: ledger write failed, will retry: ${(error as Error).message}\n`),
    });
    this.fingerprints = new FingerprintCache(services.countText);
    this.pipeline = policies.length > 0 ? compose(policies) : undefined;
    this.countPrompt = services.countPrompt ?? defaultPromptCounter;
  }

  /** The provider serving a model: configured routes first, then each provider's defaults. */
  routeModel(model: string): ResolvedProvider {
    let provider = this.routeCache.get(model);
    if (provider === undefined) {
      const route = this.config.modelRoutes.find((candidate) => candidate.pattern.test(model));
      provider = route ? this.config.providers.get(route.provider)! : null;
      if (this.routeCache.size > 10_000) this.routeCache.clear();
      this.routeCache.set(model, provider);
    }
    if (provider === null) {
      throw new TokenomyError("unknown_model", `no provider is configured for model ${JSON.stringify(model)}`, { details: { param: "model" } });
    }
    return provider;
  }

  priceFor(model: string, provider: ResolvedProvider): ModelPrice | undefined {
    let byModel = this.priceCache.get(provider);
    if (!byModel) this.priceCache.set(provider, (byModel = new Map()));
    let price = byModel.get(model);
    if (price === undefined) {
      price = this.services.prices.lookup(model, provider.kind === "openai-compatible" ? provider.name : provider.kind) ?? null;
      if (byModel.size > 10_000) byModel.clear();
      byModel.set(model, price);
    }
    return price ?? undefined;
  }

  /** Settlement off the response path: fingerprints, metrics, then the batched ledger write. */
  settle(context: GatewayCallContext, overheadMs: number): void {
    const record = context.record;
    if (!record) {
      if (context.events.length > 0) this.writer.writeEvents(context.events);
      return;
    }
    const body = context.untrackedBody;
    try {
      const fingerprints = this.fingerprints.fingerprint(context.adapter.systemText(body), toolsOf(context.api, body), context.model);
      if (fingerprints) record.fingerprints = fingerprints;
    } catch {
      // A prompt the tokenizer cannot read must not lose the record.
    }
    this.metrics.observeCall(record, overheadMs);
    this.writer.write(record, context.events);
  }

  async close(): Promise<void> {
    this.identifier.stop();
    await this.writer.close();
    await this.services.sink?.close();
    await this.upstreams.close();
  }
}
