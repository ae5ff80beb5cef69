import type { Server } from "node:http";
import type { GatewayRuntime } from "./runtime.js";

/**
 * Graceful stop: refuse new connections (and new requests on kept-alive ones, with 503 and
 * `connection: close`), let in-flight calls finish up to `drainTimeoutMs`, then flush the ledger.
 */
export async function drainAndClose(options: { server: Server; runtime: GatewayRuntime; state: { draining: boolean }; drainTimeoutMs: number }): Promise<void> {
  const { server, runtime, state } = options;
  state.draining = true;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = Date.now() + options.drainTimeoutMs;
  while (runtime.inFlight > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    server.closeIdleConnections();
  }
  // Answers already ended may still be on their way out: give idle sockets a moment to close.
  const grace = Date.now() + 1_000;
  let done = false;
  void closed.then(() => (done = true));
  while (!done && Date.now() < grace) {
    server.closeIdleConnections();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  server.closeAllConnections();
  await closed;
  await runtime.close();
}
