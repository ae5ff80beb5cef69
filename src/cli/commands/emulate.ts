import type { Command } from "commander";
import type { RegisterCommand } from "./index.js";

function number(name: string, text: string | undefined, minimum: number, maximum = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < minimum || value > maximum) throw new RangeError(`--${name} must be a number from ${minimum} to ${maximum}, not ${text}`);
  return value;
}

function faultRates(text: string | undefined): Record<string, number> {
  if (!text) return {};
  const rates: Record<string, number> = {};
  for (const pair of text.split(",")) {
    const [kind = "", rate = ""] = pair.split("=");
    rates[kind.trim()] = number("fault-rates", rate, 0, 1) ?? 0;
  }
  return rates;
}

/**
 * `tokenomy emulate`: serves the OpenAI and Anthropic APIs with deterministic answers, real token
 * counts, prompt caching and injectable faults, for tests, demos and cost-free load tests.
 * Runs until SIGTERM or SIGINT.
 */
export const registerEmulate: RegisterCommand = (program: Command, run) => {
  program
    .command("emulate")
    .description("run the provider emulator (OpenAI clients: base URL http://HOST:PORT/v1; Anthropic clients: http://HOST:PORT)")
    .option("--port <port>", "port to listen on (default 8788; 0 picks a free one)")
    .option("--host <host>", "interface to bind (default 127.0.0.1)")
    .option("--seed <seed>", "seed of the answers (default 0)")
    .option("--latency-ttft-ms <ms>", "time to first token in milliseconds (default 0)")
    .option("--tokens-per-second <rate>", "generation speed after the first token (default 0: instantaneous)")
    .option("--fault-rates <list>", "random faults per request, e.g. 429=0.01,500=0.005,cut=0.01 (kinds: 429, 500, 529, timeout, cut, malformed)")
    .option("--retry-after <seconds>", "retry-after of injected 429 and 529 responses (default 1)")
    .action(
      run(async (options: { port?: string; host?: string; seed?: string; latencyTtftMs?: string; tokensPerSecond?: string; faultRates?: string; retryAfter?: string }) => {
        const { startEmulator, tuneProcessForEmulator, FAULT_KINDS } = await import("../../emulator/index.js");
        const rates = faultRates(options.faultRates);
        for (const kind of Object.keys(rates)) {
          if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new RangeError(`--fault-rates: unknown fault ${kind} (kinds: ${FAULT_KINDS.join(", ")})`);
        }
        tuneProcessForEmulator();
        const emulator = await startEmulator({
          port: number("port", options.port, 0, 65535) ?? 8788,
          host: options.host ?? "127.0.0.1",
          seed: number("seed", options.seed, 0) ?? 0,
          latency: { timeToFirstTokenMs: number("latency-ttft-ms", options.latencyTtftMs, 0) ?? 0, tokensPerSecond: number("tokens-per-second", options.tokensPerSecond, 0) ?? 0 },
          faultRates: rates,
          retryAfterSeconds: number("retry-after", options.retryAfter, 0) ?? 1,
        });
        process.stdout.write(`tokenomy emulate listening on ${emulator.url} (OpenAI: ${emulator.url}/v1, Anthropic: ${emulator.url}; billing: ${emulator.url}/emulator/billed)\n`);
        await new Promise<void>((resolve) => {
          const stop = () => void emulator.close().then(resolve);
          process.once("SIGTERM", stop);
          process.once("SIGINT", stop);
        });
      }),
    );
};
