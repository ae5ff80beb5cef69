import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { BilledReport } from "./billing-ledger.js";
import { createEmulatorState, resetEmulatorState, type EmulatorOptions } from "./emulator-state.js";
import { createRequestHandler } from "./request-handler.js";

export interface RunningEmulator {
  /** Base URL without a path, e.g. `http://127.0.0.1:43123`: OpenAI clients add `/v1`, Anthropic clients use it as is. */
  url: string;
  port: number;
  /** Stops listening and drops every open connection, hanging ones included. */
  close(): Promise<void>;
  /** What the emulator billed so far (same as `GET /emulator/billed`). */
  billed(): BilledReport;
  /** Forgets billing, prompt caches and fault counters (same as `POST /emulator/reset`). */
  reset(): void;
}

/**
 * Starts the provider emulator: the OpenAI and Anthropic APIs on one port, deterministic answers,
 * real token counts, prompt caching, faults on demand, and a billing ledger.
 *
 * @example
 * const emulator = await startEmulator({ seed: 1 });
 * const openai = new OpenAI({ apiKey: "test", baseURL: `${emulator.url}/v1` });
 * const anthropic = new Anthropic({ apiKey: "test", baseURL: emulator.url });
 * // ... calls ...
 * emulator.billed().totals.output; // tokens generated
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state = createEmulatorState(options);
  const hanging = new Set<ServerResponse>();
  const handler = createRequestHandler(state, hanging);
  const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => void handler(request, response));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost === "0.0.0.0" ? "127.0.0.1" : urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    billed: () => state.ledger.report(),
    reset: () => resetEmulatorState(state),
  };
}
