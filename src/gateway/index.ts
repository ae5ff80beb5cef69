import type { AddressInfo } from "node:net";
import type { CallContext } from "../core/call-context.js";
import type { LedgerStore } from "../core/ledger.js";
import type { Policy } from "../core/pipeline.js";
import type { PriceBook } from "../core/pricing.js";
import { policyFactories, type PolicyServices } from "../policies/registry.js";
import { createGuardState } from "../policies/shared/guard-services.js";
import { loadGatewayConfig, parseGatewayConfig } from "./config/load.js";
import { resolveGatewayConfig, type ConfigOverrides, type ResolvedGatewayConfig } from "./config/resolve.js";
import type { GatewayConfigInput } from "./config/schema.js";
import type { TextCounter } from "./fingerprints.js";
import { GatewayRuntime } from "./runtime.js";
import { createGatewayServer } from "./server.js";
import { defaultTextCounter } from "./services.js";
import { drainAndClose } from "./shutdown.js";
import { startWorkerLedgerSink } from "./worker-ledger-sink.js";

export { parseGatewayConfig, loadGatewayConfig } from "./config/load.js";
export type { GatewayConfigInput } from "./config/schema.js";
export type { GatewayRuntime } from "./runtime.js";

export interface StartGatewayOptions extends ConfigOverrides {
  /** A config object (validated like the YAML file) or the path of a YAML file. */
  config?: GatewayConfigInput | string;
  /** An open ledger to use instead of opening `db`; the caller closes it. */
  ledger?: LedgerStore;
  prices?: PriceBook;
  countText?: TextCounter;
  /** Policies to run after the configured ones (tests, embedding). */
  policies?: Policy<CallContext>[];
  env?: NodeJS.ProcessEnv;
  /** Write a SQLite ledger from a worker thread (default true). */
  ledgerInWorker?: boolean;
  /** How long `close()` waits for in-flight calls before cutting them. Default 30 s. */
  drainTimeoutMs?: number;
}

export interface RunningGateway {
  /** `http://HOST:PORT`: OpenAI clients use `${url}/v1`, Anthropic clients use `url`. */
  url: string;
  port: number;
  config: ResolvedGatewayConfig;
  runtime: GatewayRuntime;
  /** Stops accepting, finishes in-flight calls, flushes the ledger, closes what it opened. */
  close(): Promise<void>;
}

/**
 * Starts the gateway.
 *
 * @example
 * const gateway = await startGateway({ port: 0, db: "/tmp/ledger.db", upstreams: { openai: emulator.url, anthropic: emulator.url } });
 * const openai = new OpenAI({ apiKey: "sk-client", baseURL: `${gateway.url}/v1` });
 * await gateway.close();
 */
export async function startGateway(options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const input = typeof options.config === "string" ? await loadGatewayConfig(options.config) : parseGatewayConfig(options.config ?? {});
  const config = resolveGatewayConfig(input, options, options.env ?? process.env);
  const ownsLedger = options.ledger === undefined;
  const ledger = options.ledger ?? (await (await import("../stores/registry.js")).openLedger(config.db));
  const closeHooks: (() => Promise<void> | void)[] = [];
  let sink: Awaited<ReturnType<typeof startWorkerLedgerSink>>;
  try {
    const prices = options.prices ?? (await import("../pricing/index.js")).createPriceBook();
    // One counter store per gateway, shared by every guard policy and the admin API; closed after the policies' hooks (they run last-registered first).
    const counters = await (await import("../stores/counters-registry.js")).openCounters(config.counters);
    closeHooks.push(() => counters.close());
    const guard = createGuardState(counters, ledger);
    const policyServices: PolicyServices = { ledger, prices, counters, guard, onClose: (hook) => void closeHooks.unshift(hook) };
    const policies: Policy<CallContext>[] = [];
    for (const { name, options: policyOptions } of config.policies) {
      policies.push(await policyFactories[name].create(policyOptions as never, policyServices));
    }
    policies.push(...(options.policies ?? []));
    // SQLite inserts are synchronous: write them from a worker thread, off the request path.
    sink = ownsLedger && ledger.kind === "sqlite" && options.ledgerInWorker !== false ? await startWorkerLedgerSink(config.db) : undefined;
    const runtime = new GatewayRuntime(config, { ledger, prices, counters, guard, countText: options.countText ?? defaultTextCounter, ...(sink ? { sink } : {}) }, policies);
    await runtime.identifier.start();
    // The default counter loads its tokenizer (o200k_base, also behind the Claude and generic
    // estimates) on first use: ~150-300 ms of one synchronous require that would stall every call
    // in flight at the first request. Pay it before listening.
    if (options.countText === undefined) defaultTextCounter("warm up", "gpt-4o");
    const state = { draining: false };
    const server = createGatewayServer(runtime, state);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host.includes(":") ? `[${config.host}]` : config.host;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${host}:${port}`,
      port,
      config,
      runtime,
      close: () =>
        (closing ??= drainAndClose({ server, runtime, state, drainTimeoutMs: options.drainTimeoutMs ?? 30_000 }).finally(async () => {
          for (const hook of closeHooks) await hook();
          if (ownsLedger) await ledger.close();
        })),
    };
  } catch (error) {
    await sink?.close();
    for (const hook of closeHooks) await hook();
    if (ownsLedger) await ledger.close();
    throw error;
  }
}
