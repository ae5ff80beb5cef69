import type { Command } from "commander";
import type { RegisterCommand } from "./index.js";

function collectUpstream(value: string, previous: Record<string, string>): Record<string, string> {
  const separator = value.indexOf("=");
  if (separator <= 0) throw new Error(`--upstream takes NAME=URL, got ${value}`);
  return { ...previous, [value.slice(0, separator)]: value.slice(separator + 1) };
}

/**
 * `tokenomy gateway`: the OpenAI- and Anthropic-compatible metering proxy. Runs until SIGTERM or
 * SIGINT, then stops accepting, finishes in-flight calls, flushes the ledger and exits. Several
 * gateways given the same `--counters redis://...` and `--db postgres://...` act as replicas of
 * one group.
 */
export const registerGateway: RegisterCommand = (program: Command, run) => {
  program
    .command("gateway")
    .description("run the metering gateway (OpenAI clients: base URL http://HOST:PORT/v1; Anthropic clients: http://HOST:PORT)")
    .option("--port <port>", "port to listen on (default 8787; 0 picks a free one)")
    .option("--host <host>", "interface to bind (default 127.0.0.1)")
    .option("--db <target>", "ledger: a SQLite file or postgres://URL (default ./tokenomy.db)")
    .option("--counters <target>", "counters of budgets, rate limits and the loop guard: memory (default) or redis://HOST:PORT[?prefix=KEYPREFIX], shared by replicas")
    .option("--config <file>", "gateway config (YAML), see docs/gateway.md")
    .option("--upstream <name=url>", "base URL of a provider, e.g. openai=http://127.0.0.1:9000 (repeatable)", collectUpstream, {})
    .option("--admin-key <key>", "enables the admin API and virtual keys; prefer adminKey: env:NAME in the config")
    .option("--prices <file>", "price overrides file (YAML or JSON)")
    .action(
      run(async (options: { port?: string; host?: string; db?: string; counters?: string; config?: string; upstream: Record<string, string>; adminKey?: string; prices?: string }) => {
        const { TokenomyError } = await import("../../core/errors/index.js");
        const port = options.port === undefined ? undefined : Number(options.port);
        if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
          throw new TokenomyError("config_invalid", `--port must be a port number, not ${options.port}`);
        }
        const { startGateway } = await import("../../gateway/index.js");
        const { createPriceBook } = await import("../../pricing/index.js");
        const gateway = await startGateway({
          ...(options.config !== undefined ? { config: options.config } : {}),
          ...(port !== undefined ? { port } : {}),
          ...(options.host !== undefined ? { host: options.host } : {}),
          ...(options.db !== undefined ? { db: options.db } : {}),
          ...(options.counters !== undefined ? { counters: options.counters } : {}),
          ...(options.adminKey !== undefined ? { adminKey: options.adminKey } : {}),
          upstreams: options.upstream,
          prices: createPriceBook(options.prices ? { overrides: options.prices } : {}),
        });
        const providers = [...gateway.config.providers.values()].map((provider) => `${provider.name}=${provider.baseUrl}${provider.apiKey ? " (gateway key)" : " (client key)"}`);
        process.stdout.write(`tokenomy gateway listening on ${gateway.url} (ledger ${gateway.config.db}; counters ${gateway.config.counters.replace(/\/\/[^@/]*@/, "//***@")}; ${providers.join(", ")})\n`);
        await new Promise<void>((resolve) => {
          const stop = (signal: NodeJS.Signals) => {
            process.stdout.write(`tokenomy gateway: ${signal}, draining\n`);
            void gateway.close().then(() => {
              process.stdout.write("tokenomy gateway: stopped, ledger flushed\n");
              resolve();
            });
          };
          process.once("SIGTERM", stop);
          process.once("SIGINT", stop);
        });
      }),
    );
};
